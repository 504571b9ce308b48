"""The real site, built once per test session into a temporary folder.

The build goes through scripts/build.py (the same path as `make html`), with Pelican's
`--fatal warnings`, so a site that would not build fails every test that needs it.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from support.sitecheck import Site

ROOT = Path(__file__).resolve().parents[2]
TMP = Path(tempfile.mkdtemp(prefix="site-tests-"))


@functools.cache
def built_site(settings: str = "pelicanconf.py", siteurl: str = "") -> Site:
    """Build the site with `settings` (and SITEURL for publishconf.py) once per session;
    fail loudly if the build fails."""
    name = Path(settings).stem + (
        "-" + siteurl.split("//")[-1].replace("/", "_") if siteurl else ""
    )
    output = TMP / name / "output"
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
