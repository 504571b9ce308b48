"""A draft of every type builds (it is checked like any page, and shown in the preview) and
is never published: not in a publish build's output, nor named on any of its pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.building import build_content, minimal_content
from test_bad_input import CAMPAIGN, FAQ, page, write

MARK = "Words nobody may read yet"
DRAFTS = {
    "pages/draft-page.md": page(MARK, title="A draft page", status="draft"),
    "resources/draft-resource.md": page(
        MARK, title="A draft resource", summary="A draft.", status="draft"
    ),
    "news/draft-news.md": page(
        MARK, title="A draft news item", date="2019-04-01", summary="A draft.", status="draft"
    ),
    "campaigns/draft-campaign.md": CAMPAIGN.replace("slug: test-campaign\n", "status: draft\n")
    .replace("Test campaign", "Draft campaign")
    .replace("Some words about the campaign.", MARK),
    "faq/draft-question.md": FAQ.replace("audience: yourself", "audience: yourself\nstatus: draft")
    .replace("Is this a test question?", "Is this a draft question?")
    .replace("Yes, it is.", MARK),
}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("drafts")
    return minimal_content(root / "content", *(write(n, t) for n, t in DRAFTS.items()))


def test_a_draft_of_every_type_builds_for_the_preview(content):
    output = content.parent / "output-dev"
    result = build_content(content, output)
    assert result.returncode == 0, result.stderr
    shown = [p for p in output.rglob("*.html") if MARK in p.read_text(encoding="utf-8")]
    # Each draft page, and the FAQ draft inside the FAQ page's draft view or its own.
    assert len(shown) >= 4, shown


def test_no_draft_is_published(content):
    output = content.parent / "output-publish"
    env = {**os.environ, "SITEURL": "https://example.org/campaigns"}
    result = build_content(content, output, base="publishconf", env=env)
    assert result.returncode == 0, result.stderr
    assert not (output / "drafts").exists()
    for file in output.rglob("*"):
        if file.is_file() and file.suffix in {".html", ".xml", ".json", ".txt"}:
            text = file.read_text(encoding="utf-8", errors="replace")
            assert MARK not in text, file
            assert "draft-" not in text, file
