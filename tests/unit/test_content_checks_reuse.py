"""A file's content-check result is reused while its bytes are the same and every file its
links name is still there (or still missing): adding a page checks that page, not every page
again, and what the checks find is always what they find from nothing."""

from __future__ import annotations

import shutil

import pytest
from build import ROOT
from content_checks import cache, content_checks
from test_content_checks_on_two_cores import settings_for


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A copy of the real content, and the names of the files each check_content() checks."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setattr(content_checks, "_CACHE", cache.ResultCache())
    monkeypatch.setattr(content_checks, "SPLIT_FROM", 10**9)  # in this process, counted
    checked: list[str] = []
    real = content_checks.check_file
    monkeypatch.setattr(
        content_checks,
        "check_file",
        lambda file, *rest: (
            checked.append(file.relative_to(content).as_posix()) or real(file, *rest)
        ),
    )
    return content, settings_for(content), checked, monkeypatch


def again(site) -> list:
    """check_content() with the kept results, which must equal a run from nothing."""
    content, settings, checked, monkeypatch = site
    checked.clear()
    kept = content_checks.check_content(content, settings)
    found = list(checked)
    with monkeypatch.context() as fresh:
        fresh.setattr(content_checks, "_CACHE", cache.ResultCache())
        assert content_checks.check_content(content, settings) == kept
    checked[:] = found
    return [str(p) for p in kept[0]]


PAGE = "---\ntitle: {title}\ndescription: A page for this test, with words of its own.\n---\n\n{body}\n"


def page(title: str, body: str) -> str:
    return PAGE.format(title=title, body=body)


def test_a_page_added_is_the_only_file_checked_again(site):
    content, _, checked, _ = site
    again(site)
    assert len(checked) >= 30  # the first run checks every file
    (content / "pages" / "new.md").write_text(page("A new page", "Words of the new page."))
    again(site)
    assert checked == ["pages/new.md"]
    again(site)
    assert checked == []  # nothing changed


def test_a_page_is_checked_again_when_a_file_its_links_name_comes_or_goes(site):
    content, _, checked, _ = site
    link = "See [the other page]({filename}/pages/other.md) and [help](/resources/helpline/)."
    (content / "pages" / "linking.md").write_text(page("A linking page", link))
    assert any("the link to pages/other.md finds no page" in p for p in again(site))
    (content / "pages" / "other.md").write_text(page("The other page", "Its words."))
    assert not any("pages/other.md finds no page" in p for p in again(site))
    assert sorted(checked) == ["pages/linking.md", "pages/other.md"]
    (content / "pages" / "other.md").unlink()
    assert any("the link to pages/other.md finds no page" in p for p in again(site))
    assert checked == ["pages/linking.md"]
    # The page at /resources/helpline/ goes: the root-relative link's fix changes with it.
    fix = "write it as {filename}/resources/helpline.md"
    assert any(fix in p for p in again(site))
    (content / "resources" / "helpline.md").unlink()
    assert not any(fix in p for p in again(site))
    assert "pages/linking.md" in checked


def test_a_broken_links_suggestion_follows_every_file(site):
    """ "Did you mean" reads the whole list: a file added anywhere can change it."""
    content, _, checked, _ = site
    (content / "pages" / "linking.md").write_text(
        page("A linking page", "See [the guide]({filename}/pages/gardening-guide.md).")
    )
    assert not any("did you mean pages/gardening-guides.md" in p for p in again(site))
    (content / "pages" / "gardening-guides.md").write_text(page("Guides", "Its words."))
    assert any("did you mean pages/gardening-guides.md" in p for p in again(site))
    assert sorted(checked) == ["pages/gardening-guides.md", "pages/linking.md"]
