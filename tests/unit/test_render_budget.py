"""The render budget: a file is read by the build's reader in a worker process, gives exactly
what it gives when read in this process, and is stopped, naming the file, past its budget."""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pelican.log import FatalLogger
from render_budget import render_budget


class Pages:
    """A reader whose behaviour each file's name chooses."""

    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.read_here = 0

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        name = Path(source_path).stem
        if name == "loops":
            while True:
                pass
        if name == "deep":

            def down(n: int) -> int:
                return down(n + 1)

            down(0)
        if name == "broken":
            raise KeyError("toc")
        if name == "crashes":
            os.kill(os.getpid(), signal.SIGKILL)  # as a crash in C code would end it
        if name.startswith("warns"):
            logging.getLogger("markdown.test").warning("%s: something to fix", source_path)
        if name.startswith("same-warning"):
            logging.getLogger("markdown.test").warning("the same thing to fix in two files")
        if name.startswith("pid"):
            return str(os.getpid()), {}
        if name.startswith("when"):
            return repr(time.monotonic()), {}
        return f"<p>{name}</p>", {"title": name, "headings": [("a", "A")]}


@pytest.fixture
def reader(tmp_path):
    settings = {"PATH": str(tmp_path / "content"), "RENDER_BUDGET_SECONDS": 0.3}
    settings["RENDER_BUDGET_BUILD_SECONDS"] = 60
    made = render_budget.budgeted(Pages)(settings)
    yield made
    render_budget.pool_for(settings).stop()


def path(tmp_path: Path, name: str) -> str:
    return str(tmp_path / "content" / "pages" / f"{name}.md")


def test_a_file_is_read_in_a_worker_process_that_serves_the_whole_build(reader, tmp_path):
    first = reader.read(path(tmp_path, "pid"))[0]
    assert first != str(os.getpid())
    assert reader.read(path(tmp_path, "pid"))[0] == first
    assert reader.read(path(tmp_path, "a-page")) == (
        "<p>a-page</p>",
        {"title": "a-page", "headings": [("a", "A")]},
    )


def test_the_wrapped_reader_keeps_its_class_name_which_pelican_records():
    assert render_budget.budgeted(Pages).__name__ == "Pages"


def test_a_page_past_its_budget_stops_naming_the_file_and_the_worker_is_killed(reader, tmp_path):
    pool = render_budget.pool_for(reader.settings)
    reader.read(path(tmp_path, "a-page"))
    worker = pool.process
    started = time.perf_counter()
    with pytest.raises(render_budget.PageNotBuilt) as stopped:
        reader.read(path(tmp_path, "loops"))
    assert time.perf_counter() - started < 0.3 * render_budget.STARVED_WAIT + 1
    assert str(stopped.value) == (
        "content/pages/loops.md: this page is too complex to build (it took more than 0.3 "
        "seconds); look for deeply nested lists, quotes or brackets, or split the page"
    )
    worker.join(5)
    assert not worker.is_alive()
    assert reader.read(path(tmp_path, "after"))[0] == "<p>after</p>"  # a new worker


def test_a_recursion_error_and_an_internal_error_are_named_in_plain_words(reader, tmp_path):
    with pytest.raises(render_budget.PageNotBuilt) as deep:
        reader.read(path(tmp_path, "deep"))
    assert str(deep.value).startswith(
        "content/pages/deep.md: this page is too complex to build (it is nested too deeply)"
    )
    with pytest.raises(render_budget.PageNotBuilt) as broken:
        reader.read(path(tmp_path, "broken"))
    assert str(broken.value).startswith(
        "content/pages/broken.md: this page could not be built: Markdown or one of the "
        "site's extensions stopped with KeyError: 'toc'; "
    )
    assert "Traceback" not in str(broken.value)


def test_a_worker_that_dies_is_named_by_the_page_and_replaced(reader, tmp_path):
    with pytest.raises(render_budget.PageNotBuilt) as died:
        reader.read(path(tmp_path, "crashes"))
    assert str(died.value).startswith(
        "content/pages/crashes.md: this page is too complex to build (building it stopped "
        "with signal 9)"
    )
    assert reader.read(path(tmp_path, "after"))[0] == "<p>after</p>"


def test_the_build_budget_stops_the_page_that_was_building_when_it_ran_out(reader, tmp_path):
    pool = render_budget.pool_for(reader.settings)
    pool.spent = pool.build_budget - 0.2
    with pytest.raises(render_budget.PageNotBuilt) as stopped:
        reader.read(path(tmp_path, "loops"))
    assert str(stopped.value).startswith(
        "content/pages/loops.md: the pages took more than 60 seconds to build in all"
    )
    with pytest.raises(render_budget.PageNotBuilt) as after:
        reader.read(path(tmp_path, "a-page"))
    assert str(after.value) == ""  # left out too, but the build's budget is named only once


class Catch(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_warning_in_the_worker_reaches_this_process_and_is_fatal_as_it_would_be_here(
    reader, tmp_path
):
    catch = Catch()
    logging.getLogger().addHandler(catch)
    level = FatalLogger.fatal_lvl
    try:
        assert reader.read(path(tmp_path, "warns"))[0] == "<p>warns</p>"  # not fatal here
        reader.read(path(tmp_path, "warns"))  # Pelican drops a repeated warning, here as there
        FatalLogger.fatal_lvl = logging.WARNING  # --fatal warnings
        with pytest.raises(RuntimeError, match="Warning or error encountered"):
            reader.read(path(tmp_path, "warns-again"))
    finally:
        FatalLogger.fatal_lvl = level
        logging.getLogger().removeHandler(catch)
    assert catch.messages == [
        f"{path(tmp_path, name)}: something to fix" for name in ("warns", "warns-again")
    ]


def test_pelicans_could_not_process_becomes_the_pages_own_message_said_once():
    record = logging.makeLogRecord({"msg": "Could not process %s", "args": ("pages/x.md",)})
    try:
        raise render_budget.PageNotBuilt("content/pages/x.md: this page is too complex")
    except render_budget.PageNotBuilt:
        assert render_budget.NAME_THE_PAGE.filter(record)
    assert record.getMessage() == "content/pages/x.md: this page is too complex"
    other = logging.makeLogRecord({"msg": "Could not process %s", "args": ("pages/y.md",)})
    try:
        raise ValueError("x")
    except ValueError:
        assert render_budget.NAME_THE_PAGE.filter(other)
    assert other.getMessage() == "Could not process pages/y.md"
    try:
        raise render_budget.PageNotBuilt("")
    except render_budget.PageNotBuilt:
        assert not render_budget.NAME_THE_PAGE.filter(other)


def test_the_files_pelican_will_read_are_read_ahead_in_its_order(reader, tmp_path):
    pool = render_budget.pool_for(reader.settings)
    names = [f"when-{n}" for n in range(6)]
    pool.plan([(reader, path(tmp_path, name)) for name in names])
    assert pool.workers[0].connection.poll(10)  # the worker has started and read the first
    time.sleep(0.5)  # the build's own work with the pages before
    asked = time.monotonic()
    read = [float(reader.read(path(tmp_path, name))[0]) for name in names]
    assert read == sorted(read)
    # The first AHEAD were rendered before any was asked for; the rest as those were taken.
    assert read[render_budget.AHEAD - 1] < asked
    assert len(pool.workers) == 1  # a few files: one worker


def test_many_files_are_read_by_two_workers(reader, tmp_path, monkeypatch):
    from content_checks import cores

    monkeypatch.setattr(render_budget, "TWO_WORKERS_FROM", 4)
    monkeypatch.setattr(cores, "two_cores", lambda: True)
    pool = render_budget.pool_for(reader.settings)
    names = [f"pid-{n}" for n in range(8)]
    pool.plan([(reader, path(tmp_path, name)) for name in names])
    pids = {reader.read(path(tmp_path, name))[0] for name in names}
    assert len(pids) == 2 and str(os.getpid()) not in pids


def test_a_page_over_budget_among_those_read_ahead_leaves_the_others_read(reader, tmp_path):
    pool = render_budget.pool_for(reader.settings)
    names = ["a-page", "loops", "b-page", "c-page", "d-page", "e-page"]
    pool.plan([(reader, path(tmp_path, name)) for name in names])
    assert reader.read(path(tmp_path, "a-page"))[0] == "<p>a-page</p>"
    with pytest.raises(render_budget.PageNotBuilt, match=r"loops\.md: this page is too complex"):
        reader.read(path(tmp_path, "loops"))
    for name in names[2:]:
        assert reader.read(path(tmp_path, name))[0] == f"<p>{name}</p>"


def test_a_repeated_warning_read_ahead_is_dropped_as_it_would_be_here(reader, tmp_path):
    """Under --fatal warnings, the first file with a warning fails; the same warning in the
    next file is dropped as repeated (Pelican's rule), though the worker read that file
    before this process had logged the first."""
    pool = render_budget.pool_for(reader.settings)
    level = FatalLogger.fatal_lvl
    FatalLogger.fatal_lvl = logging.WARNING
    try:
        pool.plan([(reader, path(tmp_path, f"same-warning-{n}")) for n in (1, 2)])
        assert pool.workers[0].connection.poll(10)
        time.sleep(0.3)  # both read in the worker already
        with pytest.raises(RuntimeError, match="Warning or error encountered"):
            reader.read(path(tmp_path, "same-warning-1"))
        assert reader.read(path(tmp_path, "same-warning-2"))[0] == "<p>same-warning-2</p>"
    finally:
        FatalLogger.fatal_lvl = level
