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


def test_compressed_copies_come_from_the_cache_only_when_they_decompress_to_the_file(tmp_path):
    """The precompressed copies are kept by the SHA-256 of what they compress; a kept copy
    that is planted, damaged or of other bytes is made again, never published."""
    import gzip
    import hashlib

    import brotli
    from build_steps.precompress import precompress

    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>The helpline is free and confidential.</p>" * 20)
    data = page.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert precompress(site, cache) == 1
    made = {s: (site / f"index.html{s}").read_bytes() for s in (".gz", ".br")}
    assert {p.name for p in cache.iterdir()} == {digest + ".gz", digest + ".br"}

    # A copy kept from before is used as it is (here: the same bytes, at another level).
    other = gzip.compress(data, 1, mtime=0)
    (cache / f"{digest}.gz").write_bytes(other)
    precompress(site, cache)
    assert (site / "index.html.gz").read_bytes() == other

    # Planted copies: of other bytes, and not compressed at all. Both are made again.
    (cache / f"{digest}.gz").write_bytes(gzip.compress(b"<script>x</script>", mtime=0))
    (cache / f"{digest}.br").write_bytes(b"not brotli")
    precompress(site, cache)
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == data
    assert (site / "index.html.br").read_bytes() == made[".br"]
    assert brotli.decompress((cache / f"{digest}.br").read_bytes()) == data


def test_brotli_takes_its_best_setting_for_every_file_but_a_very_large_one(tmp_path):
    """Quality 11 for the pages and the search's files; quality 9 for a file over a megabyte
    (the editor's 5 MB bundle: 10 s at 11, 0.5 s at 9)."""
    import brotli
    from build_steps.precompress import LARGE, precompress

    (tmp_path / "index.html").write_text("<p>The helpline is free and confidential.</p>" * 20)
    (tmp_path / "bundle.js").write_bytes(
        b"".join(b"var v%d = %d;\n" % (n, n) for n in range(70000))
    )
    sizes = {p.name: p.stat().st_size for p in tmp_path.iterdir()}
    assert sizes["index.html"] < LARGE < sizes["bundle.js"]
    precompress(tmp_path)
    for name, quality in (("index.html", 11), ("bundle.js", 9)):
        data = (tmp_path / name).read_bytes()
        assert (tmp_path / f"{name}.br").read_bytes() == brotli.compress(data, quality=quality)


def test_the_compressed_copies_cache_keeps_the_most_recently_used(tmp_path):
    import os

    from build_steps.precompress import prune

    for number in range(6):
        kept = tmp_path / f"{number}.br"
        kept.write_bytes(b"x")
        os.utime(kept, (1000 + number, 1000 + number))
    prune(tmp_path, kept=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2.br", "3.br", "4.br", "5.br"]


LEAVES = """
import multiprocessing, sys, time
sys.path[:0] = [{scripts!r}]
import build

def sleep():
    time.sleep(60)

child = multiprocessing.get_context("fork").Process(target=sleep, daemon=True)
child.start()
print(child.pid)
print("the build's last words", file=sys.stderr, end="")
build.leave(3)
"""


def test_the_build_leaves_at_once_with_its_code_its_words_and_no_process_behind(tmp_path):
    """scripts/build.py ends with os._exit (no tear-down): its report is still written out
    whole, and a worker still running (a build stopped mid-way) does not outlive it."""
    import contextlib
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from build_steps import ROOT

    code = LEAVES.format(scripts=str(ROOT / "scripts"))
    # A worker left behind holds the pipes open, and the run times out.
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert done.returncode == 3
    assert done.stderr == "the build's last words"
    pid = int(done.stdout)

    def alive() -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    for _ in range(100):
        if not alive():
            break
        time.sleep(0.01)
    left = alive()
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, 9)  # should the test fail, nothing is left sleeping
    assert not left, "a worker outlived the build"
