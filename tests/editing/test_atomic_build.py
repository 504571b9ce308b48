"""A build is sealed: a kill at any step leaves output/ as the whole old site or the whole new
one, the next build cleans up after it, and two builds of one output never run at once."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from build import ROOT, write_settings
from support.building import build_in_process, minimal_content
from support.killing import CONTEXT, build_main, kill_at

# Each step of scripts/build.py's build (the module it is called from, its name), and where
# in it the process is killed (tests/support/killing.py: the real build, forked from a process
# that has already imported it, killing itself with SIGKILL there).
KILL_POINTS = [
    ("build_steps.unchanged", "forget", "after"),
    # Pagefind starts once every page is written, while the pages are checked, and writes
    # its bundle beside the staging folder (tests/unit/test_indexing_beside_the_checks.py:
    # Pagefind dies with a killed build).
    ("build", "adopt_spare", "after"),
    ("build", "start_indexing", "after"),
    ("build", "run_pelican", "after"),
    ("build", "index_for_search", "after"),
    ("build", "make_readable", "after"),
    ("build_steps.atomic_output", "exchange", "before"),
    # After the exchange is also before the old site is retired (its search bundle kept).
    ("build_steps.atomic_output", "exchange", "after"),
    ("build", "swap_into_place", "after"),
    ("build_steps.unchanged", "remember", "after"),
]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Settings for the minimal site (tests/support/building.py), the old site built into
    output/, and what the new site (one page edited) looks like when built on its own."""
    tmp = tmp_path_factory.mktemp("atomic")
    content = tmp / "content"
    minimal_content(content)
    settings = write_settings(tmp / "settings.py", content)
    output = tmp / "output"
    # Both in this process (the build make html runs, without a new Python's start).
    assert build_in_process(settings, output).returncode == 0
    old = snapshot(output)
    page = content / "pages" / "privacy.md"
    page.write_text(
        page.read_text().replace(
            "\n---\n", "\n---\nA sentence added by the atomic-build test.\n", 1
        )
    )
    reference = tmp / "reference"
    assert build_in_process(settings, reference).returncode == 0
    return settings, output, old, snapshot(reference)


@pytest.mark.parametrize(
    ("module", "step", "when"), KILL_POINTS, ids=[f"{w}-{s}" for _, s, w in KILL_POINTS]
)
def test_a_kill_at_any_step_leaves_the_old_or_the_new_site_whole_and_the_next_build_cleans_up(
    sites, module, step, when, tmp_path
):
    settings, output, old, new = sites
    arguments = ["--settings", str(settings), "--output", str(output)]
    try:
        assert kill_at(module, step, when, arguments) == -9, f"not killed {when} {step}"
        after_kill = snapshot(output)
        assert after_kill in (old, new), f"output/ is neither whole site after a kill {when} {step}"
        # The next build finishes the job and leaves nothing behind but its lock file and the
        # spare search bundle. (In this process: the same build function make html calls,
        # without a new Python's start.)
        again = build_in_process(settings, output)
        assert again.returncode == 0, again.stderr
        assert snapshot(output) == new
        leftovers = sorted(p.name for p in output.parent.iterdir() if p.name.startswith(".output."))
        assert leftovers == [".output.lock", ".output.spare"]
        # The spare is the last site's search bundle, for the next build's Pagefind only.
        assert (output.parent / ".output.spare" / "pagefind-entry.json").is_file()
    finally:
        # The old site back for the next kill point (whatever happened here: a failure at
        # one point must not fail the next ones, which would find nothing to build).
        shutil.rmtree(output)
        output.mkdir()
        for name, data in old.items():
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_bytes(data)


def test_two_builds_of_one_output_at_once_both_finish_one_after_the_other(sites):
    """Two processes running make html's build at once (forked from one that has imported
    it, as the kill points are, rather than two new Pythons)."""
    settings, output, _, new = sites
    arguments = ["--settings", str(settings), "--output", str(output)]
    builds = [CONTEXT.Process(target=build_main, args=(arguments,)) for _ in range(2)]
    for process in builds:
        process.start()
    for process in builds:
        process.join(timeout=120)
    assert [process.exitcode for process in builds] == [0, 0]
    assert snapshot(output) == new
    assert not [
        p for p in output.parent.iterdir() if p.name.startswith((".output.new-", ".output.old-"))
    ]


def test_builds_leave_nothing_that_git_would_pick_up(sites, tmp_path):
    """The leftovers and the lock file beside output/ are ignored by the project's .gitignore."""
    names = [".output.lock", ".output.new-abc123", ".output.old-abc123"]
    checked = subprocess.run(
        ["git", "check-ignore", "--no-index", *names], capture_output=True, text=True, cwd=ROOT
    )
    assert checked.stdout.split() == names
