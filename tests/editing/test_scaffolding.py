"""make new-campaign and make new-faq: the new files build as they are, as drafts."""

import os
from pathlib import Path

import new_content
import pytest
from support.building import build_content as build
from support.building import minimal_content


@pytest.fixture
def content(tmp_path) -> Path:
    minimal_content(tmp_path / "content")
    return tmp_path / "content"


def test_a_new_campaign_builds_as_it_is_and_shows_as_a_draft_in_the_preview(content, tmp_path):
    path = new_content.new_campaign("Scaffolding Test Region", "2020-05-01", content)
    assert path == content / "campaigns" / "scaffolding-test-region.md"
    text = path.read_text()
    assert text.count("\n# ") >= 7  # every field explained in a comment
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    draft = (tmp_path / "output" / "drafts" / "scaffolding-test-region" / "index.html").read_text()
    assert "Draft:" in draft and "Scaffolding Test Region campaign" in draft
    home = (tmp_path / "output" / "index.html").read_text()
    assert "scaffolding-test-region" not in home  # drafts are not listed as campaigns


def test_a_new_faq_builds_as_it_is(content, tmp_path):
    path = new_content.new_faq("Can I call about a friend", "someone-else", content)
    assert path.read_text().startswith("---\n# The question")
    assert "title: Can I call about a friend?" in path.read_text()
    assert build(content, tmp_path / "output").returncode == 0


def test_a_new_campaign_with_a_bad_date_is_refused_with_the_fix(content):
    with pytest.raises(
        new_content.NewContentError,
        match=r'DATE="14/03/2020" is not a date; write it as YYYY-MM-DD',
    ):
        new_content.new_campaign("Somewhere", "14/03/2020", content)


def test_a_new_faq_without_a_question_is_refused_as_a_campaign_without_a_region_is(content):
    with pytest.raises(
        new_content.NewContentError, match=r'give the question, e.g. make new-faq QUESTION="'
    ):
        new_content.new_faq("  ", "yourself", content)
    with pytest.raises(new_content.NewContentError, match="give the region"):
        new_content.new_campaign("", "2020-05-01", content)


def test_a_new_campaign_published_unfinished_is_refused_at_the_scaffolds_words(content, tmp_path):
    path = new_content.new_campaign("Scaffolding Test Region", "2020-05-01", content)
    path.write_text(path.read_text().replace("status: draft\n", ""))
    result = build(content, tmp_path / "output")
    assert result.returncode != 0, path.read_text()
    assert "is what the scaffold wrote for you to replace" in result.stderr, path.read_text()


def test_a_new_faq_for_an_unknown_audience_is_refused(content):
    with pytest.raises(new_content.NewContentError, match="is not one of: yourself, someone-else"):
        new_content.new_faq("Why?", "everyone", content)


def test_drafts_are_never_published(content, tmp_path):
    new_content.new_campaign("Scaffolding Test Region", "2020-05", content)
    output = tmp_path / "published"
    env = {**os.environ, "SITEURL": "https://campaigns.example.org"}
    result = build(content, output, base="publishconf", env=env)
    assert result.returncode == 0, result.stderr
    published = [p.relative_to(output).as_posix() for p in output.rglob("*.html")]
    assert not any("scaffolding-test-region" in p or p.startswith("drafts/") for p in published)
