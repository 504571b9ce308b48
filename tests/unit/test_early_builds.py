"""The builds a run starts before pytest collects (tests/support/sitebuild.py, start_early):
built_site() waits for one and uses it, builds again itself when one failed, and a run that
ends first stops them. Here with a stand-in for scripts/build.py, so no site is built."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from support import sitebuild

# Writes an index page into its output folder after a moment, or exits with 1 if told to fail.
STAND_IN = """import pathlib, sys, time
time.sleep(float(sys.argv[2]))
if sys.argv[3] == "fail":
    sys.exit(1)
pathlib.Path(sys.argv[1]).mkdir(parents=True)
(pathlib.Path(sys.argv[1]) / "index.html").write_text("built early")
"""


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The run's folder in tmp_path; builds by STAND_IN; what build_once was asked to build."""
    monkeypatch.setattr(sitebuild, "TMP", tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(sitebuild, "build_once", lambda settings, *_: asked.append(settings))

    def behave(seconds: float, outcome: str) -> list[str]:
        monkeypatch.setattr(
            sitebuild,
            "build_command",
            lambda settings, output: ["-c", STAND_IN, str(output), str(seconds), outcome],
        )
        return asked

    return behave


def test_a_site_being_built_early_is_waited_for_and_not_built_again(stand_in):
    asked = stand_in(0.5, "build")
    started = sitebuild.start_early([("pelicanconf.py", "")])
    assert len(started) == 1
    site = sitebuild.built_site.__wrapped__("pelicanconf.py", "")
    assert (site.root / "index.html").read_text() == "built early"
    assert asked == []  # waited on the lock, found the mark
    sitebuild.stop_early(started)


def test_a_failed_early_build_is_built_again_where_its_message_is_reported(stand_in):
    asked = stand_in(0.1, "fail")
    started = sitebuild.start_early([("pelicanconf.py", "")])
    sitebuild.built_site.__wrapped__("pelicanconf.py", "")
    assert asked == ["pelicanconf.py"]
    sitebuild.stop_early(started)


def test_a_site_built_already_is_not_started_again(stand_in, tmp_path):
    stand_in(0, "build")
    (sitebuild.site_folder("pelicanconf.py", "") / "built").touch()
    assert sitebuild.start_early([("pelicanconf.py", "")]) == []


def test_builds_still_running_when_the_run_ends_are_stopped_with_their_shell(stand_in):
    stand_in(60, "build")
    started = sitebuild.start_early([("pelicanconf.py", "")])
    time.sleep(0.3)  # the shell has started the build
    children = [
        int(pid)
        for pid in os.listdir("/proc")
        if pid.isdigit() and _parent(int(pid)) == started[0].pid
    ]
    assert children, "the shell started no build"
    began = time.monotonic()
    sitebuild.stop_early(started)
    assert time.monotonic() - began < 5
    time.sleep(0.1)
    assert all(not Path(f"/proc/{pid}").exists() or _zombie(pid) for pid in children)


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.parametrize(
    ("args", "needed"),
    [
        (["tests"], True),
        (["tests/browser/test_header.py::test_x"], True),
        (["tests/unit"], False),
        (["tests/unit", "tests/site"], True),
    ],
)
def test_the_builds_start_early_only_for_runs_that_collect_the_page_layers(args, needed):
    root = Path(__file__).parents[2]
    assert sitebuild.needs_the_sites(args, root) is needed
    # The same run started from inside tests/.
    inside = [str(Path(a).relative_to("tests")) for a in args]
    assert sitebuild.needs_the_sites(inside, root / "tests") is needed
