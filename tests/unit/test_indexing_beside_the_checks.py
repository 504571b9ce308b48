"""Pagefind runs beside the checks of the built pages (scripts/build_steps/search_index.py):
its bundle is written apart from the staging folder and moved in when it is done, it is
stopped when the build fails, and it dies with a build that is killed."""

from __future__ import annotations

import os
import shutil
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
    found = started(pid_file, 200)
    if found is None:
        raise AssertionError("the stand-in for Pagefind never started")
    return found


def started(pid_file: Path, tries: int = 50) -> int | None:
    """The stand-in's process id, once it has written it; None if it has not by then."""
    for _ in range(tries):
        if pid_file.is_file() and pid_file.read_text().strip():
            return int(pid_file.read_text())
        time.sleep(0.01)
    return None


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")
def test_pagefind_dies_with_a_build_that_is_killed(slow_pagefind, tmp_path):
    """Killed at once, several times: a build killed before setpriv had set the death signal
    must not leave Pagefind running either (it then never starts)."""
    site = tmp_path / ".output.new-x"
    site.mkdir()
    for _ in range(3):
        slow_pagefind.unlink(missing_ok=True)
        child = os.fork()
        if child == 0:  # the build: starts Pagefind, then is killed (no clean-up of any kind)
            try:
                search_index.start_indexing(site, apart=True)
            finally:
                os.kill(os.getpid(), signal.SIGKILL)
        os.waitpid(child, 0)
        pid = started(slow_pagefind)
        if pid is None:
            continue  # the build was gone before Pagefind would have started
        for _ in range(100):
            if not running(pid):
                break
            time.sleep(0.01)
        alive = running(pid)
        if alive:
            os.kill(pid, signal.SIGKILL)
        assert not alive, "Pagefind went on running on the staging folder after the build died"


@pytest.mark.skipif(not shutil.which("setpriv"), reason="setpriv is util-linux's (Linux)")
def test_pagefind_does_not_start_once_its_build_is_gone(slow_pagefind, tmp_path, monkeypatch):
    """As if the build had died before setpriv set the death signal: the process that
    started Pagefind is no longer its parent, and Pagefind never starts."""
    site = tmp_path / ".output.new-x"
    site.mkdir()
    monkeypatch.setattr(search_index.os, "getpid", lambda: 1)  # not the parent it will have
    indexing = search_index.start_indexing(site, apart=True)
    assert indexing.process.wait(timeout=10) != 0
    assert started(slow_pagefind) is None


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


def site_with_bundle(folder: Path) -> Path:
    (folder / "pagefind" / "fragment").mkdir(parents=True)
    (folder / "pagefind" / "pagefind.js").write_text("// the bundle's own script")
    (folder / "pagefind" / "fragment" / "en_1.pf_fragment").write_bytes(b"words")
    (folder / "index.html").write_text("<p>A page</p>")
    return folder


def test_the_last_sites_bundle_is_kept_for_the_next_build_only_when_it_is_its_own(tmp_path):
    """Pagefind writes its own few files again in place: a bundle linked into the live site
    (as the preview links the last one) is never handed to it."""
    from build_steps import atomic_output

    output = tmp_path / "output"
    old = site_with_bundle(tmp_path / ".output.new-a")
    atomic_output.retire(old, output)
    spare = tmp_path / ".output.spare"
    assert not old.exists() and (spare / "fragment" / "en_1.pf_fragment").read_bytes() == b"words"
    staging = tmp_path / ".output.new-b"
    staging.mkdir()
    atomic_output.adopt_spare(output, staging)
    assert (staging / "pagefind" / "pagefind.js").is_file() and not spare.exists()

    shared = site_with_bundle(tmp_path / ".output.new-c")
    os.link(shared / "pagefind" / "pagefind.js", tmp_path / "live-pagefind.js")
    atomic_output.retire(shared, output)
    assert not shared.exists() and not spare.exists()


def test_without_a_spare_the_live_bundle_is_copied_never_shared(tmp_path):
    """The first build after one from nothing has no spare: Pagefind is handed a copy of the
    live site's bundle, new files each, so nothing it writes reaches output/; a link in the
    live bundle is not copied."""
    from build_steps import atomic_output

    output = site_with_bundle(tmp_path / "output")
    (output / "pagefind" / "elsewhere.js").symlink_to(tmp_path / "outside.js")
    (tmp_path / "outside.js").write_text("// not the site's")
    staging = tmp_path / ".output.new-a"
    staging.mkdir()
    atomic_output.adopt_spare(output, staging)
    for name in ("pagefind.js", "fragment/en_1.pf_fragment"):
        copied, live = staging / "pagefind" / name, output / "pagefind" / name
        assert copied.read_bytes() == live.read_bytes()
        assert copied.stat().st_ino != live.stat().st_ino and live.stat().st_nlink == 1
    assert not (staging / "pagefind" / "elsewhere.js").exists()
    assert not (staging / "pagefind" / "elsewhere.js").is_symlink()


def test_a_build_that_has_met_a_problem_does_not_start_its_search_index(tmp_path, monkeypatch):
    """Pagefind starts when the pages are written, unless the build has already met a
    problem (it will fail; the bad-input tests build hundreds of such sites)."""
    import build
    from support.building import build_in_process, minimal_content

    started: list[Path] = []
    real = build.start_indexing
    monkeypatch.setattr(
        build, "start_indexing", lambda site, **k: started.append(site) or real(site, **k)
    )
    content = minimal_content(tmp_path / "content")
    settings = build.write_settings(tmp_path / "settings.py", content)
    assert build_in_process(settings, tmp_path / "output").returncode == 0
    assert len(started) == 1
    page = content / "pages" / "privacy.md"
    page.write_text(page.read_text().replace("title:", "date: 2019-13-45\ntitle:", 1))
    failed = build_in_process(settings, tmp_path / "output")
    assert failed.returncode == 1 and "content/pages/privacy.md" in failed.stderr
    assert len(started) == 1, "Pagefind started for a build that had already failed"
