"""Shared fixtures: the real site, built once per session (tests/sitebuild.py), and every
HTML page of it as the `page` parameter."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitebuild import TMP, built_site
from sitecheck import Site


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(TMP, ignore_errors=True)


@pytest.fixture(scope="session")
def site() -> Site:
    return built_site()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `page` over every HTML page of the built site, the page's path as the id."""
    if "page" in metafunc.fixturenames:
        pages = built_site().pages
        metafunc.parametrize("page", pages, ids=[p.path for p in pages])
