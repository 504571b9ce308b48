"""Pagefind runs beside the checks of the built pages (scripts/build_steps/search_index.py):
its bundle is written apart from the staging folder and moved in when it is done, it is
stopped when the build fails, and it dies with a build that is killed."""

from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path

import pytest
from build_steps import search_index


@pytest.fixture
def slow_pagefind(tmp_path, monkeypatch) -> Path:
    """A stand-in for Pagefind that writes its process id and then runs for a minute."""
    program = tmp_path / "pagefind"
    program.write_text('#!/bin/sh\necho $$ > "$PIDFILE"\nexec sleep 60\n')
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(search_index, "pagefind", lambda: str(program))
    monkeypatch.setenv("PIDFILE", str(tmp_path / "pid"))
    return tmp_path / "pid"


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def written(pid_file: Path) -> int:
    for _ in range(200):
        if pid_file.is_file() and pid_file.read_text().strip():
            return int(pid_file.read_text())
        time.sleep(0.01)
    raise AssertionError("the stand-in for Pagefind never started")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")
def test_pagefind_dies_with_a_build_that_is_killed(slow_pagefind, tmp_path):
    site = tmp_path / ".output.new-x"
    site.mkdir()
    child = os.fork()
    if child == 0:  # the build: starts Pagefind, then is killed (no clean-up of any kind)
        search_index.start_indexing(site, apart=True)
        os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(child, 0)
    pid = written(slow_pagefind)
    for _ in range(100):
        if not running(pid):
            break
        time.sleep(0.01)
    alive = running(pid)
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "Pagefind went on running on the staging folder after the build died"


def test_a_failed_build_stops_pagefind_and_removes_its_bundle(slow_pagefind, tmp_path):
    site = tmp_path / ".output.new-x"
    site.mkdir()
    indexing = search_index.start_indexing(site, apart=True)
    assert indexing.bundle == tmp_path / ".output.new-x-index"  # a leftover if killed
    assert not indexing.bundle.is_relative_to(site)  # the checks see only Pelican's files
    indexing.bundle.mkdir()
    pid = written(slow_pagefind)
    search_index.stop_indexing(indexing)
    assert not running(pid) and not indexing.bundle.exists()
