"""Where `make html`'s time goes, step by step, on the real site with pages added.

    .venv/bin/python bench/profile_build.py            # 1,000 pages added, 3 runs each
    .venv/bin/python bench/profile_build.py --pages 0  # the real site alone

The added pages are copies of the real campaign, news and resource pages in the site's own
proportions (FAQ answers share one page, so none are added), each with its own title, slug
and file name. Four builds are timed: from nothing (no output, no caches), again with
nothing changed, after one page is edited, and after it is edited again (as an editor saves
again and again); each the median of `--runs` (3). Each step is timed by wrapping the function that does it, in this process (one build, as `make html`
runs it: scripts/build.py's build()); Python's start-up and imports are timed in a fresh
process. Results: a Markdown table on stdout (docs/performance.md has the figures).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "plugins"), str(ROOT)]

COPIED = ("campaigns", "news", "resources")


def add_pages(content: Path, pages: int) -> None:
    """`pages` copies of the real campaign, news and resource pages, in their proportions."""
    sources = {s: sorted((ROOT / "content" / s).glob("*.md")) for s in COPIED}
    total = sum(len(files) for files in sources.values())
    made = 0
    for number, (section, files) in enumerate(sources.items()):
        share = pages - made if number == len(COPIED) - 1 else round(pages * len(files) / total)
        for i in range(share):
            text = files[i % len(files)].read_text(encoding="utf-8")
            name = f"copy-{section}-{i:04d}"
            for field in ("title", "region"):  # a region names its campaign's page too
                text = re.sub(
                    rf"^{field}: (.*)$", rf"{field}: \1 {name}", text, count=1, flags=re.M
                )
            text = re.sub(r"^slug: .*$", f"slug: {name}", text, count=1, flags=re.M)
            (content / section / f"{name}.md").write_text(text, encoding="utf-8")
            made += 1


# (label, module, function): each step of a build, as the function that does it.
STEPS = [
    ("content checks", "content_checks.content_checks", "check_content"),
    # Issue #27's checks among them: the phone rule over every text, the classes and ids an
    # editor wrote, and the files a build may publish.
    ("of which the phone rule", "content_checks.phones", "in_text"),
    ("of which the phone rule", "content_checks.phones", "check_data_file"),
    ("of which classes and ids", "content_checks.body", "check_classes_and_ids"),
    ("of which the files allow-list", "content_checks.files", "walk"),
    ("of which the files allow-list", "content_checks.files", "check_static"),
    ("Pelican, all its work", "build", "run_pelican"),
    ("of which the allow-list", "html_allowlist.html_allowlist", "removed_unless_known"),
    ("of which posters", "posters.posters", "PosterGenerator.generate_output"),
    ("of which the built-page checks", "site_checks.site_checks", "check_output"),
    ("search index, all", "build", "index_for_search"),
    ("of which the word list", "build_steps.search_index", "search_words"),
    ("of which the English words", "build_steps.search_index", "write_english_words"),
    ("file modes", "build", "make_readable"),
    ("swap, with the clean-up", "build", "swap_into_place"),
    ("of which removing the last output", "build_steps.atomic_output", "shutil.rmtree"),
]
# Pelican's own phases, from its signals: reading ends when every generator has its content
# (all_generators_finalized), writing when it sends finalized.
PHASES = ("Pelican: start to the end of reading", "Pelican: writing")


def watch_phases() -> None:
    from pelican import signals

    def mark(name: str):
        def receiver(*args, **kwargs):
            if CURRENT["times"] is not None:
                CURRENT["times"][f"_{name}"] = time.perf_counter()

        return receiver

    for name in ("all_generators_finalized", "finalized"):
        receiver = mark(name)
        watch_phases.__dict__.setdefault("kept", []).append(receiver)  # blinker keeps weak refs
        getattr(signals, name).connect(receiver)


# The current build's times: each wrapper adds to whatever build is being timed, or to none.
CURRENT: dict[str, dict[str, float] | None] = {"times": None}


def wrap() -> None:
    """Time every step's function (called through its module, so the wrapper is what runs)."""
    import importlib

    for label, module_name, path in STEPS:
        module = importlib.import_module(module_name)
        owner_name, _, name = path.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        original = getattr(owner, name, None)
        if original is None:  # an older version of the code, profiled for comparison
            continue
        if getattr(original, "_timed", False):
            continue

        def timed(*args, _original=original, _label=label, **kwargs):
            started = time.perf_counter()
            if CURRENT["times"] is not None:
                CURRENT["times"].setdefault(f"_start {_label}", started)
            try:
                return _original(*args, **kwargs)
            finally:
                if CURRENT["times"] is not None:
                    CURRENT["times"][_label] += time.perf_counter() - started

        timed._timed = True
        setattr(owner, name, timed)


def startup() -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import sys; sys.path[:0] = ['scripts', 'plugins', '.']; "
         "import build, pelican, pelican.generators, markdown, yaml, jinja2"],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def build_once(root: Path) -> dict[str, float]:
    """One build of `root`'s content, timed step by step, in this (fresh) process."""
    from build import build, write_settings
    from pelican.log import init as init_logging

    quiet = logging.StreamHandler()
    quiet.setLevel(logging.CRITICAL + 1)
    init_logging(logging.WARNING, handler=quiet)
    watch_phases()
    times: dict[str, float] = defaultdict(float)
    wrap()
    CURRENT["times"] = times
    settings = write_settings(root / "settings.py", root / "content")
    started = time.perf_counter()
    result = build(settings, root / "output")
    times["whole build"] = time.perf_counter() - started
    CURRENT["times"] = None
    if not result.ok:
        raise SystemExit(result.error)
    if "_finalized" in times:  # Pelican ran (a build with nothing changed does not run it)
        read_end, written = times["_all_generators_finalized"], times["_finalized"]
        times[PHASES[0]] = read_end - times["_start Pelican, all its work"]
        times[PHASES[1]] = written - read_end
    return {k: v for k, v in times.items() if not k.startswith("_")}


# The builds timed, in order. An editor saves again and again: the second save after a build
# from nothing finds what the first one left (the last site's search bundle among it).
KINDS = ("from nothing", "nothing changed", "one page edited", "the same page edited again")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one-build", help=argparse.SUPPRESS)  # a folder: build it, print times
    args = parser.parse_args()
    if args.one_build:
        print(json.dumps(build_once(Path(args.one_build))))
        return 0
    results: dict[str, list[dict[str, float]]] = defaultdict(list)
    for run in range(args.runs):
        root = Path(tempfile.mkdtemp(prefix="profile-build-"))
        try:
            content = root / "content"
            shutil.copytree(ROOT / "content", content)
            add_pages(content, args.pages)
            edited = sorted((content / "resources").glob("*.md"))[-1]
            for kind in KINDS:
                if kind in KINDS[2:]:
                    edited.write_text(edited.read_text() + "\nOne more sentence.\n")
                # A fresh process a build, as make html runs: nothing kept in memory between.
                started = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, __file__, "--one-build", str(root)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                times = json.loads(done.stdout.strip().splitlines()[-1])
                times["make html, with Python's start"] = time.perf_counter() - started
                results[kind].append(times)
                print(f"run {run + 1}, {kind}: {times['whole build']:.2f} s", file=sys.stderr)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    kinds = list(results)
    print(f"Python start-up and imports (a fresh process): {startup():.2f} s\n")
    print("| step | " + " | ".join(kinds) + " |")
    print("| --- |" + " ---: |" * len(kinds))
    steps = list(dict.fromkeys(s[0] for s in STEPS))  # a label may time several functions
    labels = [*steps, *PHASES, "whole build", "make html, with Python's start"]
    for label in labels:
        cells = [statistics.median(t.get(label, 0.0) for t in results[k]) for k in kinds]
        print(f"| {label} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
