"""Pelican in this process, writing into the staging folder, with `--fatal warnings`: every
warning or error it logs is caught as a message for the editor, files named as the editor
knows them, and the process is left as it was found (Pelican's caches emptied)."""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from typing import Any

from .atomic_output import locked

logger = logging.getLogger("build")


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
