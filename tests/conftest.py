"""Shared fixtures: the real site, built once per session (tests/support/sitebuild.py), and every
HTML page of it as the `page` parameter."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from support.sitebuild import (
    TMP,
    built_site,
    needs_the_sites,
    published_site,
    start_early,
    stop_early,
)
from support.sitecheck import Site

STARTED = pytest.StashKey[float]()


TIMINGS = Path(__file__).resolve().parent.parent / ".cache" / "test-timings.json"
_durations: dict[str, list[float]] = {}
_files: dict[str, float] = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[STARTED] = time.perf_counter()


EARLY = pytest.StashKey[list]()


def pytest_configure(config: pytest.Config) -> None:
    """In the process that starts the run (not a pytest-xdist worker), and when it collects
    tests of the layers that need them: start the two builds those tests are made from, so
    they run while the workers start and import the tests (the first 10 s of a fresh clone's
    run, which otherwise waited for them one after the other)."""
    if hasattr(config, "workerinput"):
        return
    if needs_the_sites(config.args, config.invocation_params.dir):
        config.stash[EARLY] = start_early()


_pages: set[str] = set()
# (worker, start, stop) of every phase of every test: when a worker waited with nothing to do.
_timeline: list[tuple[str, float, float]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Time per test layer (tests/<layer>/), set-up and tear-down included, and the pages the
    browser layer checked. With pytest-xdist this runs in the controller for every worker's
    tests, so the seconds are the sum of the workers' (not the wall time)."""
    layer = report.nodeid.split("/")[1] if report.nodeid.startswith("tests/") else "other"
    entry = _durations.setdefault(layer, [0.0, 0])
    entry[0] += report.duration
    entry[1] += report.when == "call"
    path = report.nodeid.split("::", 1)[0]
    _files[path] = _files.get(path, 0.0) + report.duration
    gateway = getattr(getattr(report, "node", None), "gateway", None)  # the xdist worker
    _timeline.append((gateway.id if gateway else "main", report.start, report.stop))
    if report.when == "call" and "test_every_page.py::" in report.nodeid:
        _pages.add(report.nodeid.split("[", 1)[1].split(".html-", 1)[0])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Record how long a whole passing run took, for `make bench` (bench/bench.py)."""
    started = session.config.stash.get(STARTED, None)
    layers = {"unit", "site", "browser", "editing", "servers"}
    worker = hasattr(session.config, "workerinput")  # a pytest-xdist worker: the controller writes
    if started is not None and exitstatus == 0 and layers <= _durations.keys() and not worker:
        pages = len(_pages) or None
        TIMINGS.parent.mkdir(exist_ok=True)
        TIMINGS.write_text(
            json.dumps(
                {
                    "finished": time.strftime("%Y-%m-%d %H:%M"),
                    "wall_s": time.perf_counter() - started,
                    "tests": session.testscollected,
                    "workers": session.config.getoption("numprocesses", None) or 1,
                    "pages": pages,
                    "scratch": tempfile.gettempdir(),  # in memory or on disk: sitebuild.py
                    "layers": {k: {"seconds": v[0], "tests": v[1]} for k, v in _durations.items()},
                    "files": dict(sorted(_files.items(), key=lambda kv: -kv[1])),
                },
                indent=2,
            )
        )
    if not worker and _timeline:
        TIMINGS.parent.mkdir(exist_ok=True)
        found = idle(_timeline)
        if started is not None:  # collection, the workers' start and the builds it needs
            found["before_first_test_s"] = min(t[1] for t in _timeline) - (
                time.time() - (time.perf_counter() - started)
            )
        TIMINGS.with_name("test-idle.json").write_text(json.dumps(found, indent=2))
    if not worker:  # the workers share TMP; the controller removes it when all are done
        stop_early(session.config.stash.get(EARLY, []))
        shutil.rmtree(TMP, ignore_errors=True)


def idle(timeline: list[tuple[str, float, float]]) -> dict[str, float]:
    """For each worker, the seconds between the session's first test and its last in which
    it was running none (its fixtures' set-up counts as running), and the whole span."""
    first = min(start for _, start, _ in timeline)
    last = max(stop for _, _, stop in timeline)
    found = {"span_s": last - first}
    for worker in sorted({w for w, _, _ in timeline}):
        busy, covered = 0.0, first
        for _, start, stop in sorted(t for t in timeline if t[0] == worker):
            busy += max(0.0, stop - max(start, covered))
            covered = max(covered, stop)
        found[f"{worker}_idle_s"] = (last - first) - busy
    return found


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the session, shared by the browser and server layers (the sync API
    allows one at a time); imported here so the unit layer runs without it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def site() -> Site:
    return built_site()


# Modules whose module- or session-scoped fixtures are dear (a Chromium runner, builds, web
# servers): each runs in one worker rather than set up in both. The per-page checks too: one
# runner at a time goes faster than two on two cores (a whole run 231 s -> 197 s), and the
# other worker takes the rest meanwhile.
ONE_WORKER_MODULES = {
    "tests/browser/test_every_page.py",
    "tests/browser/test_browser_checks_catch_defects.py",
    "tests/editing/test_fuzz.py",
    "tests/editing/test_atomic_build.py",
    # Its cases are built in batches (one build for twenty cases): in one worker, each batch
    # is built once.
    "tests/editing/test_bad_input.py",
    "tests/servers/test_in_chromium.py",
    "tests/servers/test_live_check.py",
    "tests/servers/test_editor_headers.py",  # one build with the editor on, one Apache
    "tests/browser/test_search_corpus.py",
    "tests/browser/test_focus_appearance.py",
    "tests/browser/test_posters.py",  # prints every poster once, for all its tests
    "tests/browser/test_browser_editor.py",  # one editor session (decap-server, a build)
    # Its tests look at the repository's list of git worktrees, which another of its tests
    # adds to while it runs: in two workers at once, one saw the other's (a fresh-clone run).
    "tests/editing/test_pr_summary.py",
}


# The work units that take longest, longest first (a run's .cache/test-timings.json): each
# worker starts on one of them, and the short tests fill the end, so neither worker is left
# waiting for the other's last long module.
LONGEST_FIRST = [
    "tests/browser/test_every_page.py",
    "tests/editing/test_bad_input.py",
    "tests/editing/test_atomic_build.py",
    "tests/servers/test_in_chromium.py",
    "tests/browser/test_browser_editor.py",
    "tests/servers/test_live_check.py",
    "tests/browser/test_browser_checks_catch_defects.py",
    "tests/editing/test_pr_summary.py",
    "tests/editing/test_fuzz.py",
    "tests/browser/test_search_corpus.py",
    # Then the modules whose tests are each long (a second or more), so the last tests of
    # the run are the short ones of the site and unit layers.
    "tests/browser/test_devserver.py",
    "tests/editing/test_incremental.py",
    "tests/site/test_html_validity.py",
    "tests/browser/test_layout_shift.py",
    "tests/editing/test_preview_server.py",
    "tests/browser/test_exit_this_page.py",
    "tests/browser/test_header.py",
    "tests/browser/test_search.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest work units first, everything else in its usual order (the sort is stable,
    so each module's tests keep theirs)."""
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def work_unit(nodeid: str) -> str:
    """What pytest-xdist sends to one worker as a whole: a module above, or one test."""
    path = nodeid.split("::", 1)[0]
    return path if path in ONE_WORKER_MODULES else nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist's own `--dist loadgroup` no longer groups under pytest 9 (it renames
    `item._nodeid`, which pytest 9 does not read), so the groups are made here from the test
    ids."""
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return ByWorkUnit(config, log)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `page` over every HTML page of the built site, and `published_page` over
    every page of the publish build under a sub-path, the page's path as the id."""
    for name, site in (("page", built_site), ("published_page", published_site)):
        if name in metafunc.fixturenames:
            pages = site().pages
            metafunc.parametrize(name, pages, ids=[p.path for p in pages])
