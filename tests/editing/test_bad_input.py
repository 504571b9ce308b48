"""The bad-input corpus: each case breaks one thing in a copy of the minimal site (the real
content's special pages and what they link to: tests/support/building.py), runs the real
build, and checks the exact message an editor sees, a non-zero exit, and that the
output folder was left exactly as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from build import ROOT, write_settings
from support.building import (
    Outcome,
    build_content,
    build_in_process,
    minimal_content,
    workspace_content,
)

from pelicanconf import HELPLINE_NUMBER, HELPLINE_TEL

GOOD = "---\ntitle: {title}\ndescription: {description}\n---\n{body}\n"


@dataclass(frozen=True)
class write:  # used as a function: write(name, text) is one change of a case
    """A change of a case: the file `name` in content/ written with `text`."""

    name: str
    text: str | bytes

    def __call__(self, content: Path) -> None:
        path = content / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(self.text, bytes):
            path.write_bytes(self.text)
        else:
            path.write_text(self.text, encoding="utf-8")


def page(body: str, **fields: str) -> str:
    meta = {"title": "A test page", "description": "A page made by the bad-input corpus."} | fields
    lines = "".join(f"{k}: {v}\n" for k, v in meta.items() if v is not None)
    return f"---\n{lines}---\n{body}\n"


P = "content/pages/test.md"
TYPED = (
    f"write {{helpline}} where the helpline number goes, not the number itself "
    f"({HELPLINE_NUMBER}): the build makes it a link to call, from the one number in pelicanconf.py"
)
ATTR_LIST = (
    "is an attribute list, which this site does not use: content cannot set classes, ids or "
    "other attributes, the theme decides how pages look; remove it (for a box, use !!! note, !!! warning, !!! helpline or !!! details (docs/editing.md))"
)
CLASSES_MESSAGE = (
    "content cannot set classes or ids, the theme decides how pages look; remove it (for a "
    "box, use !!! note, !!! warning, !!! helpline or !!! details (docs/editing.md))"
)
NOT_HELPLINE = "is not the helpline number; the site gives only the helpline, written {helpline}"
C = "content/campaigns/test-campaign.md"
# A campaign of the corpus's own, so line numbers do not move when editors change real pages.
CAMPAIGN = """---
title: Test campaign
slug: test-campaign
region: Test Region
launch_date: 2019-03-14
description: A campaign made by the bad-input corpus.
partners:
  - Test Police
figures: [west-yorkshire-help-2018]
summary: A test campaign.
---
Some words about the campaign.
"""
FAQ = """---
title: Is this a test question?
audience: yourself
description: A question made by the bad-input corpus.
---
Yes, it is.
"""


def campaign(old: str = "", new: str = "") -> Callable[[Path], None]:
    return write("campaigns/test-campaign.md", CAMPAIGN.replace(old, new, 1))


def faq(old: str = "", new: str = "") -> Callable[[Path], None]:
    return write("faq/test-question.md", FAQ.replace(old, new, 1))


CASES: dict[str, tuple[list[Callable[[Path], None]], list[str]]] = {
    "missing-title": (
        [write("pages/test.md", page("Some words.", title=None))],
        [
            f"{P}: title is missing; add a line 'title: ...' to the front matter (see docs/editing.md for what to write)"
        ],
    ),
    "unknown-field-typo": (
        [campaign("region: Test Region", "regoin: Test Region")],
        [f"{C}, line 4: regoin is not a field of this page; did you mean region?"],
    ),
    "invalid-date": (
        [campaign("launch_date: 2019-03-14", "launch_date: 14/03/2019")],
        [f'{C}, line 5: launch_date "14/03/2019" is not a date; write it as 2019-03-14'],
    ),
    "invalid-news-date": (
        [write("news/test-news.md", page("News.", date="March 2019", summary="A test."))],
        [
            'content/news/test-news.md, line 4: date "March 2019" is not a date; write it as YYYY-MM-DD, for example 2019-03-14'
        ],
    ),
    "empty-body": (
        [write("pages/test.md", page(""))],
        [
            f"{P}, line 5: the page has no text after the front matter; write the page's words below the second ---"
        ],
    ),
    "duplicate-slug": (
        [write("pages/test.md", page("Words.", slug="privacy"))],
        [
            'content/pages/privacy.md, line 3: slug "privacy" is used by content/pages/privacy.md and content/pages/test.md; give each page its own slug (or file name)',
            f'{P}, line 4: slug "privacy" is used by content/pages/privacy.md and content/pages/test.md; give each page its own slug (or file name)',
        ],
    ),
    # A slug that is a folder the build writes: the news list, the drafts, the theme, search.
    **{
        f"slug-{slug}": (
            [write("pages/test.md", page("Words.", slug=slug))],
            [
                f'{P}, line 4: slug "{slug}" would put this page at {slug}/, where the site writes {what}; give the page another slug (or file name)'
            ],
        )
        for slug, what in [
            ("news", "the news list (theme/templates/news.html) and the news feed"),
            ("theme", "the theme's own files (theme/static/)"),
            ("pagefind", "the search index"),
        ]
    },
    "file-named-like-a-generated-folder": (
        [write("pages/drafts.md", page("Words."))],
        [
            'content/pages/drafts.md, line 1: slug "drafts" would put this page at drafts/, where the site writes the drafts shown in the preview; give the page another slug (or file name)'
        ],
    ),
    "broken-filename-link": (
        [write("pages/test.md", page("See [the helpline]({filename}/resources/helplin.md)."))],
        [
            f"{P}, line 5: the link to resources/helplin.md finds no page; check the path inside content/; did you mean resources/helpline.md?"
        ],
    ),
    "image-without-alt": (
        [
            write("images/x.png", b"\x89PNG"),
            write("pages/test.md", page("![]({static}/images/x.png)")),
        ],
        [
            f"{P}, line 5: the image {{static}}/images/x.png has no description; write one between the square brackets: ![what the picture shows]({{static}}/images/x.png)"
        ],
    ),
    "missing-image-file": (
        [write("pages/test.md", page("![A poster]({static}/images/poster.png)"))],
        [
            f"{P}, line 5: the link to images/poster.png finds no image; check the path inside content/ (for example images/poster.png)"
        ],
    ),
    "raw-script": (
        [write("pages/test.md", page("Hello.\n\n<script>alert(1)</script>"))],
        [
            f"{P}, line 7: <script> is not allowed in content; pages carry no scripts, styles, frames, forms, media or page settings. Use Markdown for text, links and images"
        ],
    ),
    "raw-iframe": (
        [write("pages/test.md", page('<iframe src="https://example.org/"></iframe>'))],
        [
            f"{P}, line 5: <iframe> is not allowed in content; pages carry no scripts, styles, frames, forms, media or page settings. Use Markdown for text, links and images"
        ],
    ),
    "event-attribute": (
        [write("pages/test.md", page('Text <span onmouseover="steal()">here</span>.'))],
        [
            f"{P}, line 5: the onmouseover= attribute on <span> is not allowed in content; it runs a script; remove it"
        ],
    ),
    "javascript-link": (
        [write("pages/test.md", page("[Help](javascript:alert(1))"))],
        [
            f"{P}, line 5: the link address 'javascript:alert(1)' is not allowed; link to https://, mailto: or tel:, or to a page or image of the site with {{filename}}/...; images come from the site itself"
        ],
    ),
    "malformed-yaml": (
        [
            write(
                "pages/test.md",
                "---\ntitle: Stop It Now: the helpline\ndescription: x\n---\nWords.\n",
            )
        ],
        [
            f'{P}, line 2: the value has a colon and a space in it ("Stop It Now: the helpline"); put the whole value in double quotes: title: "Stop It Now: the helpline"'
        ],
    ),
    # The slips of front matter people make, each at its own line, in plain words.
    "misspelt-figure-in-the-text": (
        [write("pages/test.md", page("Words.\n\nAbout {figure:nca-estimate-2019} people."))],
        [
            f"{P}, line 7: {{figure:nca-estimate-2019}} names no figure in data/figures.yaml; use one of its keys (did you mean nca-estimate-2018?)"
        ],
    ),
    "picture-name-with-a-space": (
        [
            write("images/GM Poster.PNG", b"\x89PNG"),
            write(
                "pages/test.md",
                page("![The Greater Manchester poster]({static}/images/GM Poster.PNG)"),
            ),
        ],
        [
            f'{P}, line 5: the address "{{static}}/images/GM Poster.PNG" has a space in it, which breaks the link; rename the file without spaces (for example images/gm-poster.png) and link to it by that name'
        ],
    ),
    "link-to-a-renamed-page": (
        [
            # A page renamed from talk-to-someone.md, and a link that still names the old file.
            write("resources/talking-to-someone.md", page("Words.", summary="A page.")),
            write(
                "pages/test.md", page("See [the page]({filename}/resources/talk-to-someone.md).")
            ),
        ],
        [
            f"{P}, line 5: the link to resources/talk-to-someone.md finds no page; check the path inside content/; did you mean resources/talking-to-someone.md?"
        ],
    ),
    # What only make test used to find, now in every build.
    "statistic-typed-as-text": (
        [write("pages/test.md", page("Words.\n\nWe helped 1,240 people last year, 12% more."))],
        [
            f"{P}, line 7: 1,240 looks like a figure typed into the text; every figure the site states comes from data/figures.yaml with its source: write {{figure:key}} (add the figure there first if it is new)",
            f"{P}, line 7: 12% looks like a figure typed into the text",
        ],
    ),
    "table-without-headings": (
        [
            write(
                "pages/test.md",
                page("Words.\n\n| 2018 | {figure:nca-estimate-2018} |\n| 2017 | x |"),
            )
        ],
        [
            f"{P}, line 7: this looks like a table without its row of headings: write the headings first (| Year | People |), then a line of dashes (| --- | --- |), then the rows (docs/editing.md, Tables)"
        ],
    ),
    "table-with-empty-headings": (
        [write("pages/test.md", page("Words.\n\n|  |  |\n|---|---|\n| a | b |"))],
        [
            f"{P}, line 7: the table's first row, its headings, is empty; write a heading for each column (docs/editing.md, Tables)"
        ],
    ),
    "table-with-a-column-without-a-heading": (
        [write("pages/test.md", page("Words.\n\n| Year |  |\n|---|---|\n| a | b |"))],
        [
            f"{P}, line 7: a column of this table has no heading; write one in its first row (docs/editing.md, Tables)"
        ],
    ),
    # A scaffold's words for the editor to replace, published because status: draft went.
    "scaffold-text-in-a-published-campaign": (
        [
            campaign(
                "Some words about the campaign.",
                "## What the campaign is\n\nWrite two or three short sentences about the campaign.",
            )
        ],
        [
            f'{C}, line 14: "Write two or three short sentences about the campaign.…" is what the scaffold wrote for you to replace; write your own words here before the page is published (or keep status: draft while you work on it)'
        ],
    ),
    "scaffold-text-in-a-published-answer": (
        [faq("Yes, it is.", "Write the answer in one to three short paragraphs.")],
        [
            'content/faq/test-question.md, line 6: "Write the answer in one to three short paragraphs.…" is what the scaffold wrote for you to replace'
        ],
    ),
    "scaffold-description-in-a-published-answer": (
        [
            faq(
                "description: A question made by the bad-input corpus.",
                'description: "An answer to the question \\"Is this a test question?\\""',
            )
        ],
        [
            'content/faq/test-question.md, line 4: "An answer to the question "…" is what the scaffold wrote for you to replace'
        ],
    ),
    "tab-after-colon": (
        [campaign("region: Test Region", "region:\tTest Region")],
        [f"{C}, line 4: there is a tab after 'region:'; use one space after the colon"],
    ),
    "unclosed-quote": (
        [campaign("region: Test Region", 'region: "Test Region')],
        [
            f'{C}, line 4: the value opens with " but does not close on this line; add a closing " at the end of the value (each value is written on one line)'
        ],
    ),
    "curly-quotes-around-a-value-with-a-colon": (
        [write("pages/test.md", page("Words.", title="\u201cStop It Now: the helpline\u201d"))],
        [
            f'{P}, line 2: the value is in curly quotes (\u201c\u2026\u201d), which are part of the text to YAML, not quotes; use straight double quotes: title: "Stop It Now: the helpline"'
        ],
    ),
    "curly-quotes-around-a-plain-title": (
        [write("pages/test.md", page("Words.", title="\u2018A plain title\u2019"))],
        [
            f'{P}, line 2: the value is in curly quotes (\u2018\u2026\u2019), which are part of the text to YAML, not quotes; use straight double quotes: title: "A plain title"'
        ],
    ),
    "field-indented": (
        [campaign("region: Test Region", " region: Test Region")],
        [
            f"{C}, line 4: this line starts with spaces; a field starts at the beginning of the line (only list items are indented)"
        ],
    ),
    "list-item-indented-further": (
        [campaign("  - Test Police", "  - Test Police\n    - Another Police")],
        [
            f"{C}, line 9: this list item is indented further than the one above it, so it would be read as part of that one; start each item with the same two spaces and a hyphen"
        ],
    ),
    "not-utf-8": (
        [write("pages/test.md", page("Caf\u00e9 words.").encode("latin-1"))],
        [
            f"{P}, line 5: the file is not saved as UTF-8 text; save it again as UTF-8 (in most editors: File, Save with encoding, UTF-8)"
        ],
    ),
    "heading-jump": (
        [write("pages/test.md", page("## A section\n\n#### Too deep"))],
        [f"{P}, line 7: the heading jumps from level 2 to level 4; use ### here"],
    ),
    "h1-in-body": (
        [write("pages/test.md", page("# A second title"))],
        [
            f"{P}, line 5: a heading with one # repeats the page title; start headings in the text at ## (two #)"
        ],
    ),
    "wrong-phone-number": (
        [write("pages/test.md", page("Call us on 0800 123 4567."))],
        [
            f"{P}, line 5: 0800 123 4567 is not the helpline number; the site gives only the helpline, written {{helpline}}"
        ],
    ),
    "typed-helpline": (
        [write("pages/test.md", page(f"Call us on {HELPLINE_NUMBER}."))],
        [f"{P}, line 5: {TYPED}"],
    ),
    "typed-helpline-link": (
        [write("pages/test.md", page(f"Call [{HELPLINE_NUMBER}](tel:{HELPLINE_TEL})."))],
        [f"{P}, line 5: {TYPED}"],
    ),
    "typed-helpline-in-description": (
        [write("pages/test.md", page("Words.", description=f"Call {HELPLINE_NUMBER} for help."))],
        [f"{P}, line 3: description: {TYPED}"],
    ),
    # One phone rule for every text, however the number is written.
    **{
        f"phone-number-{name}": (
            [write("pages/test.md", page(f"Words.\n\nCall us on {typed}, any time."))],
            [f"{P}, line 7: {shown} {NOT_HELPLINE}"],
        )
        for name, typed, shown in [
            ("brackets", "(0800) 123-4567", "(0800) 123-4567"),
            ("dots", "0800.123.4567", "0800.123.4567"),
            ("extra-spaces", "0 8 0 0  1 2 3  4 5 6 7", "0 8 0 0  1 2 3  4 5 6 7"),
            ("international-with-zero", "+44 (0)800 123 4567", "+44 (0)800 123 4567"),
            ("another-country", "+1 555 010 9999", "+1 555 010 9999"),
            ("zero-width-space", "0800\u200b123\u200b4567", "08001234567"),
            ("letter-o", "08OO 123 4567", "08OO 123 4567"),
            (
                "fullwidth-digits",
                "\uff10\uff18\uff10\uff10 \uff11\uff12\uff13 \uff14\uff15\uff16\uff17",
                "0800 123 4567",
            ),
            ("entity-for-a-digit", "&#48;800 123 4567", "0800 123 4567"),
            ("emphasis-inside", "08**00** 123 4567", "0800 123 4567"),
            ("html-inside", "<em>0</em>800 123 4567", "0800 123 4567"),
            (
                "in-words",
                "oh eight hundred, one two three, four five six seven",
                "oh eight hundred, one two three, four five six seven",
            ),
            ("link-text", "[0800 123 4567](https://example.org/)", "0800 123 4567"),
        ]
    },
    "phone-number-over-two-lines": (
        [write("pages/test.md", page("Words.\n\nCall us on 0800\n123 4567, any time."))],
        [f"{P}, line 7: 0800 123 4567 {NOT_HELPLINE}"],
    ),
    "phone-number-in-alt-text": (
        [
            write("images/x.png", b"\x89PNG"),
            write("pages/test.md", page("![Call 0800 123 4567]({static}/images/x.png)")),
        ],
        [f"{P}, line 5: 0800 123 4567 {NOT_HELPLINE}"],
    ),
    "phone-number-in-a-code-block": (
        [write("pages/test.md", page("Words.\n\n```\nCall 0800 123 4567\n```"))],
        [f"{P}, line 8: 0800 123 4567 {NOT_HELPLINE}"],
    ),
    "typed-helpline-in-words": (
        [write("pages/test.md", page("Call oh eight oh eight, one oh oh oh, nine oh oh."))],
        [f"{P}, line 5: {TYPED}"],
    ),
    "phone-number-in-a-partner": (
        [campaign("  - Test Police", "  - Test Police, call 0800 123 4567")],
        [f"{C}, line 8: 0800 123 4567 in the partners {NOT_HELPLINE}"],
    ),
    "phone-number-in-search-terms": (
        [write("pages/test.md", page("Words.", search_terms="\n  - 0800 123 4567"))],
        [f"{P}, line 5: 0800 123 4567 in the search_terms {NOT_HELPLINE}"],
    ),
    "phone-number-in-a-summary-in-words": (
        [
            campaign(
                "summary: A test campaign.",
                "summary: Ring oh eight hundred one two three four five six seven.",
            )
        ],
        [
            f"{C}, line 10: oh eight hundred one two three four five six seven in the summary {NOT_HELPLINE}"
        ],
    ),
    "misspelt-helpline-placeholder": (
        [write("pages/test.md", page("Call us on {helpine}."))],
        [
            f"{P}, line 5: {{helpine}} is not something the build fills in; write {{helpline}} for the helpline number"
        ],
    ),
    "wrong-tel-link": (
        [write("pages/test.md", page("[Call](tel:08001234567)"))],
        [
            f"{P}, line 5: tel:08001234567 is not the helpline; the site has one phone number, written {{helpline}}"
        ],
    ),
    "no-description": (
        [write("pages/test.md", page("Words.", description=None))],
        [
            f"{P}: description is missing; add a line 'description: ...' to the front matter (one plain sentence saying what the page is for)"
        ],
    ),
    "description-too-long": (
        [write("pages/test.md", page("Words.", description="x" * 170))],
        [f"{P}, line 3: description is 170 characters long; shorten it to 160 or fewer"],
    ),
    "draft-linked-from-published-page": (
        [
            write("pages/draft.md", page("Not ready.", title="Draft page", status="draft")),
            write("pages/test.md", page("See [the draft]({filename}/pages/draft.md).")),
        ],
        [
            f"{P}, line 5: this published page links to pages/draft.md, which is a draft; publish that page first (remove its status: draft) or remove the link"
        ],
    ),
    "audience-not-allowed": (
        [faq("audience: yourself", "audience: me")],
        [
            'content/faq/test-question.md, line 3: audience "me" is not allowed; use one of: yourself, someone-else, campaigns, law'
        ],
    ),
    "partners-not-a-list": (
        [campaign("partners:\n  - Test Police\n", "partners: Test Police\n")],
        [
            f"{C}, line 7: partners must be a list with one partner per line, each line starting with '  - '"
        ],
    ),
    "search-terms-not-a-list": (
        [write("pages/test.md", page("Some words.", search_terms="husband, partner"))],
        [
            f"{P}, line 4: search_terms must be a list with one item per line, each line starting with '  - '"
        ],
    ),
    "unknown-figure": (
        [campaign("figures: [west-yorkshire-help-2018]", "figures: [west-yorkshire-help-2019]")],
        [
            f"{C}, line 9: figure 'west-yorkshire-help-2019' is not in data/figures.yaml; add it there with its source, or correct the key (did you mean west-yorkshire-help-2018?)"
        ],
    ),
    "no-front-matter": (
        [write("pages/test.md", "Just some words.\n")],
        [
            f"{P}, line 1: the file has no front matter; start it with a line of three hyphens (---), the fields, then another line of three hyphens"
        ],
    ),
    "faq-title-not-a-question": (
        [faq("title: Is this a test question?", "title: Testing")],
        [
            "content/faq/test-question.md, line 2: an FAQ title is a question; end it with a question mark"
        ],
    ),
    "vbscript-or-data-link": (
        [write("pages/test.md", page("[A](vbscript:x) and [B](data:text/html,x)"))],
        [
            f"{P}, line 5: the link address 'vbscript:x' is not allowed; link to https://, mailto: or tel:, or to a page or image of the site with {{filename}}/...; images come from the site itself",
            f"{P}, line 5: the link address 'data:text/html,x' is not allowed; link to https://, mailto: or tel:, or to a page or image of the site with {{filename}}/...; images come from the site itself",
        ],
    ),
    "html-image-without-alt": (
        [write("pages/test.md", page('<img src="https://example.org/x.png">'))],
        [
            f"{P}, line 5: an HTML <img> has no alt text; use Markdown instead: ![what the picture shows](path)"
        ],
    ),
    "setext-second-title": (
        [write("pages/test.md", page("Another title\n============="))],
        [
            f"{P}, line 6: a line of = under text makes a second page title; start headings in the text at ## (two #)"
        ],
    ),
    "markdown-extension-other-than-md": (
        [write("pages/test.markdown", page("<script>alert(1)</script>"))],
        [
            "content/pages/test.markdown, line 5: <script> is not allowed in content; pages carry no scripts, styles, frames, forms, media or page settings. Use Markdown for text, links and images"
        ],
    ),
    "broken-relative-link": (
        [
            write(
                "pages/test.md",
                page("See [the law]({filename}../resources/the-lw.md)."),
            )
        ],
        [
            f"{P}, line 5: the link to ../resources/the-lw.md finds no page; check the path inside content/ (for example resources/helpline.md)"
        ],
    ),
    "hard-to-read": (
        [
            write(
                "pages/test.md",
                page(
                    " ".join(
                        [
                            "Notwithstanding multitudinous organisational considerations, institutional accountability necessitates comprehensive intersectional evaluation."
                        ]
                        * 8
                    )
                ),
            )
        ],
        [f"{P}, line 5: the text is hard to read (reading ease"],
    ),
}

# What the allow-list (plugins/html_allowlist) says of a tag, and of a link or image address.
NOT_ALLOWED = (
    "is not allowed in content; pages carry no scripts, styles, frames, forms, media or page "
    "settings. Use Markdown for text, links and images"
)
ADDRESS = (
    "is not allowed; link to https://, mailto: or tel:, or to a page or image of the site with "
    "{filename}/...; images come from the site itself"
)
N = "content/news/test-news.md"


def news(summary: str) -> Callable[[Path], None]:
    return write("news/test-news.md", page("News.", date="2019-03-14", summary=summary))


# Script, redirects, other sites' resources and private notes, however they are spelled.
CASES |= {
    "news-summary-script": (
        [news('"<script>alert(1)</script>"')],
        [f"{N}, line 5: <script> {NOT_ALLOWED}"],
    ),
    "slug-with-markup": (
        [write("pages/test.md", page("Words.", slug="'x\"><script>alert(1)</script>'"))],
        [f'{P}, line 4: slug "x"><script>alert(1)</script>" is not allowed; a slug is lower-case'],
    ),
    "slug-with-meta-refresh": (
        [
            campaign(
                "slug: test-campaign",
                "slug: <meta http-equiv=refresh content=0;url=https://x.example/>",
            )
        ],
        [
            f'{C}, line 3: slug "<meta http-equiv=refresh content=0;url=https://x.example/>" is not allowed'
        ],
    ),
    "fence-indented-one-space": (
        [write("pages/test.md", page(" ```\n<script>alert(1)</script>\n ```"))],
        [f"{P}, line 6: <script> {NOT_ALLOWED}"],
    ),
    "meta-refresh-in-body": (
        [
            write(
                "pages/test.md",
                page('<meta http-equiv="refresh" content="0;url=https://x.example/">'),
            )
        ],
        [f"{P}, line 5: <meta> {NOT_ALLOWED}"],
    ),
    "javascript-autolink": (
        [write("pages/test.md", page("Go to <javascript:alert(1)> now."))],
        [f"{P}, line 5: <javascript:alert(1)> {NOT_ALLOWED}"],
    ),
    "javascript-reference-link": (
        [write("pages/test.md", page("[Help][x]\n\n[x]: javascript:alert(1)"))],
        [f"{P}, line 7: the link address 'javascript:alert(1)' {ADDRESS}"],
    ),
    "javascript-upper-case": (
        [write("pages/test.md", page("[Help](JAVASCRIPT:alert(1))"))],
        [f"{P}, line 5: the link address 'JAVASCRIPT:alert(1)' {ADDRESS}"],
    ),
    "javascript-entity": (
        [write("pages/test.md", page('<a href="&#106;avascript:alert(1)">Help</a>'))],
        [f"{P}, line 5: the link address 'javascript:alert(1)' {ADDRESS}"],
    ),
    "javascript-tab-inside": (
        [write("pages/test.md", page('<a href="java\tscript:alert(1)">Help</a>'))],
        [f"{P}, line 5: the link address 'java"],
    ),
    "attr-list-onclick": (
        [write("pages/test.md", page('A paragraph.\n{: onclick="alert(1)" }'))],
        [f'{P}, line 6: {{: onclick="alert(1)" }} {ATTR_LIST}'],
    ),
    "attr-list-style": (
        [write("pages/test.md", page('A paragraph.\n{: style="position:fixed" }'))],
        [f'{P}, line 6: {{: style="position:fixed" }} {ATTR_LIST}'],
    ),
    "external-image": (
        [write("pages/test.md", page("![A picture](https://x.example/a.png)"))],
        [f"{P}, line 5: the image address 'https://x.example/a.png' {ADDRESS}"],
    ),
    "image-srcset": (
        [
            write("images/x.png", b"\x89PNG"),
            write(
                "pages/test.md",
                page(
                    '<img src="{static}/images/x.png" alt="A picture" srcset="https://x.example/a.png 2x">'
                ),
            ),
        ],
        [f"{P}, line 5: the srcset= attribute on <img> is not allowed in content; remove it"],
    ),
    "video-poster": (
        [write("pages/test.md", page('<video poster="https://x.example/p.png"></video>'))],
        [f"{P}, line 5: <video> {NOT_ALLOWED}"],
    ),
    "link-prefetch": (
        [write("pages/test.md", page('<link rel="prefetch" href="https://x.example/">'))],
        [f"{P}, line 5: <link> {NOT_ALLOWED}"],
    ),
    "html-comment": (
        [write("pages/test.md", page("Words.\n\n<!-- internal note: check with legal -->"))],
        [
            f"{P}, line 7: an HTML comment (<!-- ... -->) would be published in the page's source for anyone to read, and it is public in the repository too; keep notes for other editors in the pull request or an issue, not in content/"
        ],
    ),
    "base-element": (
        [write("pages/test.md", page('<base href="https://x.example/">'))],
        [f"{P}, line 5: <base> {NOT_ALLOWED}"],
    ),
    "form": (
        [
            write(
                "pages/test.md",
                page('<form action="https://x.example/"><button>Go</button></form>'),
            )
        ],
        [f"{P}, line 5: <form> {NOT_ALLOWED}"],
    ),
    "object": (
        [write("pages/test.md", page('<object data="https://x.example/x.swf"></object>'))],
        [f"{P}, line 5: <object> {NOT_ALLOWED}"],
    ),
    "inline-svg": (
        [write("pages/test.md", page('<svg onload="alert(1)"><circle r="1"/></svg>'))],
        [f"{P}, line 5: <svg> {NOT_ALLOWED}"],
    ),
    "style-element": (
        [write("pages/test.md", page("<style>body { display: none }</style>"))],
        [f"{P}, line 5: <style> {NOT_ALLOWED}"],
    ),
    "http-link": (
        [write("pages/test.md", page("[Help](http://x.example/)"))],
        [f"{P}, line 5: the link address 'http://x.example/' {ADDRESS}"],
    ),
    "protocol-relative-link": (
        [write("pages/test.md", page("[Help](//x.example/)"))],
        [f"{P}, line 5: the link address '//x.example/' {ADDRESS}"],
    ),
    "title-not-text": (
        [write("pages/test.md", page("Words.", title="{a: b}"))],
        [f"{P}, line 2: title must be plain text on one line after 'title: '"],
    ),
    "partner-not-text": (
        [campaign("  - Test Police", "  - {name: Test Police}")],
        [f"{C}, line 7: each item of partners must be plain text on its own line after '  - '"],
    ),
    "save-as-replaces-headers": (
        [write("pages/test.md", page("Words.", save_as="_headers"))],
        [f"{P}, line 4: save_as is not a field of this page"],
    ),
    "template-override": (
        [write("pages/test.md", page("Words.", template="home"))],
        [f"{P}, line 4: template is not a field of this page"],
    ),
    "url-override": (
        [write("pages/test.md", page("Words.", url="index.html"))],
        [f"{P}, line 4: url is not a field of this page"],
    ),
}

LINKED = (
    "is a link to another file or folder (a symbolic link); the build uses only files that are "
    "really in the project: copy the file in instead"
)
FROM_ELSEWHERE = (
    "would publish a file from outside content/images/; only pictures there are published: "
    "put the picture in content/images/ and link to it there"
)
ONLY_PICTURES = "only pictures (.gif, .jpeg, .jpg, .png, .webp) are published from content/images/"


def link(name: str, target: str) -> Callable[[Path], None]:
    def apply(content: Path) -> None:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).symlink_to(target)

    return apply


# Files from the build machine, files that could run, and input made to stall or crash a build.
CASES |= {
    "script-file-in-images": (
        [write("images/tracker.js", "alert(1)")],
        [f"content/images/tracker.js: {ONLY_PICTURES}; a .js file is not"],
    ),
    "web-page-in-images": (
        [write("images/page.html", "<script>alert(1)</script>")],
        [f"content/images/page.html: {ONLY_PICTURES}; a .html file is not"],
    ),
    "svg-with-script-in-images": (
        [write("images/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
        [f"content/images/logo.svg: {ONLY_PICTURES}; a .svg file is not"],
    ),
    "web-page-named-png": (
        [write("images/photo.png", "<html><script>alert(1)</script></html>")],
        ["content/images/photo.png: this is not a PNG picture, whatever its name says"],
    ),
    # A link that copies a file: only a picture from content/images/ is ever published, so no
    # link can publish a script or replace a file the build writes (_headers, robots.txt...).
    **{
        f"static-link-to-{name}": (
            [
                write(f"pages/{name}", text),
                write("pages/test.md", page(f"[Read]({how}/pages/{name}).")),
            ],
            [f"{P}, line 5: the link to pages/{name} {FROM_ELSEWHERE}"],
        )
        for name, text, how in [
            ("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "{static}"),
            ("page.htm", "<script>alert(1)</script>", "{attach}"),
            ("app.js", "alert(1)", "|static|"),
        ]
    },
    **{
        f"static-link-replacing-{name.strip('._')}": (
            [write(name, text), write("pages/test.md", page(f"[x]({{static}}/{name})."))],
            [f"{P}, line 5: the link to {name} {FROM_ELSEWHERE}"],
        )
        for name, text in [
            ("_headers", "/*\n  Content-Security-Policy: script-src * 'unsafe-inline'\n"),
            ("robots.txt", "User-agent: *\nDisallow:\n"),
            (".htaccess", "Header unset Content-Security-Policy\n"),
            ("index.html", "<script src=/x.js></script>"),
        ]
    },
    "static-link-out-of-content": (
        [write("pages/test.md", page("[settings]({static}/../pelicanconf.py)."))],
        [
            f"{P}, line 5: the link to ../pelicanconf.py leads outside content/; a link can "
            "publish only a picture in content/images/"
        ],
    ),
    "static-link-out-of-content-escaped": (
        [write("pages/test.md", page("[readme]({static}/%2e%2e/README.md)."))],
        [
            f"{P}, line 5: the link to %2e%2e/README.md leads outside content/; a link can "
            "publish only a picture in content/images/"
        ],
    ),
    "static-link-to-a-non-picture-in-images": (
        [
            write("images/notes.txt", "x"),
            write("pages/test.md", page("[n]({attach}../images/notes.txt).")),
        ],
        [
            f"{P}, line 5: the link to ../images/notes.txt would publish a .txt file; only "
            "pictures (.gif, .jpeg, .jpg, .png, .webp) are published"
        ],
    ),
    # The theme's look and ids, worn by content: refused at the line, whatever the spelling.
    "attr-list-overlay": (
        [
            write(
                "pages/test.md",
                page("[Continue](https://evil.example/){: .app-exit-this-page-overlay }"),
            )
        ],
        [f"{P}, line 5: {{: .app-exit-this-page-overlay }} {ATTR_LIST}"],
    ),
    "attr-list-id": (
        [write("pages/test.md", page("Some words.\n{: #main-content }"))],
        [f"{P}, line 6: {{: #main-content }} {ATTR_LIST}"],
    ),
    "attr-list-short-form": (
        [write("pages/test.md", page("## Help {.app-exit-this-page__button}\n\nWords."))],
        [f"{P}, line 5: {{.app-exit-this-page__button}} {ATTR_LIST}"],
    ),
    **{
        f"raw-html-{name}": (
            [write("pages/test.md", page(f"Words.\n\n{html}"))],
            [f'{P}, line 7: {attribute}="{value}" on <{tag}>: {CLASSES_MESSAGE}'],
        )
        for name, html, tag, attribute, value in [
            (
                "safety-bar",
                '<div class="app-safety-bar"><a href="https://evil.example/">Exit this page</a></div>',
                "div",
                "class",
                "app-safety-bar",
            ),
            (
                "fake-helpline-box",
                '<div class="app-helpline-callout">Call 0800 000 0000</div>',
                "div",
                "class",
                "app-helpline-callout",
            ),
            (
                "class-as-entity",
                '<p class="app&#45;exit-this-page__button">Exit</p>',
                "p",
                "class",
                "app-exit-this-page__button",
            ),
            (
                "upper-case-over-lines",
                '<P\nCLASS="app-skip-link">Skip</P>',
                "p",
                "class",
                "app-skip-link",
            ),
            ("id", '<h2 id="main-content">Main</h2>', "h2", "id", "main-content"),
        ]
    },
    "heading-with-a-theme-id": (
        [write("pages/test.md", page("Words.\n\n## Main content\n\nMore words."))],
        [
            f"{P}, line 7: the heading would get the id main-content, which the page itself uses "
            "(for the skip link or a part of the page); word the heading differently"
        ],
    ),
    "faq-file-with-a-theme-id": (
        [write("faq/main-content.md", FAQ)],
        [
            "content/faq/main-content.md, line 1: the file name main-content.md would give the "
            "answer the id main-content, which the page itself uses; rename the file"
        ],
    ),
    "footnote": (
        [write("pages/test.md", page("A fact.[^1]\n\n[^1]: A source."))],
        [
            f"{P}, line 5: [^1] is a footnote, which this site does not use (two answers on the "
            "FAQ page would both make the first one); say where a fact comes from in the "
            "sentence, or link to the source"
        ],
    ),
    "symlink-to-password-file": (
        [link("images/passwd.png", "/etc/passwd")],
        [f"content/images/passwd.png: this {LINKED}"],
    ),
    "symlink-to-process-environment": (
        [link("images/environ", "/proc/self/environ")],
        [f"content/images/environ: this {LINKED}"],
    ),
    "symlinked-page": (
        [link("pages/secrets.md", "/etc/hostname")],
        [f"content/pages/secrets.md: this {LINKED}"],
    ),
    "symlinked-folder": (
        [link("resources/etc", "/etc")],
        [f"content/resources/etc: this {LINKED}"],
    ),
    "yaml-alias-bomb": (
        [
            write(
                "pages/test.md",
                "---\ntitle: T\ndescription: &a [x, x, x, x, x, x, x, x, x]\n"
                + "".join(
                    f"d{i}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                    for i in range(8)
                )
                + "---\nWords.\n",
            )
        ],
        [
            f"{P}, line 3: YAML anchors and aliases (& and *) are not allowed here; write each value out in full"
        ],
    ),
    "deep-nesting": (
        [write("pages/test.md", page("Words.", partners="[" * 400 + "]" * 400))],
        [f"{P}, line 4: the YAML is nested more than 3 levels deep"],
    ),
    "huge-page": (
        [write("pages/test.md", page("Words. " * 60_000))],
        [f"{P}, line 1: the file is 410 KB; a page may be at most 16 KB of text"],
    ),
    "impossible-date": (
        [campaign("launch_date: 2019-03-14", "launch_date: 2019-02-30")],
        [f'{C}, line 5: launch_date "2019-02-30" is not a real date; write it as YYYY-MM-DD'],
    ),
    "impossible-news-date": (
        [write("news/test-news.md", page("News.", date="2019-13-01", summary="A test."))],
        ['content/news/test-news.md, line 4: date "2019-13-01" is not a real date'],
    ),
    "byte-order-mark": (
        [write("pages/test.md", "\ufeff" + page("Words."))],
        [
            f"{P}, line 1: the file starts with an invisible mark (a byte-order mark) before the first ---"
        ],
    ),
}

# Pages made to stall or crash Markdown: each file is read within a time budget (0.3 s in the
# tests, tests/support/building.py; 3 s in a real build), and the build stops naming the file
# (plugins/render_budget). Each of these took over 3 s of Markdown alone, and the nested
# list ended in a RecursionError reported as "Could not process" (docs/security.md).
TOO_COMPLEX = "this page is too complex to build"
SIMPLER = "look for deeply nested lists, quotes or brackets, or split the page"
CASES |= {
    **{
        f"too-complex-{name}": (
            [write("pages/test.md", page(body))],
            [f"{P}: {TOO_COMPLEX} (it took more than 0.3 seconds); {SIMPLER}"],
        )
        for name, body in [
            ("brackets", "[" * 3000 + "x" + "](" * 1500),  # 6 KB: 3.7 s
            ("image-opens", "![" * 3000),  # 6 KB: 3.2 s
            ("emphasis-and-brackets", "*[" * 3000),  # 6 KB: 3.1 s
        ]
    },
    # 16 KB: the allow-list's comparison of what sanitizing keeps grew with the square of the
    # page (difflib): 400 headings "## 1" took 31 s; now compared in step.
    "many-attributes-the-allow-list-removes": (
        [write("pages/test.md", page("\n\n".join(['<p onclick="x">a</p>'] * 700)))],
        [
            f"{P}, line 5: the onclick= attribute on <p> is not allowed in content; it runs a script; remove it"
        ],
    ),
    "too-deeply-nested-list": (  # 2 KB: a RecursionError in 0.1 s
        [write("pages/test.md", page("- " * 1000 + "x"))],
        [f"{P}: {TOO_COMPLEX} (it is nested too deeply); {SIMPLER}"],
    ),
}

# Values of the wrong kind, and two more ways to carry a page's content elsewhere.
CASES |= {
    "status-not-allowed": (
        [write("pages/test.md", page("Words.", status="live"))],
        [f'{P}, line 4: status "live" is not allowed; use draft, or remove the line to publish'],
    ),
    "order-not-a-number": (
        [faq("audience: yourself", "audience: yourself\norder: first")],
        [
            'content/faq/test-question.md, line 4: order "first" is not a whole number; write a number such as 3'
        ],
    ),
    "slug-with-capitals": (
        [write("pages/test.md", page("Words.", slug="Test-Page"))],
        [
            f'{P}, line 4: slug "Test-Page" is not allowed; a slug is lower-case letters and digits joined by hyphens'
        ],
    ),
    "description-not-text": (
        [write("pages/test.md", page("Words.", description="[one, two]"))],
        [f"{P}, line 3: description must be plain text on one line after 'description: '"],
    ),
    "title-yes": (
        [write("pages/test.md", page("Words.", title="yes"))],
        [
            f"{P}, line 2: title must be plain text on one line after 'title: '; put it in double quotes"
        ],
    ),
    "embed": (
        [write("pages/test.md", page('<embed src="https://x.example/x.swf">'))],
        [f"{P}, line 5: <embed> {NOT_ALLOWED}"],
    ),
    "title-impossible-date": (  # found by the fuzzer (tests/editing/test_fuzz.py)
        [write("pages/test.md", page("Words.", title="2019-02-30"))],
        [
            f'{P}, line 2: title "2019-02-30" looks like a date but is not a real one; if it is text, put it in double quotes: "2019-02-30"'
        ],
    ),
    "summary-with-comment": (
        [news('"A launch. <!-- not for publication -->"')],
        [f"{N}, line 5: an HTML comment (<!-- ... -->) would be published"],
    ),
}

SUB_PATH = "starts with /, so it breaks when the site lives under a sub-path (as on GitHub Pages)"
BUILT = f"{P}, line 5 (built as test/index.html)"

# What only shows once pages are built: checked in every build (plugins/site_checks).
CASES |= {
    "root-relative-link": (
        [write("pages/test.md", page("See [the helpline](/resources/helpline/)."))],
        [
            f"{P}, line 5: the link /resources/helpline/ {SUB_PATH}; write it as {{filename}}/resources/helpline.md"
        ],
    ),
    "root-relative-link-to-a-missing-page": (
        [write("pages/test.md", page("See [help for partners](/resources/help-for-partners/)."))],
        [
            f"{P}, line 5: the link /resources/help-for-partners/ {SUB_PATH}; link to the page's file instead"
        ],
    ),
    "root-relative-faq-link": (
        [write("pages/test.md", page("See [the answer](/faq/#can-i-stop)."))],
        [
            f"{P}, line 5: the link /faq/#can-i-stop {SUB_PATH}; write it as {{filename}}/faq/can-i-stop.md"
        ],
    ),
    "root-relative-image": (
        [
            write("images/x.png", b"\x89PNG"),
            write("pages/test.md", page("![A poster](/images/x.png)")),
        ],
        [f"{P}, line 5: the link /images/x.png {SUB_PATH}; write it as {{static}}/images/x.png"],
    ),
    "click-here": (
        [
            write(
                "pages/test.md",
                page("For the helpline, [click here]({filename}/resources/helpline.md)."),
            )
        ],
        [
            f"{BUILT}: link text 'click here' does not say where the link goes (../resources/helpline/); write link words that say where the link goes"
        ],
    ),
    # An FAQ answer is shown inside the FAQ page: its problems are named by its own file.
    "faq-answer-click-here": (
        [
            faq(
                "Yes, it is.",
                "Yes, it is. It is somewhere.\n\nRead more [here]({filename}/resources/helpline.md).",
            )
        ],
        [
            "content/faq/test-question.md, line 8 (built as faq/index.html#test-question): link text 'here' does not say where the link goes (../resources/helpline/); write link words that say where the link goes, such as the page's name"
        ],
    ),
    "faq-answer-broken-anchor": (
        [
            faq(
                "Yes, it is.",
                "Yes, see [the privacy notice]({filename}/pages/privacy.md#no-such-part).",
            )
        ],
        [
            "content/faq/test-question.md, line 6 (built as faq/index.html#test-question): href='../privacy/#no-such-part': privacy/index.html has no id 'no-such-part'"
        ],
    ),
    "mailto-with-bcc": (
        [
            write(
                "pages/test.md",
                page("Write to [us](mailto:press@example.org?bcc=someone@x.example)."),
            )
        ],
        [
            f"{BUILT}: mailto: link 'mailto:press@example.org?bcc=someone@x.example' is not a well-formed address (it adds another recipient or a message); write the address in full, like mailto:press@example.org"
        ],
    ),
    "cdata": (
        [write("pages/test.md", page("Words.\n\nMore <![CDATA[ x ]]> words."))],
        [
            f"{P}, line 7: a CDATA section (<![CDATA[ ... ]]>) is not allowed in content; write the text as it is"
        ],
    ),
    "heading-says-click-here": (
        [write("pages/test.md", page("## Click here\n\nWords."))],
        [f"{BUILT}: the heading 'Click here' does not say what the section is about"],
    ),
    "alt-text-is-the-file-name": (
        [
            write("images/x.png", b"\x89PNG"),
            write("pages/test.md", page("![x.png]({static}/images/x.png)")),
        ],
        [
            f"{BUILT}: <img src='../images/x.png'> has alt text 'x.png', which does not say what it shows"
        ],
    ),
    "plain-link-to-a-missing-page": (
        [write("pages/test.md", page("See [help for partners](../resources/help-for-partners/)."))],
        [
            f"{BUILT}: href='../resources/help-for-partners/' points to /resources/help-for-partners/, which is not in the site; link to a page that exists with {{filename}}/"
        ],
    ),
    "link-to-a-missing-anchor": (
        [
            write(
                "pages/test.md", page("See [the answer]({filename}/pages/privacy.md#no-such-part).")
            )
        ],
        [f"{BUILT}: href='../privacy/#no-such-part': privacy/index.html has no id 'no-such-part'"],
    ),
}


LAST_GOOD = "the last good site"


def last_good_output(tmp_path: Path) -> Path:
    """An output folder holding the last good site, which a failed build must leave as it is."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text(LAST_GOOD)
    return output


def build(content: Path, output: Path, base: str = "pelicanconf", env=None):
    """The real build of `content` with the project's settings (tests/support/building.py)."""
    return build_content(content, output, base, env)


@pytest.fixture(scope="module")
def check_settings(tmp_path_factory) -> dict:
    """The settings a build's content checks see (the project's, with the data file's
    figures loaded as plugins/figures loads them at the start of every build)."""
    from types import SimpleNamespace

    from content_checks.content_checks import DEFAULTS
    from figures.figures import load
    from pelican.settings import read_settings

    folder = tmp_path_factory.mktemp("check-settings")
    (folder / "content").mkdir()
    settings = read_settings(str(write_settings(folder / "conf.py", folder / "content")))
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    load(SimpleNamespace(settings=settings))
    return settings


# A case that changes only its own page (content/pages/test.md, and the picture
# images/x.png) is built together with others of its kind: each batch is one whole build of
# the minimal site in which every case's page is written under its own name
# (content/pages/t<n>.md), and every case's messages, renamed to match, must be in that one
# report. So each is proven by a whole build (its messages, a non-zero exit, output/ left
# exactly as it was) for a fraction of a build each, and the batch proves the report takes
# every file's problems in one run. Builds of a batch: len(BATCHED) / BATCH_SIZE.
OWN_PAGE = "pages/test.md"
PICTURE = "images/x.png"
BATCH_SIZE = 20


def own_page_only(case: str) -> bool:
    changes, messages = CASES[case]
    names = {getattr(change, "name", None) for change in changes}
    return OWN_PAGE in names and names <= {OWN_PAGE, PICTURE} and all(P in m for m in messages)


BATCHED = [case for case in CASES if own_page_only(case)]


def renamed(text: str, number: int) -> str:
    """A message of a case as it reads for the case's page written as t<number>.md."""
    return text.replace(P, f"content/pages/t{number}.md").replace(
        "built as test/index.html", f"built as t{number}/index.html"
    )


_batches: dict[int, tuple[Outcome, Path]] = {}


def own_pages(cases: dict[int, str], scratch: Path) -> list[write]:
    """The changes that write each case's own page as content/pages/t<number>.md (and its
    picture), each page with its own title and description (every page's must differ), on
    their own lines, so no line moves."""
    pages = {}
    for number, name in cases.items():
        folder = scratch / name
        for change in CASES[name][0]:
            change(folder)
        pages[f"pages/t{number}.md"] = (
            (folder / OWN_PAGE)
            .read_bytes()
            .replace(b"title: A test page\n", b"title: A test page %d\n" % number, 1)
            .replace(b"corpus.\n", b"corpus, case %d.\n" % number, 1)
        )
        if (folder / PICTURE).exists():
            pages[PICTURE] = (folder / PICTURE).read_bytes()
    return [write(name, data) for name, data in pages.items()]


def batch_build(case: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Outcome, Path]:
    """The build of the batch `case` is in (made the first time one of its cases asks)."""
    batch = BATCHED.index(case) // BATCH_SIZE
    if batch not in _batches:
        tmp = tmp_path_factory.mktemp(f"batch-{batch}")
        names = BATCHED[batch * BATCH_SIZE :][:BATCH_SIZE]
        changes = own_pages({BATCHED.index(name): name for name in names}, tmp / "cases")
        content = workspace_content(minimal_content(tmp / "content", *changes), "bad-input")
        output = last_good_output(tmp)
        _batches[batch] = (build(content, output), output)
    return _batches[batch]


# Every other case whose messages come from the content checks is proven by them, the first
# thing every build runs, in the same function and words. Every sixth of these, and every one
# the content checks do not answer in full, runs the whole build on its own.
WHOLE_BUILD = set([case for case in CASES if case not in BATCHED][::6])


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_fails_the_build_with_its_message_and_keeps_the_output(
    case, tmp_path, tmp_path_factory, check_settings
):
    from content_checks.content_checks import check_content

    changes, messages = CASES[case]
    if case in BATCHED:
        number = BATCHED.index(case)
        result, output = batch_build(case, tmp_path_factory)
        messages = [renamed(message, number) for message in messages]
    else:
        # Built where the last case was, with the caches a build keeps (only what the case
        # changed is read and checked again), as an editor's next build would be.
        content = workspace_content(minimal_content(tmp_path / "content", *changes), "bad-input")
        if case not in WHOLE_BUILD:
            settings = {**check_settings, "PATH": str(content), "CACHE_CONTENT": False}
            found = "\n".join(str(p) for p in check_content(content, settings)[0])
            if found and all(message in found for message in messages):
                return
        output = last_good_output(tmp_path)
        result = build(content, output)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    for message in messages:
        assert message in log, log
    assert "the site was not built" in log
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == LAST_GOOD


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path):
    cases = ("invalid-date", "no-description", "invalid-news-date", "audience-not-allowed")
    content = minimal_content(tmp_path / "content", *[c for case in cases for c in CASES[case][0]])
    result = build(content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    for case in ("invalid-date", "no-description", "invalid-news-date", "audience-not-allowed"):
        assert CASES[case][1][0] in log
    assert "4 problems in 4 files: the site was not built" in log


def test_every_page_with_content_that_is_not_allowed_is_reported_in_one_run(tmp_path):
    """The allow-list pass reports every file at once too, not the first one it meets."""
    other = write("pages/other.md", page("<iframe></iframe>", title="Another page"))
    changes = [*CASES["news-summary-script"][0], *CASES["html-comment"][0], other]
    content = minimal_content(tmp_path / "content", *changes)
    result = build(content, tmp_path / "output")
    assert result.returncode != 0
    named = {
        line.split(",")[0].split(" (built as")[0]
        for line in result.stderr.splitlines()
        if line.startswith("content/")
    }
    assert named == {P, N, "content/pages/other.md"}
    assert "problems in 3 files: the site was not built" in result.stderr


def test_the_minimal_site_builds_and_leaves_out_what_nothing_links_to(tmp_path):
    """The corpus's cases are made on the minimal site (tests/support/building.py): it must
    build cleanly, or a case could pass on a problem of its own rather than the case's."""
    content = minimal_content(tmp_path / "content")
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    kept = {p.relative_to(content) for p in content.rglob("*.md")}
    real = {p.relative_to(ROOT / "content") for p in (ROOT / "content").rglob("*.md")}
    assert kept < real
    # A page that no kept page links to (an FAQ answer, shown only in the FAQ's list) is out.
    assert Path("faq/can-i-stop.md") in real - kept


def test_the_real_content_builds_and_a_corrupted_file_leaves_output_byte_identical(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    assert build(content, output).returncode == 0
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (content / "campaigns" / "scotland.md").write_bytes(b"---\ntitle: [unclosed\n---\n\xff\xfe")
    assert build(content, output).returncode != 0
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before


def test_the_build_never_writes_into_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in content.rglob("*") if p.is_file()}
    assert build(content, tmp_path / "output").returncode == 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in content.rglob("*") if p.is_file()}
    assert after == before


def test_a_relative_link_the_helpline_placeholder_and_code_examples_are_accepted(tmp_path):
    body = (
        "See [the law]({filename}../resources/the-law.md). Call {helpline}, "
        "free (**{helpline}**).\n\n```\nCall {helpine} <b>now</b>\n```"
    )
    content = minimal_content(tmp_path / "content", write("pages/test.md", page(body)))
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("siteurl", "message"),
    [
        ("", "SITEURL is not set. A publish build needs the address the site will live at"),
        ("http://example.org", "SITEURL='http://example.org' starts with http://"),
        ('https://example.org/a"b', "is not a plain web address"),
        ("https://example.org:99999", "has a port that does not exist"),
        ("https://example.org:0/campaigns", "has a port that does not exist"),
        ("https://user:secret@example.org", "is not a plain web address"),
    ],
    ids=["missing", "http", "quote", "port-out-of-range", "port-zero", "credentials"],
)
def test_a_publish_build_without_a_usable_address_stops_and_keeps_the_output(
    siteurl, message, tmp_path
):
    output = last_good_output(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in {"SITEURL", "SITEURL_ALLOW_HTTP"}}
    content = minimal_content(tmp_path / "content")
    result = build(content, output, base="publishconf", env={**env, "SITEURL": siteurl})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in output.iterdir()] == ["index.html"]


def test_a_cache_that_came_from_the_repository_stops_the_build_before_it_is_loaded(tmp_path):
    """Pelican's content cache is a pickle: a committed one would run its code on load."""
    content = minimal_content(tmp_path / "content")
    planted = tmp_path / "cache" / "contentcache"
    planted.parent.mkdir()
    planted.write_bytes(b"not a real cache")
    for command in (["init", "-q"], ["add", "cache"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True)
    result = build(content, tmp_path / "output")
    assert result.returncode != 0
    assert "holds files that git tracks" in result.stderr
    assert "cache holds files that git tracks" in result.stderr
    assert "remove them with: git rm -r --cached cache" in result.stderr


def test_compiled_templates_from_the_repository_stop_the_build_before_they_are_loaded(tmp_path):
    """Jinja's bytecode cache is marshalled code: a committed one would run on the next build."""
    content = minimal_content(tmp_path / "content")
    jinja = tmp_path / "jinja-cache"
    jinja.mkdir()
    (jinja / "__jinja2_planted.cache").write_bytes(b"not real bytecode")
    for command in (["init", "-q"], ["add", "jinja-cache"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True)
    settings = write_settings(
        tmp_path / "settings.py",
        content,
        JINJA_ENVIRONMENT={"trim_blocks": True, "lstrip_blocks": True},
    )
    text = settings.read_text()
    settings.write_text(
        "from jinja2 import FileSystemBytecodeCache, select_autoescape\n"
        + text
        + f"JINJA_ENVIRONMENT['bytecode_cache'] = FileSystemBytecodeCache({str(jinja)!r})\n"
        + "JINJA_ENVIRONMENT['autoescape'] = select_autoescape(('html', 'xml'), default=False)\n"
    )
    result = build_in_process(settings, tmp_path / "output")
    assert result.returncode != 0
    assert "jinja-cache holds files that git tracks" in result.stderr


def test_a_chart_in_the_data_file_that_names_no_figure_stops_the_build_and_keeps_the_output(
    tmp_path,
):
    """The figures page's charts are data too (data/figures.yaml): a wrong key is a message."""
    content = minimal_content(tmp_path / "content")
    figures = tmp_path / "figures.yaml"
    text = (ROOT / "data" / "figures.yaml").read_text(encoding="utf-8")
    figures.write_text(text.replace("figure: nca-estimate-2018}", "figure: nca-estimate-2019}"))
    settings = write_settings(tmp_path / "conf.py", content, FIGURES_FILE=str(figures))
    output = last_good_output(tmp_path)
    result = build_in_process(settings, output)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "chart chart-uk-estimates: bars: {figure:nca-estimate-2019} names no figure; "
        "use one of the keys in data/figures.yaml" in log
    ), log
    assert (output / "index.html").read_text() == LAST_GOOD


def test_what_pelican_would_copy_is_checked_again_when_the_content_checks_are_not_there(tmp_path):
    """plugins/published_files, the second lock: with the content checks taken out, a link
    to an SVG in pages/ still fails the build, and nothing of it reaches the output."""
    from pelicanconf import PLUGINS

    content = minimal_content(
        tmp_path / "content",
        write("pages/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        write("pages/test.md", page("[Read]({static}/pages/logo.svg).")),
    )
    plugins = [p for p in PLUGINS if p != "content_checks"]
    settings = write_settings(tmp_path / "conf.py", content, PLUGINS=plugins)
    output = last_good_output(tmp_path)
    # In a new process: a plugin once loaded stays connected to Pelican's signals.
    command = [sys.executable, str(ROOT / "scripts" / "build.py"), "--settings", str(settings)]
    result = subprocess.run([*command, "--output", str(output)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "pages/logo.svg is not published: only files in content/images/ are published" in (
        result.stderr
    ), result.stderr
    assert not list(output.rglob("*.svg"))


def test_a_symbolic_link_in_the_theme_stops_the_build(tmp_path):
    """The theme's static files are published as they are: a link there would publish the
    file it points to."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "static" / "images" / "passwd.png").symlink_to("/etc/passwd")
    content = minimal_content(tmp_path / "content")
    settings = write_settings(tmp_path / "conf.py", content, THEME=str(theme))
    output = last_good_output(tmp_path)
    result = build_in_process(settings, output)
    assert result.returncode != 0
    assert f"theme/static/images/passwd.png: this {LINKED}" in result.stderr, result.stderr
    assert (output / "index.html").read_text() == LAST_GOOD


def test_a_phone_number_in_a_data_file_stops_the_build_at_its_line(tmp_path):
    """data/ is content too: a figure's source (shown on the figures, press and FAQ pages)
    is read with the same phone rule as a page."""
    content = minimal_content(tmp_path / "content")
    data = tmp_path / "data"
    data.mkdir()
    text = (ROOT / "data" / "figures.yaml").read_text(encoding="utf-8")
    old = "source: National Crime Agency estimate, 2018"
    assert old in text
    text = text.replace(old, "source: National Crime Agency (call 0207 946 0000) estimate, 2018")
    (data / "figures.yaml").write_text(text, encoding="utf-8")
    line = text[: text.index("0207 946")].count("\n") + 1
    settings = write_settings(
        tmp_path / "conf.py", content, FIGURES_FILE=str(data / "figures.yaml")
    )
    output = last_good_output(tmp_path)
    result = build_in_process(settings, output)
    assert result.returncode != 0
    assert f"data/figures.yaml, line {line}: 0207 946 0000 {NOT_HELPLINE}" in result.stderr
    assert (output / "index.html").read_text() == LAST_GOOD


def test_four_hundred_headings_that_start_with_a_digit_build(tmp_path):
    """'## 2019 campaign' gets the id 2019-campaign: a heading may start with a digit. 400 of
    them (2 KB) took 31 s in the allow-list's comparison before it was made linear."""
    body = "\n\n".join(f"## {1800 + n % 300} campaign\n\nWords." for n in range(400))
    content = minimal_content(tmp_path / "content", write("pages/test.md", page(body)))
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stderr


def test_a_page_nested_too_deeply_hides_no_other_pages_problems(tmp_path):
    """Python's recursion limit reached in the render worker once left it broken: the pages
    read after it lost their problems from the report (which ones depended on the order the
    build read them in, so the build runs with a hash seed that showed it)."""
    cases = [
        *("too-deeply-nested-list", "embed", "click-here", "mailto-with-bcc", "cdata"),
        *("heading-says-click-here", "alt-text-is-the-file-name", "plain-link-to-a-missing-page"),
    ]
    changes = own_pages(dict(enumerate(cases)), tmp_path / "cases")
    content = minimal_content(tmp_path / "content", *changes)
    env = {**os.environ, "PYTHONHASHSEED": "1"}
    result = build(content, last_good_output(tmp_path), env=env)
    named = {line.split(",")[0].split(":")[0] for line in result.stderr.splitlines()}
    assert named >= {f"content/pages/t{n}.md" for n in range(len(cases))}, result.stderr
