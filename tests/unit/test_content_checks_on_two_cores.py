"""The content checks of many files (a build from nothing) run on two cores: what they find is
what one core finds, and an error in the forked half is raised in the build's process."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from build import ROOT, write_settings
from content_checks import cache, content_checks, cores


def settings_for(content: Path) -> dict:
    from figures.figures import load
    from pelican.settings import read_settings

    settings = read_settings(str(write_settings(content.parent / "conf.py", content)))
    for name, value in content_checks.DEFAULTS.items():
        settings.setdefault(name, value)
    load(SimpleNamespace(settings=settings))
    return {**settings, "CACHE_CONTENT": False}


def test_many_files_checked_on_two_cores_give_what_one_core_gives(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    # Problems of several kinds in several files, so each half has some to send back.
    for number, page in enumerate(sorted(content.rglob("*.md"))):
        text = page.read_text(encoding="utf-8")
        page.write_text(text + f"\nCall 0161 496 {number:04d} for help.\n")
    settings = settings_for(content)
    found, forked = {}, []
    real = cores.on_two_cores
    monkeypatch.setattr(cores, "on_two_cores", lambda *a: forked.append(a) or real(*a))
    for name, split_from in (("one core", 10**9), ("two cores", 0)):
        monkeypatch.setattr(content_checks, "_CACHE", cache.ResultCache())
        monkeypatch.setattr(content_checks, "SPLIT_FROM", split_from)
        found[name] = content_checks.check_content(content, settings)
    problems, count = found["one core"]
    assert count >= 30 and len(problems) >= count  # a problem in every file at least
    assert found["two cores"] == found["one core"]
    assert len(forked) == 1  # the second run only


def test_an_error_in_the_forked_half_is_raised_here_and_nothing_is_printed(capfd):
    assert cores.on_two_cores(lambda part: 10 // part, 5, 2) == (2, 5)
    with pytest.raises(ZeroDivisionError):
        cores.on_two_cores(lambda part: 10 // part, 5, 0)
    assert capfd.readouterr() == ("", "")  # no traceback from the child on the screen
