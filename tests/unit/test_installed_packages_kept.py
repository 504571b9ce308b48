"""The installed packages (part of what Pelican's content cache and the nothing-changed check
are made with) are read once, then kept in the cache by the times of the folders Python
finds packages in: a new process (make html) does not read them again (0.2 s a build)."""

from __future__ import annotations

import pytest
from incremental import incremental


def test_the_packages_are_kept_by_the_times_of_their_folders(tmp_path, monkeypatch):
    folders = (("/a/site-packages", 1), ("/b", 2))
    first = incremental.installed_packages(folders, tmp_path)
    monkeypatch.setattr(incremental, "_PACKAGES", {})  # as a new process: only the file
    assert "pelican=4.12.0;" in first.lower()
    monkeypatch.setattr(incremental, "_installed_packages", lambda f: pytest.fail("read again"))
    assert incremental.installed_packages(folders, tmp_path) == first
    read_again = []
    monkeypatch.setattr(incremental, "_installed_packages", lambda f: read_again.append(f) or "x")
    changed = (("/a/site-packages", 3), ("/b", 2))  # a package installed, say
    assert (tmp_path / "installed-packages.json").is_file()
    assert incremental.installed_packages(changed, tmp_path) == "x" and read_again == [changed]
