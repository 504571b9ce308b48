"""Words that say nothing: link words such as "click here" and headings such as "More",
which tell a reader (and a screen reader's list of links or headings) nothing on their own."""

from __future__ import annotations

from .pages import Page

VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "link", "this page"}


def vague(words: str) -> bool:
    return " ".join(words.lower().split()).strip(".!:") in VAGUE_LINK_TEXT


def check_link_text(page: Page) -> list[str]:
    return [
        f"link text {' '.join(words.lower().split()).strip('.!:')!r} does not say where the link goes ({href})"
        for href, words in page.data.anchors
        if vague(words)
    ]


def check_heading_text(page: Page) -> list[str]:
    return [
        f"the heading {words!r} does not say what the section is about"
        for _, words in page.data.headings
        if vague(words)
    ]
