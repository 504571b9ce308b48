"""Shared fixtures: the real site, built once per test session into a temporary folder.

The build goes through scripts/build.py (the same path as `make html`), with Pelican's
`--fatal warnings`, so a site that would not build fails every test that needs it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sitecheck import Site  # noqa: E402

_TMP = Path(tempfile.mkdtemp(prefix="site-tests-"))


@functools.cache
def built_site(settings: str = "pelicanconf.py", siteurl: str = "") -> Site:
    """Build the site with `settings` (and SITEURL for publishconf.py) once per session;
    fail loudly if the build fails."""
    name = Path(settings).stem + (
        "-" + siteurl.split("//")[-1].replace("/", "_") if siteurl else ""
    )
    output = _TMP / name / "output"
    env = {**os.environ, "SITEURL": siteurl} if siteurl else {**os.environ}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build.py"),
            "--settings",
            str(ROOT / settings),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if result.returncode != 0:
        raise RuntimeError(f"The site did not build:\n{result.stdout}\n{result.stderr}")
    return Site(output, siteurl + "/") if siteurl else Site(output)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_TMP, ignore_errors=True)


@pytest.fixture(scope="session")
def site() -> Site:
    return built_site()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `page` over every HTML page of the built site, the page's path as the id."""
    if "page" in metafunc.fixturenames:
        pages = built_site().pages
        metafunc.parametrize("page", pages, ids=[p.path for p in pages])
