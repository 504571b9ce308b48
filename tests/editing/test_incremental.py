"""Rebuilds reuse unchanged pages (plugins/incremental) and Pelican's content cache; these
tests check that a rebuild after an edit gives exactly the files a build from nothing gives,
for the kinds of edit that reach other pages: a body, a title shown in other pages' related
links, a figure from data/figures.yaml, and a new page."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from build import write_settings  # noqa: E402
from support.building import build_in_process, minimal_content  # noqa: E402


def build(settings: Path, output: Path) -> None:
    """In this process, as the preview rebuilds (a second a build less than a new Python):
    so state kept between builds in the process must not leak into the next either."""
    result = build_in_process(settings, output)
    assert result.returncode == 0, result.stderr


def files(site: Path) -> dict[str, bytes]:
    """Every file and folder (a folder as None): a folder left empty is a difference too."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes() if p.is_file() else None
        for p in site.rglob("*")
    }


def differences(a: Path, b: Path) -> list[str]:
    left, right = files(a), files(b)
    return sorted(
        name
        for name in left.keys() | right.keys()
        if name not in left or name not in right or left[name] != right[name]
    )


@pytest.fixture
def workspace(tmp_path: Path):
    """A copy of the content and the figures, built once so the next build is a rebuild."""
    return make_workspace(tmp_path)


@pytest.fixture(scope="module")
def shared_workspace(tmp_path_factory):
    """One workspace for the edits below, each made on top of the ones before: every rebuild
    is still compared with a build of the same content from nothing, with empty caches."""
    return make_workspace(tmp_path_factory.mktemp("edits"))


def make_workspace(tmp_path: Path):
    content = tmp_path / "content"
    minimal_content(content)
    figures = tmp_path / "figures.yaml"
    shutil.copy(ROOT / "data" / "figures.yaml", figures)

    def settings(name: str, **extra: object) -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        return write_settings(folder / "conf.py", content, FIGURES_FILE=str(figures), **extra)

    incremental = settings("incremental")
    build(incremental, tmp_path / "output")
    return content, figures, settings, incremental, tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path}; update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "a body": lambda content, figures: edit(
        content / "resources" / "helpline.md", "\n\n", "\n\nAn added sentence to check.\n\n"
    ),
    "a title other pages link to": lambda content, figures: edit(
        content / "resources" / "get-help.md", "title: ", "title: Renamed, "
    ),
    "a figure in the data file": lambda content, figures: edit(
        figures, "value: 1365", "value: 1366"
    ),
    "a new FAQ": lambda content, figures: (content / "faq" / "a-new-question.md").write_text(
        "---\ntitle: Is this a new question?\naudience: yourself\n"
        "description: A question added by the rebuild test.\n---\nYes. It is new.\n",
        encoding="utf-8",
    ),
}
# A page with a folder of its own (test_a_rebuild_after_a_page_is_removed_equals_…).
ADDED_NEWS = (
    "---\ntitle: A news item added by the rebuild test\ndate: 2020-01-02\nslug: added\n"
    "description: A news item the rebuild test adds and then removes.\n"
    "summary: A news item the rebuild test adds.\n---\nZanzibarish words, only here.\n"
)


@pytest.mark.parametrize("change", EDITS, ids=list(EDITS))
def test_a_rebuild_after_an_edit_equals_a_build_from_nothing(shared_workspace, change):
    content, figures, settings, incremental, tmp = shared_workspace
    EDITS[change](content, figures)
    build(incremental, tmp / "output")
    clean = settings(f"clean-{len(list(tmp.glob('clean-*')))}")  # its own, empty caches
    build(clean, clean.parent / "site")
    assert differences(tmp / "output", clean.parent / "site") == []


def test_a_rebuild_after_a_page_is_removed_equals_a_build_from_nothing(shared_workspace):
    """A page with a folder of its own, added and then removed: its folder, its search
    fragment and its words go with it (the search index is brought up to date in the last
    site's bundle, and what the new index does not use is removed). On the edits' workspace,
    whatever edits were made to it before: the comparison is with the same content."""
    content, _, settings, incremental, tmp = shared_workspace
    added = content / "news" / "added.md"
    added.write_text(ADDED_NEWS, encoding="utf-8")
    build(incremental, tmp / "output")
    assert (tmp / "output" / "news" / "added" / "index.html").is_file()
    EDITS["a body"](content, None)
    build(incremental, tmp / "output")  # the site with the news item is now the last one
    added.unlink()
    build(incremental, tmp / "output")  # its search bundle, with the item's, brought up to date
    clean = settings(f"clean-{len(list(tmp.glob('clean-*')))}")  # its own, empty caches
    build(clean, clean.parent / "site")
    assert differences(tmp / "output", clean.parent / "site") == []


def test_the_comparison_catches_a_page_wrongly_reused(workspace):
    """If the FAQ page (which shows every answer) were treated as a single page, an edited
    answer would not reach it: the comparison above must see that. (The edit changes only the
    answer's markup: its words are in the FAQ page's structured data, which would notice.)"""
    content, _, settings, _, tmp = workspace
    wrong = settings("wrong", INCREMENTAL_TEMPLATES=["page", "faq"])
    build(wrong, tmp / "wrong-site")
    edit(content / "faq" / "what-are-the-campaigns.md", "They are regional", "*They are* regional")
    build(wrong, tmp / "wrong-site")
    build(settings("clean"), tmp / "clean-site")
    assert "faq/index.html" in differences(tmp / "wrong-site", tmp / "clean-site")


def test_a_rebuild_renders_the_edited_page_and_reuses_the_others(workspace):
    content, _, _, incremental, tmp = workspace
    output = tmp / "output"
    build(incremental, output)  # now the content cache is warm as well

    def stamps() -> dict[str, int]:
        return {
            p.relative_to(output).as_posix(): p.stat().st_mtime_ns for p in output.rglob("*.html")
        }

    before = stamps()
    EDITS["a body"](content, None)
    build(incremental, output)
    after = stamps()
    assert after["resources/helpline/index.html"] != before["resources/helpline/index.html"]
    reused = sorted(name for name in before if after.get(name) == before[name])
    assert "campaigns/scotland/index.html" in reused
    assert "campaigns/scotland/poster/index.html" in reused
    assert "faq/index.html" not in reused  # it shows other pages' bodies: always rendered
    assert len(reused) >= len(before) // 2, reused


def test_a_problem_is_reported_again_on_the_next_build_until_it_is_fixed(workspace):
    """Each file's checks are kept between builds: a kept result must still fail the build."""
    content, _, _, incremental, tmp = workspace
    edit(content / "campaigns" / "scotland.md", "launch_date: 2017-06", "launch_date: June 2017")
    # The first build as the preview runs it (in this process), the second as make html does
    # (a new process, which has only what the first kept on disk).
    first = build_in_process(incremental, tmp / "output")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), "--settings", str(incremental),
         "--output", str(tmp / "output")],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    messages = []
    for returncode, errors in [
        (first.returncode, first.stderr),
        (result.returncode, result.stderr),
    ]:
        assert returncode != 0
        messages.append(next(line for line in errors.splitlines() if "launch_date" in line))
    assert messages[0] == messages[1]
    assert 'launch_date "June 2017" is not a date' in messages[0]
    edit(content / "campaigns" / "scotland.md", "launch_date: June 2017", "launch_date: 2017-06")
    build(incremental, tmp / "output")


def test_a_build_with_nothing_changed_leaves_the_site_as_it_is_and_any_change_builds_again(
    workspace,
):
    """make html with every input as the last good build had it, into the output it made,
    does nothing (build_steps/unchanged.py); a change to the content, the data file, the
    settings or the output itself builds again. The edits above show each rebuild equals a
    build from nothing."""
    from build_steps.unchanged import listing

    content, figures, settings, incremental, tmp_path = workspace
    output = tmp_path / "output"
    build(incremental, output)  # the first build kept no record of what it was made from
    made = listing(output)
    build(incremental, output)
    assert listing(output) == made, "a build with nothing changed wrote the site again"

    changes = [
        lambda: edit(content / "resources" / "helpline.md", "\n\n", "\n\nOne more sentence.\n\n"),
        lambda: edit(figures, "value: 1365", "value: 1366"),
        lambda: settings("incremental", SITE_ABSOLUTE_URL="http://127.0.0.1:8765"),
        lambda: (output / "stray.html").write_text("written by hand"),
    ]
    for change in changes:
        before = listing(output)
        change()
        build(incremental, output)
        assert listing(output) != before, "a build after a change did nothing"
        assert not (output / "stray.html").exists()
        unchanged_since = listing(output)
        build(incremental, output)
        assert listing(output) == unchanged_since
