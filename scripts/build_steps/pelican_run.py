"""Pelican in this process, writing into the staging folder, with `--fatal warnings`: every
warning or error it logs is caught as a message for the editor, files named as the editor
knows them, and the process is left as it was found (Pelican's caches emptied)."""

from __future__ import annotations

import logging
import os
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
    """`--fatal warnings`, in one run: every warning or error is collected, and any of them
    fails the build, but only after every check has run (the editor gets one report, not one
    problem a round). Pelican drops a warning it has logged before in the same process, so a
    mistake repeated in the next build of a long-running preview would pass: forget them."""
    from pelican.log import FatalLogger, LimitFilter

    FatalLogger.fatal_lvl = logging.CRITICAL + 1  # never raise: Capture fails the build
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


# The checks that run after Pelican has read and written every page: named when a build
# stops before them, so the editor knows the report is not the whole story.
LATER_CHECKS = (
    "the checks of the built pages (links and #anchors, link words, headings, alt text, "
    "titles, ids) did not run"
)


def internal_error(error: BaseException, log: Path) -> str:
    """The message for an error nobody foresaw: where it happened as far as known, that it
    is the build's problem, and where the details went (never to the screen)."""
    import traceback

    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    return (
        f"The build stopped with an error of its own ({type(error).__name__}). This is a bug "
        "in the site's build, not a mistake in your writing: please report it (docs/errors.md, "
        f"'When the build itself fails'), with the file {log}; {LATER_CHECKS}"
    )


def clear_pelican_caches() -> None:
    """Empty the caches of Pelican's memoized methods, which hold every page of every build
    (a long-running preview would otherwise grow with each save)."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        Content.__dict__[name].cache.clear()


def problems_so_far() -> int:
    """How many problems the build running in this process has met so far (0 when none
    runs): a build that will fail need not start its search index."""
    return sum(len(h.messages) for h in logging.getLogger().handlers if isinstance(h, Capture))


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
        if getattr(error, "for_editor", False) or type(error).__name__ == "SiteAddressError":
            message = str(error)
            for old, new in paths.replacements:
                message = message.replace(old, new)
            capture.messages.append(message)
        else:
            where = Path(settings["CACHE_PATH"]).parent if settings else settings_file.parent
            capture.messages.append(internal_error(error, where / "build-error.log"))
    finally:
        for handler in root.handlers:
            handler.removeFilter(paths)
        root.removeHandler(capture)
        FatalLogger.fatal_lvl = level
        clear_pelican_caches()
    return capture.messages, settings
