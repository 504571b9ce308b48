"""Pure functions first, the worker and the pool after, the reader and signal handlers last,
register() at the bottom."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import sys
import time
import warnings
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.log import FatalLogger, FilteredMessage, LimitFilter

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Seconds of work one file's Markdown may take; the longest real page takes about 0.03 s.
    "RENDER_BUDGET_SECONDS": 3,
    # Seconds all the files read in one build may take together.
    "RENDER_BUDGET_BUILD_SECONDS": 60,
}
# Named, not left to Python's default (forkserver from 3.14 on Linux, spawn on macOS): a forked
# worker has the build's reader objects, settings and Markdown extensions as they are, with
# nothing to pickle or import again (docs/decisions.md: the cost of each, and why forking from
# the preview's threads is safe here).
START_METHOD = "fork"
# A worker that got less than its budget of processor time (a busy machine, not a hard page)
# is waited for, up to this many budgets of wall-clock time.
STARVED_WAIT = 4
FIX = "look for deeply nested lists, quotes or brackets, or split the page"
# Pelican's own words for a file it could not read; a page this plugin stopped says why.
COULD_NOT_PROCESS = "Could not process %s"
FATAL = "Warning or error encountered"  # pelican.log.FatalLogger's, after a fatal message


class PageNotBuilt(RuntimeError):
    """A page that could not be rendered; the message names it and says what to do."""


def seconds(value: float) -> str:
    return f"{value:g} second" + ("" if value == 1 else "s")


def too_slow(name: str, budget: float) -> str:
    return f"{name}: this page is too complex to build (it took more than {seconds(budget)}); {FIX}"


def build_too_slow(name: str, budget: float) -> str:
    return (
        f"{name}: the pages took more than {seconds(budget)} to build in all, and this one "
        f"was still building; {FIX}, or in the other pages changed since the last build"
    )


def too_deep(name: str) -> str:
    return f"{name}: this page is too complex to build (it is nested too deeply); {FIX}"


def stopped(name: str, how: str) -> str:
    return f"{name}: this page is too complex to build (building it {how}); {FIX}"


def broken(name: str, error: str) -> str:
    return (
        f"{name}: this page could not be built: Markdown or one of the site's extensions "
        f"stopped with {error}; undo the last change to the page, and tell the site's "
        "developers (the build should say what is wrong)"
    )


def cpu_seconds(pid: int) -> float | None:
    """Processor time a process has used, from /proc (None where there is none: then the
    budget is wall-clock time)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def log_state() -> tuple[int, frozenset[Any], dict[Any, int]]:
    """What decides whether a log record is dropped (Pelican drops a repeated warning) or
    stops the build (--fatal warnings), sent with each file so the worker decides as this
    process would."""
    return (
        FatalLogger.fatal_lvl,
        frozenset(LimitFilter._raised_messages),
        dict(LimitFilter._group_count),
    )


def portable(record: logging.LogRecord) -> logging.LogRecord:
    """A log record that pickles: its message formatted, a traceback as text."""
    copy = logging.makeLogRecord(record.__dict__)
    copy.msg, copy.args = record.getMessage(), None
    if record.exc_info and not record.exc_text:
        copy.exc_text = logging.Formatter().formatException(record.exc_info)
    copy.exc_info = None
    return copy


def replay(records: list[logging.LogRecord]) -> None:
    """A worker's log records, through this process's loggers: its handlers (the build's
    report among them) and filters see them as if they were logged here."""
    for record in records:
        try:
            logging.getLogger(record.name).handle(record)
        except FilteredMessage:  # Pelican's way of dropping a repeated message
            pass


# --- The worker -----------------------------------------------------------------------


class Collect(logging.Handler):
    """The worker's only log handler: records go back with the reply."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []
        self.fatal = False

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(portable(record))
        if FatalLogger.fatal_lvl <= record.levelno != logging.CRITICAL:
            self.fatal = True


def quiet_worker() -> Collect:
    """In the worker: no Ctrl-C (the build handles it), nothing written to the terminal, and
    every log record collected instead of handled."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # the worker's, till it ends
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for each in loggers:
        if isinstance(each, logging.Logger):
            each.handlers = []
    collect = Collect()
    logging.getLogger().addHandler(collect)
    return collect


def render(reader: Any, path: str, collect: Collect) -> tuple[str, Any]:
    """One file through the reader the plugin wrapped: (outcome, value)."""
    try:
        return "read", super(type(reader), reader).read(path)
    except RecursionError:
        return "too deep", None
    except RuntimeError as error:
        if collect.fatal and str(error) == FATAL:
            return "logged", None  # the message is among the records
        return "failed", f"{type(error).__name__}: {error}"
    except Exception as error:  # every failure becomes a message, not a traceback
        return "failed", f"{type(error).__name__}: {error}"


def serve(connection: Any, readers: dict[int, Any]) -> None:
    """The worker: reads the files it is sent with the build's own readers, in the order sent,
    until told to stop or killed. Each answer says when it was done and the processor time
    used by then, so the build can tell how long the file after it has taken."""
    collect = quiet_worker()
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        key, path, (fatal_level, raised, groups) = request
        began = time.monotonic()
        FatalLogger.fatal_lvl = fatal_level
        LimitFilter._raised_messages = set(raised)
        LimitFilter._group_count = defaultdict(int, groups)
        collect.records, collect.fatal = [], False
        outcome = render(readers[key], path, collect)
        done = time.monotonic()
        timing = (done, cpu_seconds(os.getpid()) or 0.0, done - began)
        try:
            connection.send((outcome, collect.records, timing))
        except Exception as error:  # metadata that does not pickle: read it in the build
            connection.send((("unpicklable", f"{type(error).__name__}: {error}"), [], timing))


# --- The pool -------------------------------------------------------------------------

# Files sent to a worker before the build asks for them, so it renders the next pages while
# the build does its own work with this one. Few: the requests' pipe never fills while the
# worker waits to send an answer (each way holds 64 KB).
AHEAD = 4
# From this many files to read in one build (a build from nothing of a large site), two
# workers read them, one on each core; fewer are not worth a second process.
TWO_WORKERS_FROM = 64
# A file's answer: (outcome, value, log records, the log state it was read with).
Answer = tuple[str, Any, list[logging.LogRecord], Any]


@dataclass
class Sent:
    """A file sent to a worker: its reader's key, the log state sent with it, and when."""

    key: int
    state: Any
    at: float


@dataclass
class Worker:
    """One worker process, and the files sent to it and not yet answered, in order (a dict
    keeps the order it was filled in)."""

    process: Any
    connection: Any
    forked_with: set[int]
    sent: dict[str, Sent] = field(default_factory=dict)
    last_done: float = 0.0  # when its last answer was done (time.monotonic)
    last_cpu: float = 0.0  # its processor time then
    # When this process last took an answer from it: a worker whose answers fill the pipe
    # waits to send until then, and only then starts the next file.
    taken: float = 0.0


class RenderPool:
    """One build's workers. The Markdown files Pelican will read (those not in its cache) are
    planned when its generators start (read_ahead), and sent to the workers a few at a time
    ahead of Pelican's reading; a file Pelican asks for that was not planned is sent when
    asked. Started when the first file is planned or read (a build whose files all come from
    Pelican's cache starts none), stopped when every file has been read; a worker is killed
    when the file it is reading is over budget, and the files queued behind it go to a new
    one."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.page_budget = float(settings["RENDER_BUDGET_SECONDS"])
        self.build_budget = float(settings["RENDER_BUDGET_BUILD_SECONDS"])
        self.project = Path(settings["PATH"]).resolve().parent
        self.readers: dict[int, Any] = {}
        # The build's one reader object of each class (budgeted()).
        self.made: dict[type, Any] = {}
        self.workers: list[Worker] = []
        self.planned: deque[tuple[int, str]] = deque()
        self.answers: dict[str, Answer] = {}
        self.wanted = 1  # workers
        self.spent = 0.0

    @property
    def process(self) -> Any:
        """The first worker's process (None before one starts)."""
        return self.workers[0].process if self.workers else None

    def add(self, reader: Any) -> int:
        """A reader of this build; a worker forked after it holds a copy."""
        self.readers[id(reader)] = reader
        return id(reader)

    def name(self, path: str) -> str:
        """The file as an editor knows it: content/pages/x.md."""
        try:
            return Path(path).resolve().relative_to(self.project).as_posix()
        except ValueError:
            return path

    def start(self) -> Worker:
        context = multiprocessing.get_context(START_METHOD)
        ours, theirs = context.Pipe()
        with warnings.catch_warnings():
            # Python 3.12+ warns on every fork from a process with threads (the preview's
            # server): what the worker touches is safe to fork (docs/decisions.md).
            warnings.filterwarnings("ignore", "This process .* is multi-threaded")
            process = context.Process(
                target=serve, args=(theirs, dict(self.readers)), name="render", daemon=True
            )
            # The worker's garbage collector leaves the build's objects alone, so it does not
            # copy every page of memory it shares with the build (Python's gc.freeze advice).
            gc.freeze()
            try:
                process.start()
            finally:
                gc.unfreeze()
        theirs.close()
        worker = Worker(process, ours, set(self.readers), last_done=time.monotonic())
        self.workers.append(worker)
        return worker

    def retire(self, worker: Worker) -> list[tuple[int, str]]:
        """Kill a worker, idle or stuck, without waiting for it to go (multiprocessing reaps
        it later); what was sent to it and not answered, in order."""
        worker.connection.close()
        worker.process.kill()
        self.workers.remove(worker)
        return [(sent.key, path) for path, sent in worker.sent.items()]

    def stop(self) -> None:
        """Kill every worker and forget what was planned."""
        for worker in list(self.workers):
            self.retire(worker)
        self.planned.clear()
        self.answers.clear()

    def plan(self, files: list[tuple[Any, str]]) -> None:
        """(reader, path) of the files Pelican will read, in its order: sent ahead."""
        self.planned.extend((self.add(reader), path) for reader, path in files)
        if len(self.planned) >= TWO_WORKERS_FROM:
            from content_checks.cores import two_cores

            self.wanted = 2 if two_cores() else 1
        self.top_up()

    def holder(self, path: str) -> Worker | None:
        return next((worker for worker in self.workers if path in worker.sent), None)

    def send(self, key: int, path: str) -> None:
        """Send a file to the worker with the fewest waiting (a new one if there are fewer
        than wanted, or the reader is newer than the worker)."""
        if len(self.workers) < self.wanted:
            self.start()
        worker = min(self.workers, key=lambda w: len(w.sent))
        if key not in worker.forked_with:  # a reader made after it forked
            self.planned.extendleft(reversed(self.retire(worker)))
            worker = self.start()
        state = log_state()
        worker.sent[path] = Sent(key, state, time.monotonic())
        try:
            worker.connection.send((key, path, state))
        except OSError:
            pass  # the worker has died: the wait for its current file says so

    def top_up(self) -> None:
        """Send planned files until each worker has AHEAD waiting."""
        while self.planned:
            if len(self.workers) >= self.wanted and all(len(w.sent) >= AHEAD for w in self.workers):
                return
            key, path = self.planned.popleft()
            if path not in self.answers and self.holder(path) is None:
                self.send(key, path)

    def wait(self, worker: Worker) -> None:
        """Until the worker answers its current file, or the file is over budget (then the
        worker is killed and the files behind it go to a new one)."""
        current = next(iter(worker.sent))
        budget = min(self.page_budget, self.build_budget - self.spent)
        started = max(worker.last_done, worker.sent[current].at, worker.taken)
        wait = budget
        while True:
            try:
                if worker.connection.poll(max(wait, 0.01)):
                    self.take(worker, worker.connection.recv())
                    return
            except (EOFError, OSError):
                worker.process.join(1)
                code = worker.process.exitcode
                how = f"stopped with signal {-code}" if code and code < 0 else "stopped the worker"
                self.fail(worker, stopped(self.name(current), how))
                return
            elapsed = time.monotonic() - started
            cpu_now = cpu_seconds(worker.process.pid)
            used = elapsed if cpu_now is None else cpu_now - worker.last_cpu
            if used >= budget or elapsed >= budget * STARVED_WAIT:
                name = self.name(current)
                over_page = self.build_budget - self.spent >= self.page_budget
                self.spent += elapsed
                self.fail(
                    worker,
                    too_slow(name, self.page_budget)
                    if over_page
                    else build_too_slow(name, self.build_budget),
                )
                return
            wait = budget - used

    def take(self, worker: Worker, reply: Any) -> None:
        outcome, records, (done, cpu, took) = reply
        path = next(iter(worker.sent))
        self.answers[path] = (*outcome, records, worker.sent.pop(path).state)
        worker.last_done, worker.last_cpu, worker.taken = done, cpu, time.monotonic()
        self.spent += took
        if outcome[0] == "too deep":
            # Python's recursion limit was reached somewhere inside the worker (Markdown's
            # parser, a logging call): its state cannot be trusted, and the next page read
            # there lost its messages. The files behind it go to a new worker.
            self.planned.extendleft(reversed(self.retire(worker)))
        self.top_up()

    def fail(self, worker: Worker, message: str) -> None:
        """The worker's current file is left out with `message`; the worker is killed."""
        current, *rest = self.retire(worker)
        self.answers[current[1]] = ("left out", message, [], None)
        self.planned.extendleft(reversed(rest))
        self.top_up()

    def read(self, reader: Any, path: str) -> tuple[str, dict[str, Any]]:
        key = self.add(reader)
        name = self.name(path)
        if self.spent >= self.build_budget:  # said once, for the page that was building
            raise self.left_out(name, "")
        while True:
            while path not in self.answers:
                worker = self.holder(path)
                if worker is None:
                    if (key, path) in self.planned:  # asked for before its turn
                        self.planned.remove((key, path))
                    self.send(key, path)
                else:
                    self.wait(worker)
            outcome, value, records, state = self.answers.pop(path)
            if outcome == "logged" and state != log_state():
                # Read ahead, before this process had logged what it has now (a message it
                # would drop as repeated was fatal there): read it again, as it would be now.
                self.send(key, path)
                continue
            break
        if outcome == "left out":
            raise self.left_out(name, value)
        replay(records)
        if outcome == "read":
            return value
        if outcome == "logged":
            raise RuntimeError(FATAL)  # as the fatal message would have, logged here
        if outcome == "unpicklable":  # within budget in the worker, so safe to read here
            return super(type(reader), reader).read(path)
        if outcome == "too deep":
            raise self.left_out(name, too_deep(name))
        raise self.left_out(name, broken(name, value))

    def left_out(self, name: str, message: str) -> PageNotBuilt:
        """The page is left out of the build, as the content checks leave out a page they
        refuse: a page that links to it is not blamed for the link."""
        left = self.settings.get("CONTENT_CHECKS_LEFT_OUT")
        if isinstance(left, list) and name not in left:
            left.append(name)
        return PageNotBuilt(message)


_POOL: dict[str, RenderPool | None] = {"current": None}


def pool_for(settings: dict[str, Any]) -> RenderPool:
    """This build's pool (one build at a time per process: scripts/build.py's lock)."""
    pool = _POOL["current"]
    if pool is None or pool.settings is not settings:
        if pool is not None:
            pool.stop()
        pool = _POOL["current"] = RenderPool(settings)
    return pool


_BUDGETED: dict[type, type] = {}


def budgeted(reader_class: type) -> type:
    """`reader_class`, reading each file in the build's worker. One reader object serves the
    whole build: Pelican makes one for each Markdown suffix in each generator (16), and each
    makes its own Markdown, which only the worker uses."""
    if reader_class in _BUDGETED:
        return _BUDGETED[reader_class]

    class Budgeted(reader_class):  # type: ignore[misc,valid-type]
        def __new__(cls, settings: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            made = pool_for(settings).made
            if cls not in made:
                made[cls] = super().__new__(cls)
            return made[cls]

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if not hasattr(self, "settings"):  # the build's first: the others are it
                super().__init__(*args, **kwargs)
                pool_for(self.settings).add(self)

        def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
            return pool_for(self.settings).read(self, source_path)

    # Pelican records the reader's class name in each page's metadata ("reader").
    Budgeted.__name__, Budgeted.__qualname__ = reader_class.__name__, reader_class.__qualname__
    _BUDGETED[reader_class] = Budgeted
    return Budgeted


class NameThePage(logging.Filter):
    """On Pelican's generators' logger: for a page this plugin stopped, the message says why,
    not "Could not process". Pelican leaves the page out and reads the others, so one run
    names every page that is too complex; the build fails at the end."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = sys.exc_info()[1]
        if isinstance(error, PageNotBuilt) and record.msg == COULD_NOT_PROCESS:
            if not str(error):
                return False  # left out after the build's budget ran out, which was said
            record.msg, record.args = str(error), ()
        return True


NAME_THE_PAGE = NameThePage()


# --- Signal handlers ------------------------------------------------------------------


def merge_defaults(pelican: Any) -> None:
    """initialized (first): DEFAULTS for the settings pelicanconf.py leaves out; the message
    that names a page stopped here."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    logging.getLogger("pelican.generators").addFilter(NAME_THE_PAGE)


def budget_readers(readers: Any) -> None:
    """readers_init (last): the Markdown reader, as the other plugins left it, reads in the
    build's worker."""
    for extension, reader in list(readers.reader_classes.items()):
        if reader is None or "markdown" not in getattr(reader, "file_extensions", []):
            continue
        readers.reader_classes[extension] = budgeted(reader)


def read_ahead(generator: Any) -> None:
    """article_generator_init, page_generator_init: the Markdown files this generator will
    read (those Pelican's cache does not hold), found as it will find them, planned in the
    order it will read them (the articles' generator starts before the pages', and reads
    first)."""
    from pelican.generators import ArticlesGenerator
    from pelican.utils import file_suffix

    kind = "ARTICLE" if isinstance(generator, ArticlesGenerator) else "PAGE"
    readers = generator.readers
    ours = {fmt: r for fmt, r in readers.readers.items() if type(r) in _BUDGETED.values()}
    if not ours:
        return
    files = []
    for name in generator.get_files(
        generator.settings[f"{kind}_PATHS"], exclude=generator.settings[f"{kind}_EXCLUDES"]
    ):
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = ours.get(file_suffix(path))
        if reader is None or generator.get_cached_data(name, None) is not None:
            continue
        if readers.get_cached_data(path, (None, None))[0] is None:
            files.append((reader, path))
    if files:
        pool_for(generator.settings).plan(files)


def stop_pool(*_: Any) -> None:
    """all_generators_finalized: every file has been read."""
    pool = _POOL["current"]
    if pool is not None:
        pool.stop()


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.readers_init.connect(budget_readers)
    signals.article_generator_init.connect(read_ahead)
    signals.page_generator_init.connect(read_ahead)
    signals.all_generators_finalized.connect(stop_pool)
