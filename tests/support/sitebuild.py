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
import signal
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
    mounted with `discard`) that cost a whole run about 9 s of processor time and 5 s of its
    wall time, in alternating runs (docs/performance.md, "Wave 3's fifth session")."""
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


def site_folder(settings: str, siteurl: str) -> Path:
    """Where the build of `settings` at `siteurl` is kept for the run, with its lock."""
    name = Path(settings).stem + (
        "-" + siteurl.split("//")[-1].replace("/", "_") if siteurl else ""
    )
    folder = TMP / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@functools.cache
def built_site(settings: str = "pelicanconf.py", siteurl: str = "") -> Site:
    """Build the site with `settings` (and SITEURL for publishconf.py) once per session;
    fail loudly if the build fails."""
    folder = site_folder(settings, siteurl)
    output = folder / "output"
    with open(folder / "lock", "w") as lock:
        # The other worker, or a build started early (start_early), holds it while it builds.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "built").exists():
            build_once(settings, siteurl, output)
            (folder / "built").touch()
    return Site(output, siteurl + "/") if siteurl else Site(output)


# The layers whose tests take the built pages as parameters (conftest's pytest_generate_tests).
PAGE_LAYERS = [ROOT / "tests" / name for name in ("browser", "site", "servers")]


def needs_the_sites(args: list[str], folder: Path) -> bool:
    """Whether pytest's `args` (given in `folder`) collect tests of the PAGE_LAYERS."""
    for arg in args:
        path = (folder / arg.split("::", 1)[0]).resolve()
        for layer in PAGE_LAYERS:
            if path == layer or layer in path.parents or path in layer.parents:
                return True
    return False


# The builds every whole run needs first: the pages of both are the parameters of the browser
# and site layers, so pytest cannot collect those tests without them.
FIRST_BUILDS = [("publishconf.py", SUB_PATH_URL), ("pelicanconf.py", "")]


def start_early(sites: list[tuple[str, str]] = FIRST_BUILDS) -> list[subprocess.Popen]:
    """Start the builds of `sites` side by side in the background, each holding its lock
    until it ends, so that they run while pytest starts its workers and imports the tests;
    built_site() then waits for them, or builds again itself (and reports why) if one
    failed."""
    started = []
    for settings, siteurl in sites:
        folder = site_folder(settings, siteurl)
        lock = os.open(folder / "lock", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a build of it is running already
            os.close(lock)
            continue
        if (folder / "built").exists():
            os.close(lock)
            continue
        # The lock is the child's (an flock belongs to the open file, which the child
        # inherits): it is let go when the build ends, whatever way it ends. The child runs
        # scripts/build.py, then makes the mark that it built (which built_site() looks for).
        then_mark = 'mark="$1"; shift; "$@" && touch "$mark"'
        command = [sys.executable, *build_command(settings, folder / "output")]
        started.append(
            subprocess.Popen(
                ["/bin/sh", "-c", then_mark, "sh", str(folder / "built"), *command],
                env=build_env(siteurl),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(lock,),
                start_new_session=True,  # its own process group: stop_early ends it whole
            )
        )
        os.close(lock)
    return started


def published_site() -> Site:
    """The publish build under a sub-path."""
    return built_site("publishconf.py", SUB_PATH_URL)


def build_command(settings: str, output: Path) -> list[str]:
    """scripts/build.py, as make html runs it."""
    build = ROOT / "scripts" / "build.py"
    return [str(build), "--settings", str(ROOT / settings), "--output", str(output)]


def build_env(siteurl: str) -> dict[str, str]:
    return {**os.environ, "SITEURL": siteurl} if siteurl else {**os.environ}


def build_once(settings: str, siteurl: str, output: Path, **environment: str) -> None:
    """scripts/build.py into `output`, with `environment` added to the build's (publishconf.py
    reads EDITOR_REPO, for one); raises with the build's report if it fails."""
    result = subprocess.run(
        [sys.executable, *build_command(settings, output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**build_env(siteurl), **environment},
    )
    if result.returncode != 0:
        raise RuntimeError(f"The site did not build:\n{result.stdout}\n{result.stderr}")


def stop_early(started: list[subprocess.Popen]) -> None:
    """Wait for start_early's builds; end any still running (a run stopped before it needed
    them), the build with its shell, by their process group."""
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait()
