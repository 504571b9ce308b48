"""The installed packages (part of what Pelican's content cache and the nothing-changed check
are made with) are read once, then kept in the cache by the times of the folders Python
finds packages in: a new process (make html) does not read them again (0.2 s a build)."""

from __future__ import annotations

import os

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


def test_the_folders_are_those_holding_packages_not_the_projects_own(tmp_path, monkeypatch):
    """A build adds and removes its staging folder in the project's folder, which is on
    Python's path: that is no change to what is installed."""
    project, packages = tmp_path / "project", tmp_path / "site-packages"
    project.mkdir()
    (packages / "pelican-4.12.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr("sys.path", [str(project), "", str(packages)])
    monkeypatch.chdir(project)
    for folder in (project, packages):  # long ago: any change below moves the time
        os.utime(folder, ns=(10**9, 10**9))
    before = incremental.package_folders()
    assert [folder for folder, _ in before] == [str(packages)]
    (project / ".output.new-x").mkdir()  # a build's staging folder
    assert incremental.package_folders() == before
    (packages / "rich-14.0.0.dist-info").mkdir()  # a package installed
    assert incremental.package_folders() != before
