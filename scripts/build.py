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
import ctypes
import errno
import fcntl
import gc
import gzip
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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


class PlainPaths(logging.Filter):
    """Messages name files as an editor knows them: content/pages/x.md, not a machine path,
    and output/, not the staging folder Pelican is writing into."""

    def __init__(self, replacements: list[tuple[str, str]]) -> None:
        super().__init__()
        self.replacements = replacements

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for old, new in self.replacements:
            message = message.replace(old, new)
        record.msg, record.args = message, ()
        return True


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
    from pelican.log import FatalLogger
    from pelican.settings import read_settings

    level = FatalLogger.fatal_lvl  # put back after: a build leaves the process as it found it
    fresh_logging()
    capture = Capture()
    root = logging.getLogger()
    root.addHandler(capture)
    paths = PlainPaths([(str(staging), overrides.get("INCREMENTAL_LAST_OUTPUT", str(staging)))])
    for handler in root.handlers:
        handler.addFilter(paths)
    settings = None
    try:
        settings = read_settings(
            str(settings_file), override={"OUTPUT_PATH": str(staging), **overrides}
        )
        project = str(Path(settings["PATH"]).resolve().parent) + os.sep
        paths.replacements.append((project, ""))
        cache = Path(settings["CACHE_PATH"])
        with locked(cache / "build.lock", f"the cache {cache}"):
            Pelican(settings).run()
    except Exception as error:  # every failure becomes a message, not a traceback
        if os.environ.get("BUILD_TRACEBACK"):
            logger.exception("The build stopped")
        if not capture.messages:  # a fatal log message has already said what is wrong
            capture.messages.append(f"{type(error).__name__}: {error}")
            print(capture.messages[-1], file=sys.stderr)
    finally:
        for handler in root.handlers:
            handler.removeFilter(paths)
        root.removeHandler(capture)
        FatalLogger.fatal_lvl = level
        clear_pelican_caches()
        gc.collect()
    return capture.messages, settings


def index_for_search(site: Path) -> int:
    """Pagefind indexes the built pages (the regions marked data-pagefind-body); then the
    index's vocabulary is written beside it for the search's "Did you mean"."""
    code = subprocess.call(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], cwd=ROOT
    )
    if code == 0:
        write_search_words(site)
    return code


SEARCH_WORD = re.compile(r"[a-z]{4,}")


def write_search_words(site: Path) -> None:
    """pagefind/words.json: every word of four letters or more in the searched regions of the
    built pages, with the number of pages it is on, which js/search.js offers for a word the
    site never uses ("Did you mean ...")."""
    from collections import Counter

    from bs4 import BeautifulSoup

    pages: Counter[str] = Counter()
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        body = soup.find(attrs={"data-pagefind-body": True})
        if body is not None:
            pages.update(set(SEARCH_WORD.findall(body.get_text(" ").lower())))
    (site / "pagefind" / "words.json").write_text(
        json.dumps(dict(sorted(pages.items()))), encoding="utf-8"
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


RENAME_EXCHANGE = 2  # Linux renameat2(2)
RENAME_SWAP = 2  # macOS renamex_np(2)
AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step, so there is no instant with neither in place: renameat2
    with RENAME_EXCHANGE on Linux, renamex_np with RENAME_SWAP on macOS. False where the
    system or the file system has no such call."""
    libc = ctypes.CDLL(None, use_errno=True)
    a, b = os.fsencode(first), os.fsencode(second)
    if hasattr(libc, "renameat2"):
        status = libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
    elif hasattr(libc, "renamex_np"):
        status = libc.renamex_np(a, b, RENAME_SWAP)
    else:
        return False
    if status == 0:
        return True
    error = ctypes.get_errno()
    if error in {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP}:
        return False
    raise OSError(error, os.strerror(error), str(first))


def swap_into_place(built: Path, output: Path) -> None:
    """Put built/ in output/'s place at one instant: exchange the two folders, then delete
    the old site (now at built/'s name). Where the system cannot exchange, two renames, with
    an instant between them when output/ is missing."""
    if not output.exists():
        built.rename(output)
        return
    if not exchange(built, output):
        old = built.with_name(built.name.replace(".new-", ".old-"))
        output.rename(old)
        built.rename(output)
        built = old
    shutil.rmtree(built, ignore_errors=True)


def remove_leftovers(output: Path) -> None:
    """Folders a killed build left beside output/ (they match .gitignore's /.output.*)."""
    for leftover in output.parent.glob(f".{output.name}.[no][el][wd]-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def locked(path: Path, what: str) -> Iterator[None]:
    """One build at a time per output folder (and per cache): the next one waits, and says so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another build is using {what}; waiting for it to finish...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
    started = time.perf_counter()
    output = output.resolve()
    with locked(output.with_name(f".{output.name}.lock"), f"{output}"):
        remove_leftovers(output)
        return build_locked(settings_file, output, overrides, search, index_lock, started)


def build_locked(
    settings_file: Path,
    output: Path,
    overrides: dict[str, Any] | None,
    search: str,
    index_lock: Any,
    started: float,
) -> BuildResult:
    from incremental.incremental import link_or_copy

    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    # Pages whose inputs have not changed are copied from the last good output
    # (plugins/incremental), not rendered again.
    overrides = {"INCREMENTAL_LAST_OUTPUT": str(output), **(overrides or {})}
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


# A problem line of the checks: the file, its line if known, what it became, the message.
PROBLEM = re.compile(
    r"^(?P<file>(?:content|data)/[^,:()]+?)(?:, line (?P<line>\d+))?(?: \(built as [^)]+\))?: "
    r"(?P<message>.+)$"
)


def escape_data(text: str) -> str:
    """A workflow command's message, as GitHub's runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(messages: list[str]) -> list[str]:
    """GitHub Actions error annotations for the problems in `messages`: each shows on its
    line of the changed file under "Files changed" in a pull request."""
    commands = []
    for text in messages:
        for line in text.splitlines():
            problem = PROBLEM.match(line.strip())
            if problem is None:
                continue
            where = f"file={escape_property(problem['file'])}"
            if problem["line"]:
                where += f",line={problem['line']}"
            commands.append(
                f"::error {where},title=The site was not built::{escape_data(problem['message'])}"
            )
    return commands


def report_to_github(messages: list[str]) -> None:
    """On GitHub Actions: every problem as an annotation on its line (GitHub shows at most
    10 a step), and the whole list in the job's summary page."""
    for command in annotations(messages):
        print(command, flush=True)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        problems = [line for text in messages for line in text.splitlines() if line.strip()]
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write("## The site was not built\n\n")
            stream.write("Fix each problem below, then push again (docs/errors.md says how).\n\n")
            stream.write("".join(f"- {line.strip()}\n" for line in problems))


def address_settings(address: str | None) -> dict[str, str]:
    """For a development build served at `address` (http://127.0.0.1:8001): the absolute
    address that posters' QR codes, canonical links and feeds use."""
    if not address:
        return {}
    return {"SITE_ABSOLUTE_URL": address.rstrip("/"), "FEED_DOMAIN": address.rstrip("/")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument(
        "--address", help="where a development build will be served (make serve's HOST:PORT)"
    )
    args = parser.parse_args(argv)
    from pelican.log import init as init_logging

    # Plain log lines: editors' messages stay whole, one line each, not wrapped in columns.
    init_logging(logging.WARNING, fatal="warnings", handler=logging.StreamHandler())
    output = Path(args.output)
    result = build(Path(args.settings).resolve(), output, address_settings(args.address))
    if not result.ok:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            report_to_github(result.messages)
        print(
            f"\nBuild failed: {output.resolve()} was left exactly as it was. "
            "Fix the errors above and build again.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
