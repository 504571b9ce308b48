"""Building a copy of the content in this process, as make html does, without paying for a
new Python and Pelican's imports on every case (about a second each)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from build import ROOT, build, write_settings


@dataclass
class Outcome:
    """What an editor sees of a build: its exit status and its messages."""

    returncode: int
    stdout: str
    stderr: str


def build_in_process(settings: Path, output: Path) -> Outcome:
    """The one build function (scripts/build.py), called here (it makes warnings fatal only
    while it runs)."""
    result = build(settings, output)
    return Outcome(0 if result.ok else 1, "", "\n".join(result.messages))


def build_content(
    content: Path, output: Path, base: str = "pelicanconf", env: dict[str, str] | None = None
) -> Outcome:
    """Build `content` with the project's settings (`base`). In this process, unless the
    build depends on the environment (publishconf.py reads SITEURL when first imported):
    then through scripts/build.py, exactly as make publish runs it."""
    settings = write_settings(content.parent / f"{base}-test.py", content, base)
    if base == "pelicanconf" and env is None:
        return build_in_process(settings, output)
    command = [sys.executable, str(ROOT / "scripts" / "build.py"), "--settings", str(settings)]
    done = subprocess.run(
        [*command, "--output", str(output)], capture_output=True, text=True, env=env
    )
    return Outcome(done.returncode, done.stdout, done.stderr)
