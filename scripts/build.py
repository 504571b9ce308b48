"""The one build: every way of building the site (make html, make publish, the preview,
make regenerate, the tests and the benchmark) calls build() and differs only in its settings
and what it does afterwards.

One build is: Pelican in this process with `--fatal warnings` (the content checks run at its
start), the Pagefind search index, precompressed copies when the settings say so, files made
readable by every user, then the new site swapped into place. It is written into a fresh
sibling of output/, so a failed build never replaces a good output/ and never writes into
content/.

Usage: python scripts/build.py [--settings pelicanconf.py] [--output output]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import gzip
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "plugins"
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))  # Pelican reuses a plugin already imported

logger = logging.getLogger("build")


def write_settings(path: Path, content: Path, base: str = "pelicanconf", **extra: str) -> Path:
    """A settings file that builds `content` with the project's settings (`base`): for tests,
    the benchmark and previews of a copy of the content."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        f"from {base} import *",
        f"PATH = {str(content)!r}",
        f"FIGURES_FILE = {str(ROOT / 'data' / 'figures.yaml')!r}",
        # Its own content cache, beside it, unless told otherwise.
        f"CACHE_PATH = {str(path.parent / 'cache')!r}",
        *(f"{name} = {value!r}" for name, value in extra.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class BuildResult:
    ok: bool
    # What the editor needs to read: each warning or error, file and line first.
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def error(self) -> str:
        return "\n".join(self.messages)


class Capture(logging.Handler):
    """Collects the warnings and errors of one build (Pelican logs them; with fatal warnings
    the first one also stops it)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def fresh_logging() -> None:
    """As `pelican --fatal warnings` does, once per build: the first warning or error stops
    the build. Pelican drops a warning it has logged before in the same process, so a mistake
    repeated in the next build of a long-running preview would pass: forget them."""
    from pelican.log import FatalLogger, LimitFilter

    FatalLogger.fatal_lvl = logging.WARNING
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def clear_pelican_caches() -> None:
    """Empty the caches of Pelican's memoized methods, which hold every page of every build
    (a long-running preview would otherwise grow with each save)."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        Content.__dict__[name].cache.clear()


def run_pelican(
    settings_file: Path, staging: Path, overrides: dict[str, Any]
) -> tuple[list[str], dict[str, Any] | None]:
    """Pelican into `staging`: (problems, the settings it used)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    fresh_logging()
    capture = Capture()
    logging.getLogger().addHandler(capture)
    settings = None
    try:
        settings = read_settings(
            str(settings_file), override={"OUTPUT_PATH": str(staging), **overrides}
        )
        Pelican(settings).run()
    except Exception as error:  # every failure becomes a message, not a traceback
        if os.environ.get("BUILD_TRACEBACK"):
            logger.exception("The build stopped")
        if not capture.messages:  # a fatal log message has already said what is wrong
            capture.messages.append(f"{type(error).__name__}: {error}")
            print(capture.messages[-1], file=sys.stderr)
    finally:
        logging.getLogger().removeHandler(capture)
        clear_pelican_caches()
        gc.collect()
    return capture.messages, settings


def index_for_search(site: Path) -> int:
    """Pagefind indexes the built pages (the regions marked data-pagefind-body)."""
    return subprocess.call(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], cwd=ROOT
    )


TEXT_SUFFIXES = {".html", ".css", ".js", ".xml", ".svg", ".txt", ".json"}


def precompress(site: Path) -> int:
    """Write name.gz and name.br beside each text file, for hosts that serve them."""
    import brotli

    count = 0
    for file in site.rglob("*"):
        if file.is_file() and file.suffix in TEXT_SUFFIXES:
            data = file.read_bytes()
            file.with_name(file.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
            file.with_name(file.name + ".br").write_bytes(brotli.compress(data, quality=11))
            count += 1
    return count


def make_readable(site: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask: a web server running as another user
    (nginx's worker, Apache's www-data) must read every file. The staging folder starts 0700."""
    site.chmod(0o755)
    for folder, folders, files in os.walk(site):
        for name in folders:
            os.chmod(os.path.join(folder, name), 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


def swap_into_place(built: Path, output: Path) -> None:
    """Replace output/ with built/: rename the old one aside, rename the new one in."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        old.rmdir()
        output.rename(old)
    built.rename(output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(
    settings_file: Path,
    output: Path,
    overrides: dict[str, Any] | None = None,
    search: str = "now",
    index_lock: Any = None,
) -> BuildResult:
    """Build the site with `settings_file` and swap it into `output` only if it succeeds.

    search: "now" indexes before the swap; "later" keeps the last index in the new site and
    leaves the caller to index after the swap (the preview shows the page first), waiting on
    `index_lock` while an index is still being written; "none"."""
    from incremental.incremental import link_or_copy

    started = time.perf_counter()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    # Pages whose inputs have not changed are copied from the last good output
    # (plugins/incremental), not rendered again.
    overrides = {"INCREMENTAL_FROM": str(output), **(overrides or {})}
    try:
        messages, settings = run_pelican(settings_file, staging, overrides)
        if not messages and search == "now" and index_for_search(staging) != 0:
            messages.append("Pagefind could not index the site (its message is above)")
        if not messages and search == "later":
            with index_lock or contextlib.nullcontext():
                if (output / "pagefind").is_dir():
                    shutil.copytree(
                        output / "pagefind", staging / "pagefind", copy_function=link_or_copy
                    )
        if not messages and settings and settings.get("PRECOMPRESS"):
            precompress(staging)
        if not messages:
            make_readable(staging)
            swap_into_place(staging, output)
        return BuildResult(not messages, messages, time.perf_counter() - started)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    args = parser.parse_args(argv)
    from pelican.log import init as init_logging

    # Plain log lines: editors' messages stay whole, one line each, not wrapped in columns.
    init_logging(logging.WARNING, fatal="warnings", handler=logging.StreamHandler())
    output = Path(args.output)
    result = build(Path(args.settings).resolve(), output)
    if not result.ok:
        print(
            f"\nBuild failed: {output.resolve()} was left exactly as it was. "
            "Fix the errors above and build again.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
