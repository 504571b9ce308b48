"""The built-page checks reuse an unchanged page's link results only while what its links can
reach is unchanged: a page that did not change is blamed as soon as the anchor or the file
it links to goes away."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_checks.site_checks import UPDATED, check_output

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<main><h1 id="{heading}">{title}</h1>{body}<a href="tel:+448081000900">Call</a></main></body></html>"""


def write(root: Path, name: str, title: str, body: str, heading: str = "top") -> None:
    (root / name).write_text(PAGE.format(title=title, body=body, heading=heading))


def internal(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(page, m) for page, m in problems if "points to" in m or "has no id" in m]


def test_an_unchanged_page_is_blamed_when_what_it_links_to_goes_away(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    write(root, "index.html", "Home", '<p><a href="other.html#part">The other page</a></p>'
          '<p><img src="picture.png" alt="A poster on a wall"></p>')  # fmt: skip
    write(root, "other.html", "Other", '<p><a href="index.html">Home</a></p>', heading="part")
    (root / "picture.png").write_bytes(b"\x89PNG")
    results: dict = {}

    def run() -> list[tuple[str, str]]:
        return internal(check_output(root, "http://127.0.0.1:8000/", "tel:+448081000900", results))

    assert run() == []
    UPDATED[0] = False
    assert run() == []
    assert UPDATED[0] is False, "nothing changed, yet the links were worked out again"

    write(root, "other.html", "Other", '<p><a href="index.html">Home</a></p>', heading="moved")
    assert [page for page, _ in run()] == ["index.html"]  # index.html itself did not change
    write(root, "other.html", "Other", '<p><a href="index.html">Home</a></p>', heading="part")
    assert run() == []

    (root / "picture.png").unlink()
    assert [page for page, _ in run()] == ["index.html"]


def test_a_page_no_link_reaches_is_found_again_when_a_link_to_it_goes_away(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    write(root, "index.html", "Home", '<p><a href="other.html">The other page</a></p>')
    write(root, "other.html", "Other", "<p>Words.</p>")
    results: dict = {}

    def orphans() -> list[str]:
        found = check_output(root, "http://127.0.0.1:8000/", "tel:+448081000900", results)
        return [page for page, m in found if "not linked from any page" in m]

    assert orphans() == []
    write(root, "other.html", "Other", "<p>Other words, same links.</p>")
    assert orphans() == []
    write(root, "index.html", "Home", "<p>No link to the other page now.</p>")
    assert orphans() == ["other.html"]
    write(root, "index.html", "Home", '<p><a href="other.html">The other page</a></p>')
    assert orphans() == []


def test_a_page_whose_file_is_the_one_last_checked_is_not_read_again(tmp_path, monkeypatch):
    """A build keeps each page's content hash by its file's stamp (device, inode, size,
    time) and the pages no link reaches by the site's links, in its cache between processes:
    at 1,000 pages, reading every page and finding the orphans again took 0.6 s a build."""
    from site_checks import link_targets, pages, site_checks

    root = tmp_path / "site"
    root.mkdir()
    write(root, "index.html", "Home", '<p><a href="other.html">The other page</a></p>')
    write(root, "other.html", "Other", "<p>Words.</p>")
    results: dict = {}
    stamps: dict = {}
    orphans: dict = {}

    def run() -> list[tuple[str, str]]:
        return check_output(
            root, "http://127.0.0.1:8000/", "tel:+448081000900", results,
            orphans=orphans, stamps=stamps,
        )  # fmt: skip

    first = run()
    assert len(stamps) == 2 and orphans
    # As a new process would: the same stamps and orphans, from the cache's file.
    stamps, orphans = dict(stamps), dict(orphans)
    read: list[str] = []
    original = pages.Page.text
    monkeypatch.setattr(
        pages.Page, "text", property(lambda p: read.append(p.path) or original.fget(p))
    )
    monkeypatch.setattr(site_checks, "check_no_orphans", lambda site: pytest.fail("found again"))
    assert link_targets  # the orphans are found by link_targets.check_no_orphans
    assert run() == first and read == []
    write(root, "other.html", "Other", "<p>Other words, same links.</p>")  # a new file
    assert run() == first and set(read) == {"other.html"}
