"""Titles, headings and pictures: every page has a title of its own and one <h1>, headings
go down one level at a time, and every picture's alt text says what it shows."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .pages import Page


def check_title(page: Page) -> list[str]:
    if not page.data.title:
        return ["the page has no <title> or an empty one"]
    return []


def check_unique_titles(pages: list[Page]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for page in pages:
        text = page.facts["title"]
        if text in seen:
            problems.append(f"{page.path} has the same title as {seen[text]}: {text!r}")
        seen.setdefault(text, page.path)
    return problems


def check_unique_ids(page: Page) -> list[str]:
    """Two elements with one id: a link to it, the skip link or a label reaches only the
    first (a heading named like a part of the page, an FAQ file named after one)."""
    return [
        f"the id {identifier!r} is used twice on the page"
        for identifier in dict.fromkeys(page.data.duplicate_ids)
    ]


def check_one_h1(page: Page) -> list[str]:
    count = sum(1 for level, _ in page.data.headings if level == 1)
    return [] if count == 1 else [f"the page has {count} <h1> elements; it needs exactly one"]


def check_heading_levels(page: Page) -> list[str]:
    problems = []
    previous = 0
    for level, text in page.data.headings:
        if previous and level > previous + 1:
            problems.append(f"<h{level}> {text!r} follows an <h{previous}>: a level is skipped")
        previous = level
    return problems


def check_images_have_alt(page: Page) -> list[str]:
    return [
        f"<img src={src!r}> has no alt attribute" for src, alt in page.data.images if alt is None
    ]


# Alt text that names the kind of thing, not what it shows.
EMPTY_ALT = {"image", "picture", "photo", "photograph", "graphic", "img", "icon", "logo", "poster"}


def check_alt_text_says_something(page: Page) -> list[str]:
    problems = []
    for src, alt in page.data.images:
        if alt is None:
            continue
        said = " ".join(alt.lower().split()).strip(".")
        name = Path(urlsplit(src).path).name.lower()
        if said in EMPTY_ALT or (name and said in {name, Path(name).stem}):
            problems.append(
                f"<img src={src!r}> has alt text {alt!r}, which does not say what it shows"
            )
    return problems
