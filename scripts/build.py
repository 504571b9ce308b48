"""The one build: every way of building the site (make html, make publish, the preview,
make regenerate, the tests and the benchmark) calls build() and differs only in its settings
and what it does afterwards.

One build is: Pelican in this process with `--fatal warnings` (the content checks run at its
start), the Pagefind search index, precompressed copies when the settings say so, files made
readable by every user, then the new site swapped into place. It is written into a fresh
sibling of output/, so a failed build never replaces a good output/ and never writes into
content/. Each step is a module of build_steps/; this file puts them in order and is what
every caller runs or imports.

Usage: python scripts/build.py [--settings pelicanconf.py] [--output output]
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_steps import ROOT, unchanged
from build_steps.atomic_output import (
    adopt_spare,
    locked,
    make_readable,
    remove_leftovers,
    swap_into_place,
)
from build_steps.github_report import PROBLEM, report_to_github
from build_steps.pelican_run import problems_so_far, run_pelican
from build_steps.precompress import precompress
from build_steps.search_index import index_for_search, start_indexing, stop_indexing

PLUGINS = ROOT / "plugins"
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))  # Pelican reuses a plugin already imported


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
        return report(self.messages) if self.messages else ""


def report(messages: list[str]) -> str:
    """Every problem of one run, once, sorted by file and line, then how many and what now."""
    lines = [line.strip() for text in messages for line in text.splitlines() if line.strip()]
    problems = sorted(dict.fromkeys(lines), key=problem_order)
    files = {match["file"] for p in problems if (match := PROBLEM.match(p))}
    noun = "problem" if len(problems) == 1 else "problems"
    where = f" in {len(files)} {'file' if len(files) == 1 else 'files'}" if files else ""
    summary = (
        f"{len(problems)} {noun}{where}: the site was not built. How to fix each: docs/errors.md"
    )
    return "\n".join([*problems, summary])


def problem_order(problem: str) -> tuple[int, str, int, str]:
    """Problems that name a file first, by file and line; the rest after, as they came."""
    match = PROBLEM.match(problem)
    if match is None:
        return (1, "", 0, "")
    return (0, match["file"], int(match["line"] or 0), problem)


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
    from site_checks.site_checks import PAGES_WRITTEN

    # Pages whose inputs have not changed are copied from the last good output
    # (plugins/incremental), not rendered again.
    overrides = {"INCREMENTAL_LAST_OUTPUT": str(output), **(overrides or {})}
    # Nothing at all changed since the last good build, and its output is as it left it:
    # nothing to do (build_steps/unchanged.py).
    known = None
    if search == "now":
        with contextlib.suppress(Exception):  # a broken settings file is the build's to report
            known = unchanged.inputs_digest(settings_file, overrides)
    if known and unchanged.still_built(output, *known):
        return BuildResult(True, [], time.perf_counter() - started)
    if known:
        unchanged.forget(known[1])
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    if search == "now":
        adopt_spare(output, staging)
    indexing: list[Any] = []  # Pagefind, once every page is written

    def pages_written(sender: Any, **kwargs: Any) -> None:
        # Not for a build that has already met a problem: it will fail, and its index
        # would be thrown away (the bad-input tests build hundreds of such sites).
        if search == "now" and not indexing and not problems_so_far():
            indexing.append(start_indexing(staging, apart=True))

    try:
        # Pagefind starts when every page is written (plugins/site_checks says so before it
        # checks them), and indexes while they are checked, its bundle beside the staging
        # folder until it is done (the checks see only what Pelican wrote).
        with PAGES_WRITTEN.connected_to(pages_written):
            messages, settings = run_pelican(settings_file, staging, overrides)
        if messages and indexing:
            stop_indexing(indexing[0])
        if not messages and search == "now" and index_for_search(staging, *indexing) != 0:
            messages.append("Pagefind could not index the site (its message is above)")
        if not messages and search == "later":
            with index_lock or contextlib.nullcontext():
                if (output / "pagefind").is_dir():
                    shutil.copytree(
                        output / "pagefind", staging / "pagefind", copy_function=link_or_copy
                    )
        if not messages and settings and settings.get("PRECOMPRESS"):
            precompress(staging, ROOT / "cache" / "precompressed")
        if not messages:
            make_readable(staging)
            swap_into_place(staging, output)
            if known:
                unchanged.remember(output, *known)
        return BuildResult(not messages, messages, time.perf_counter() - started)
    finally:
        for folder in (staging, *(i.bundle for i in indexing)):
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)


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

    # Nothing is printed as it happens: the build collects every problem and prints them
    # once, sorted, at the end (one report).
    quiet = logging.StreamHandler()
    quiet.setLevel(logging.CRITICAL + 1)
    init_logging(logging.WARNING, handler=quiet)
    output = Path(args.output)
    result = build(Path(args.settings).resolve(), output, address_settings(args.address))
    if not result.ok:
        print(result.error, file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            report_to_github(result.messages)
        print(
            f"\nBuild failed: {output.resolve()} was left exactly as it was. "
            "Fix the errors above and build again.",
            file=sys.stderr,
        )
        return 1
    return 0


def leave(code: int) -> None:
    """End the process at once: Python's own tear-down frees every page's objects one by one,
    0.17 to 0.20 s after a build of 1,000 pages was done. What tear-down would do that
    matters is done here: any worker process still running killed (a build that stopped
    mid-way), the log handlers closed, the output written out."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.kill()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    leave(main())
