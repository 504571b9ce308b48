"""The W3C Nu HTML Checker (vnu) over every page: zero errors.

vnu runs once per run of the suite, over every HTML file of the development build, of both
publish builds (tests/site/test_publish.py) and the invalid fixture: each run pays the JVM's
start-up, so the two pytest-xdist workers share the one report (a file in the run's folder,
made under a lock by the first to need it).
Its exit code is 1 both for "errors found" and for a crash, so its JSON report is parsed,
and output that is not that report is a failure, never a pass. A missing Java or vnu.jar
fails too: the check is never skipped.
"""

from __future__ import annotations

import fcntl
import functools
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from support.sitebuild import PUBLISHED_AT, ROOT, TMP, built_site

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "invalid-html" / "invalid.html"


class VnuOutputError(RuntimeError):
    """vnu crashed, could not read a file, or printed something that is not its JSON report."""


def message_text(message: dict) -> str:
    """'line L, column C: message' and the extract of the source it is about."""
    line = message.get("lastLine", message.get("firstLine", "?"))
    column = message.get("firstColumn", message.get("lastColumn", "?"))
    text = f"line {line}, column {column}: {message.get('message', '(no message)')}"
    extract = " ".join(str(message.get("extract", "")).split())
    return f"{text}\n    {extract}" if extract else text


def parse_report(stdout: str) -> dict[str, list[str]]:
    """{absolute file path: ["line L, column C: message ...", ...]} from vnu's JSON output;
    files without errors are absent. Raises VnuOutputError if the output is not the report."""
    try:
        messages = json.loads(stdout)["messages"]
        if not isinstance(messages, list):
            raise TypeError("messages is not a list")
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise VnuOutputError(f"vnu's output is not its JSON report: {stdout[:300]!r}") from error
    by_file: dict[str, list[str]] = {}
    for message in messages:
        if not isinstance(message, dict) or message.get("type") == "non-document-error":
            raise VnuOutputError(f"vnu could not check a file: {message}")
        url = message.get("url")
        if not url or not url.startswith("file:"):
            raise VnuOutputError(f"vnu reported an error on no file: {message}")
        path = unquote(urlsplit(url).path)
        by_file.setdefault(path, []).append(message_text(message))
    return by_file


def run_vnu(files: list[Path]) -> dict[str, list[str]]:
    """vnu --errors-only over `files`, once: {absolute path: [error, ...]}."""
    if not files:
        pytest.fail("there are no HTML files to check")
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run make test, which installs the pinned npm tools")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: apt-get install default-jre-headless (make test does it)")
    result = subprocess.run(
        [
            java,
            "-Xss4m",  # vnu overflows the default stack on deeply nested pages
            # The quick compiler only: for a run of seconds, the optimising one costs more CPU
            # than it saves (on the site: 2.5 s of CPU to 1.0 s, and 1.5 s to 0.9 s of time).
            "-XX:TieredStopAtLevel=1",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *(str(f.resolve()) for f in files),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):
        raise VnuOutputError(f"vnu exited with {result.returncode}: {result.stderr[:300]}")
    return parse_report(result.stdout)


@functools.cache
def report() -> tuple[list[str], dict[str, list[str]]]:
    """(the files checked, {file: [error, ...]}) of the one vnu run."""
    cache, lock_file = TMP / "vnu-report.json", TMP / "vnu-report.lock"
    with open(lock_file, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cache.exists():
            roots = [built_site().root] + [
                built_site("publishconf.py", url).root for url in PUBLISHED_AT
            ]
            files = [str(f.resolve()) for root in roots for f in sorted(root.rglob("*.html"))]
            files.append(str(FIXTURE))
            cache.write_text(json.dumps([files, run_vnu([Path(f) for f in files])]))
        files, errors = json.loads(cache.read_text())
    return files, errors


def site_report(root: Path) -> dict[str, list[str]]:
    """The errors in the built site at `root`, by file."""
    inside = str(root.resolve()) + "/"
    return {file: errors for file, errors in report()[1].items() if file.startswith(inside)}


def fixture_errors() -> list[str]:
    return report()[1].get(str(FIXTURE), [])


def test_every_page_is_valid_html(page, site):
    errors = site_report(site.root).get(str((site.root / page.path).resolve()), [])
    assert errors == [], f"{page.path}:\n" + "\n".join(errors)


def test_every_file_vnu_reports_on_is_a_page_of_the_site(site):
    """Else a page's errors would be filed under a path its test never looks up."""
    files, errors = report()
    assert set(errors) - set(files) == set()
    pages = {str((site.root / p.path).resolve()) for p in site.pages}
    assert set(site_report(site.root)) - pages == set()
    assert pages <= set(files)


def test_vnu_reports_every_error_in_an_invalid_page():
    errors = "\n".join(fixture_errors())
    assert "Duplicate ID “a”" in errors
    assert "Element “div” not allowed as child of element “span”" in errors


def test_vnu_errors_name_their_line_and_column():
    errors = fixture_errors()
    assert errors[0].startswith("line 3, column ")


def test_a_report_without_errors_parses_to_no_errors():
    assert parse_report('{"messages": []}') == {}


@pytest.mark.parametrize(
    "output",
    [
        "",
        "Exception in thread main java.lang.StackOverflowError",
        '{"no": "messages"}',
        '{"messages": "none"}',
        '{"messages": [{"type": "non-document-error", "url": "file:/x.html", "message": "IO"}]}',
        '{"messages": [{"type": "error", "message": "an error on no file"}]}',
        '{"messages": [',
    ],
    ids=[
        "empty",
        "java-crash",
        "no-messages",
        "messages-not-a-list",
        "file-not-checked",
        "error-without-file",
        "truncated",
    ],
)
def test_output_that_is_not_vnus_report_is_a_failure(output):
    with pytest.raises(VnuOutputError):
        parse_report(output)
