"""The one build function (scripts/build.py): what it guarantees on its own."""

import logging

import pytest
from build_steps.pelican_run import fresh_logging


@pytest.fixture(autouse=True)
def fatal_level_restored():
    """fresh_logging() makes warnings fatal for the whole process, as a build does."""
    from pelican.log import FatalLogger

    level = FatalLogger.fatal_lvl
    yield
    FatalLogger.fatal_lvl = level


def test_a_warning_repeated_in_the_next_build_of_the_same_process_still_fails_it():
    """Pelican drops a warning it has logged before in the process; the preview builds many
    times in one process, so the same mistake saved twice must be caught by both builds."""
    from build_steps.pelican_run import Capture

    for _ in range(2):
        fresh_logging()
        capture = Capture()
        log = logging.getLogger("pelican.test-build")  # a FatalLogger, as Pelican's own are
        log.addHandler(capture)
        try:
            log.warning("Unable to find 'missing.md', skipping url replacement.")
        finally:
            log.removeHandler(capture)
        assert capture.messages == ["Unable to find 'missing.md', skipping url replacement."]


def test_a_warning_does_not_stop_the_build_so_every_problem_is_found_in_one_run():
    fresh_logging()
    logging.getLogger("pelican.test-build").warning("Unable to find 'x.md'")  # no raise


def test_a_build_leaves_warnings_as_fatal_as_it_found_them(tmp_path):
    """The preview and the tests build in their own process: warnings are fatal only during
    a build, never after it."""
    from build import build, write_settings
    from pelican.log import FatalLogger

    before = FatalLogger.fatal_lvl
    (tmp_path / "content" / "pages").mkdir(parents=True)
    settings = write_settings(tmp_path / "s.py", tmp_path / "content")
    build(settings, tmp_path / "output", search="none")
    assert FatalLogger.fatal_lvl == before
