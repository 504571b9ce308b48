"""What a page's markup may be: no classes or ids of its own (the theme decides how pages
look, so content never wears the exit button's or the helpline box's look, or takes one of
the theme's ids), no footnotes or attribute lists, and tables with their headings."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

from markdown.extensions.toc import slugify

from .reading import Problem, Source

# Markdown a site without footnotes or attribute lists would publish as it is typed.
FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
ATTRIBUTE_LIST = re.compile(r"\{\s*:?\s*[.#:][^}]*\}")
# A tag of raw HTML, over as many lines as it takes.
TAG = re.compile(r"<[A-Za-z][^<>]*>", re.S)
# The ids the theme's templates give their own elements (main-content, the skip link's
# target): a heading in content that made one would make two on a page.
THEME_ID = re.compile(r'\bid="(?P<id>[^"{}]+)"')
CALLOUTS = "!!! note, !!! warning, !!! helpline or !!! details (docs/editing.md)"


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs if name in {"class", "id"}]

    handle_startendtag = handle_starttag


def classes_and_ids(html: str) -> list[tuple[str, str, str]]:
    """(tag, "class" or "id", value) for each class or id written in raw HTML."""
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.found


@functools.lru_cache(maxsize=8)
def theme_ids(theme: str) -> frozenset[str]:
    """Every fixed id in the theme's templates."""
    return frozenset(
        match["id"]
        for template in sorted(Path(theme, "templates").rglob("*.html"))
        for match in THEME_ID.finditer(template.read_text(encoding="utf-8"))
    )


def heading_id(text: str) -> str:
    """The id the Markdown toc extension gives a heading with this text."""
    plain = re.sub(r"\[([^\[\]]*)\]\([^)]*\)", r"\1", text)
    return slugify(re.sub(r"[*_`]", "", plain).strip(), "-")


TABLE_ROW = re.compile(r"^\s{0,3}\|")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
TABLES_HELP = "docs/editing.md, Tables"


def check_tables(src: Source) -> list[Problem]:
    """A table needs its row of headings, then a line of dashes: without them Markdown
    publishes the rows as a paragraph of pipes; with empty headings, a screen reader reads
    each cell with nothing to say what it is."""
    problems = []
    lines = src.body.splitlines()
    index = 0
    while index < len(lines):
        if not TABLE_ROW.match(lines[index]):
            index += 1
            continue
        start = index
        while index < len(lines) and (
            TABLE_ROW.match(lines[index]) or TABLE_RULE.match(lines[index])
        ):
            index += 1
        block, number = lines[start:index], src.body_line + start
        if len(block) < 2 or not TABLE_RULE.match(block[1]):
            problems.append(
                Problem(
                    src.path,
                    number,
                    "this looks like a table without its row of headings: write the headings "
                    "first (| Year | People |), then a line of dashes (| --- | --- |), then the "
                    f"rows ({TABLES_HELP})",
                )
            )
            continue
        headings = [cell.strip() for cell in block[0].strip().strip("|").split("|")]
        if not any(headings):
            message = (
                "the table's first row, its headings, is empty; write a heading for each column"
            )
        elif not all(headings):
            message = "a column of this table has no heading; write one in its first row"
        else:
            continue
        problems.append(Problem(src.path, number, f"{message} ({TABLES_HELP})"))
    return problems


def check_classes_and_ids(src: Source) -> list[Problem]:
    """Raw HTML that sets a class or an id: content never wears the theme's look (a second
    "Exit this page", a fake helpline box) or takes one of its ids. The whole body is read,
    code included: whatever Markdown would publish as HTML is seen."""
    problems = []
    for tag in TAG.finditer(src.body):
        for name, attribute, value in classes_and_ids(tag[0]):
            number = src.body_line + src.body.count("\n", 0, tag.start())
            problems.append(
                Problem(
                    src.path,
                    number,
                    f'{attribute}="{value}" on <{name}>: content cannot set classes or ids, '
                    f"the theme decides how pages look; remove it (for a box, use {CALLOUTS})",
                )
            )
    return problems
