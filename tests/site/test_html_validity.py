"""The W3C Nu HTML Checker (vnu) over every page: zero errors.

vnu runs once per session over all the HTML files (each run pays the JVM's start-up).
Its exit code is 1 both for "errors found" and for a crash, so the JSON is parsed, and
output that does not parse is a failure, never a pass.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "invalid-html" / "invalid.html"


class VnuOutputError(RuntimeError):
    """vnu crashed or printed something that is not its JSON report."""


def parse_report(stdout: str) -> dict[str, list[str]]:
    """{file path: ["line L, column C: message", ...]} from vnu's JSON output."""
    try:
        report = json.loads(stdout)
        messages = report["messages"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise VnuOutputError(f"vnu's output is not its JSON report: {stdout[:300]!r}") from error
    by_file: dict[str, list[str]] = {}
    for message in messages:
        if message.get("type") == "non-document-error":
            raise VnuOutputError(f"vnu could not check a file: {message}")
        path = message.get("url", "").removeprefix("file:")
        by_file.setdefault(path, []).append(
            f"line {message.get('lastLine')}, column {message.get('firstColumn')}: {message.get('message')}"
        )
    return by_file


def run_vnu(files: list[Path]) -> dict[str, list[str]]:
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run make test, which installs the pinned npm tools")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: install default-jre-headless (make test does it as root)")
    result = subprocess.run(
        [
            java,
            "-Xss4m",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):
        raise VnuOutputError(f"vnu exited with {result.returncode}: {result.stderr[:300]}")
    return parse_report(result.stdout)


@functools.cache
def site_report(root: Path) -> dict[str, list[str]]:
    return run_vnu(sorted(root.rglob("*.html")))


def test_every_page_is_valid_html(page, site):
    errors = site_report(site.root).get(str((site.root / page.path).resolve()), [])
    assert errors == [], "\n".join(errors)


def test_vnu_reports_the_errors_in_an_invalid_page():
    report = run_vnu([FIXTURE])
    messages = "\n".join(report[str(FIXTURE)])
    assert "Duplicate ID" in messages
    assert "Element “div” not allowed as child of element “span”" in messages


@pytest.mark.parametrize("output", ["", "Exception in thread main", '{"no": "messages"}'])
def test_output_that_is_not_vnus_report_is_a_failure(output):
    with pytest.raises(VnuOutputError):
        parse_report(output)
