"""Where the tests' temporary files go (tests/support/sitebuild.py): in memory when the machine
has room there and nobody chose otherwise, else where tempfile would put them."""

from __future__ import annotations

import os
import tempfile

import pytest
from support import sitebuild


@pytest.fixture
def unset(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No TMPDIR, and tempfile's choice put back after the test."""
    monkeypatch.delenv("TMPDIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)
    return monkeypatch


def test_the_scratch_goes_in_memory_when_there_is_room(unset, tmp_path):
    folder = sitebuild.scratch_in_memory(tmp_path)
    assert folder == tmp_path / f"stop-it-now-tests-{os.getuid()}"
    assert os.environ["TMPDIR"] == str(folder)
    assert tempfile.gettempdir() == str(folder)
    assert folder.stat().st_mode & 0o777 == 0o755  # the web servers' workers pass through it


def test_a_chosen_tmpdir_is_kept(unset, tmp_path):
    unset.setenv("TMPDIR", str(tmp_path / "chosen"))
    assert sitebuild.scratch_in_memory(tmp_path) is None
    assert os.environ["TMPDIR"] == str(tmp_path / "chosen")


def test_too_little_room_leaves_the_scratch_on_disk(unset, tmp_path):
    free = os.statvfs(tmp_path)
    unset.setattr(sitebuild, "IN_MEMORY_FREE", free.f_bavail * free.f_frsize * 2 + 1)
    assert sitebuild.scratch_in_memory(tmp_path) is None
    assert "TMPDIR" not in os.environ


def test_no_such_place_leaves_the_scratch_on_disk(unset, tmp_path):
    assert sitebuild.scratch_in_memory(tmp_path / "no-shm") is None
    assert "TMPDIR" not in os.environ


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give the folder to another user")
def test_a_folder_someone_else_made_is_not_used(unset, tmp_path):
    theirs = tmp_path / f"stop-it-now-tests-{os.getuid()}"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)
    assert sitebuild.scratch_in_memory(tmp_path) is None
    assert "TMPDIR" not in os.environ


def test_a_symbolic_link_in_its_place_is_not_followed(unset, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / f"stop-it-now-tests-{os.getuid()}").symlink_to(tmp_path / "elsewhere")
    assert sitebuild.scratch_in_memory(tmp_path) is None
    assert "TMPDIR" not in os.environ
