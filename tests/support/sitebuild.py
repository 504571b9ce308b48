"""The real site, built once per test run into a temporary folder.

The build goes through scripts/build.py (the same path as `make html`), with Pelican's
`--fatal warnings`, so a site that would not build fails every test that needs it. The
pytest-xdist workers of one run share the folder: the first to need a build makes it, under a
lock, and the other reads it (tests only read the built site).
"""

from __future__ import annotations

import fcntl
import functools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from support.sitecheck import Site

ROOT = Path(__file__).resolve().parents[2]
# At least this much free memory in /dev/shm for the tests' scratch folders to go there: a run
# needs under 100 MB at once, and Chromium needs the rest (a container's default is 64 MB).
IN_MEMORY_FREE = 2 * 1024**3


def scratch_in_memory(shm: Path = Path("/dev/shm")) -> Path | None:
    """The folder for every temporary file of the run (TMPDIR, which pytest's tmp_path, these
    builds, the web servers' folders and Chromium's profiles all follow): in memory, under
    `shm`, when the machine has one with room to spare and TMPDIR is not set already. The
    suite makes and removes tens of thousands of small files; on this machine's disk (ext4
    mounted with `discard`) that cost a whole run 27 s of processor time and 13 s of its
    wall time (docs/performance.md, "Wave 3's fifth session")."""
    if os.environ.get("TMPDIR") or not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    found = os.statvfs(shm)
    if found.f_bavail * found.f_frsize < IN_MEMORY_FREE:
        return None
    folder = shm / f"stop-it-now-tests-{os.getuid()}"
    try:
        # 0755, as /tmp is searchable: the web servers' workers (www-data) reach their
        # folders through it (support/webservers.py); every folder made in it is 0700.
        folder.mkdir(exist_ok=True)
        mine = folder.lstat()
        if folder.is_symlink() or mine.st_uid != os.getuid():
            return None  # made by someone else: not a safe place
        folder.chmod(0o755)
    except OSError:
        return None
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # tempfile reads TMPDIR again
    return folder


scratch_in_memory()
# One folder per run: made by the first process to import this (pytest itself, before it
# starts pytest-xdist's workers, which inherit the variable and so share the folder).
TMP = Path(os.environ.get("SITE_TESTS_TMP") or tempfile.mkdtemp(prefix="site-tests-"))
os.environ["SITE_TESTS_TMP"] = str(TMP)


# The addresses of the publish builds the tests check: at the root of a domain, and under a
# sub-path as a GitHub Pages project site (the one the browser checks run on).
ROOT_URL = "https://campaigns.example.org"
SUB_PATH_URL = "https://example.org/campaigns"
PUBLISHED_AT = [ROOT_URL, SUB_PATH_URL]


@functools.cache
def built_site(settings: str = "pelicanconf.py", siteurl: str = "") -> Site:
    """Build the site with `settings` (and SITEURL for publishconf.py) once per session;
    fail loudly if the build fails."""
    name = Path(settings).stem + (
        "-" + siteurl.split("//")[-1].replace("/", "_") if siteurl else ""
    )
    output = TMP / name / "output"
    (TMP / name).mkdir(parents=True, exist_ok=True)
    with open(TMP / name / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits here while this one builds
        if not (TMP / name / "built").exists():
            build_once(settings, siteurl, output)
            (TMP / name / "built").touch()
    return Site(output, siteurl + "/") if siteurl else Site(output)


def published_site() -> Site:
    """The publish build under a sub-path."""
    return built_site("publishconf.py", SUB_PATH_URL)


def build_once(settings: str, siteurl: str, output: Path) -> None:
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
