"""Sections, their fields, special pages, audiences and the date rules."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

# --- Dates -------------------------------------------------------------------

FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class DateError(ValueError):
    """A date an editor wrote that is not YYYY-MM-DD (or YYYY-MM where a month is enough).
    Its message is the fix."""


def date_suggestion(value: str) -> str:
    match = DAY_FIRST.match(value.strip())
    if match:
        day, month, year = match.groups()
        return f"write it as {year}-{int(month):02d}-{int(day):02d}"
    return "write it as YYYY-MM-DD, for example 2019-03-14"


def parse_date(value: Any, month_only_ok: bool = False) -> tuple[dt.date, str]:
    """(date, precision) of a date as YAML gives it: precision is "day", or "month" for a
    year and month only (where allowed), so a page never shows a day the source does not
    give. DateError, saying how to write it, for anything else."""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    text = str(value).strip()
    full, month = FULL_DATE.match(text), MONTH.match(text) if month_only_ok else None
    try:
        if full:
            return dt.date(*map(int, full.groups())), "day"
        if month:
            return dt.date(int(month[1]), int(month[2]), 1), "month"
    except ValueError:
        raise DateError(f"is not a real date; {date_suggestion(text)}") from None
    raise DateError(f"is not a date; {date_suggestion(text)}")


def format_date(date: dt.date, precision: str) -> str:
    """24 January 2018, or June 2017 for a month-only date."""
    if precision == "month":
        return f"{date:%B %Y}"
    return f"{date.day} {date:%B %Y}"


# --- Fields ------------------------------------------------------------------

# The kinds of value a field holds; content_checks/fields.py checks each.
KINDS = ("text", "date", "month-or-date", "list", "figures", "audience", "status", "number", "slug")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = False
    # What to write, for an editor: the comment above the field in a new file, and the hint
    # when it is missing.
    help: str = "see docs/editing.md for what to write"


TITLE = Field(
    "title", "text", True, "The page title, shown as the main heading and in the browser tab."
)
DESCRIPTION = Field(
    "description",
    "text",
    True,
    "One plain sentence for search results and link previews (160 characters at most).",
)
SUMMARY = Field("summary", "text", True, "One or two sentences for lists and the home page.")
ORDER = Field("order", "number", False, "Where it goes in its list: 1 is first.")
RELATED = Field("related", "list", False, "Other pages to link to, by their file in content/.")
# Every file may have these.
COMMON = (
    Field("slug", "slug", False, "The last part of the address; the file name when left out."),
    Field(
        "status",
        "status",
        False,
        "Remove this line when the page is ready: drafts are only shown in the preview.",
    ),
    Field(
        "search_terms",
        "list",
        False,
        "Words people search with that this page answers but does not use, one per line"
        " (husband, phone number, journalist): search finds the page by them.",
    ),
)

AUDIENCES: dict[str, str] = {
    # FAQ audiences in the order the FAQ page shows them, with their headings.
    "yourself": "If you are worried about your own online behaviour",
    "someone-else": "If you are worried about someone else",
    "campaigns": "About the campaigns",
    "law": "The law and what happens after an arrest",
}
STATUSES = ("published", "hidden", "draft")


# --- Sections ----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """The top folder of a content file is its section: it decides the fields, the
    template and the address."""

    name: str
    fields: tuple[Field, ...]
    template: str = "page"
    # The address of each file, from its slug; None keeps Pelican's PAGE_URL/ARTICLE_URL.
    url: str | None = None
    # Items shown inside another page (at an anchor named after the slug), not pages.
    embedded_in: str | None = None
    title_is_question: bool = False
    # Links each page of the section ends its related links with: (text, url from the site
    # root). The build's link check fails on any that leads nowhere.
    also_related: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> Field | None:
        return next((f for f in self.all_fields if f.name == name), None)

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return (*self.fields, *COMMON)

    @property
    def required(self) -> set[str]:
        return {f.name for f in self.fields if f.required}

    def location(self, slug: str) -> tuple[str, str] | None:
        """(url, save_as) for a file with this slug, or None for Pelican's default."""
        if self.embedded_in is not None:
            return f"{self.embedded_in}#{slug}", ""
        if self.url is not None:
            url = self.url.format(slug=slug)
            return url, url + "index.html"
        return None


SECTIONS: dict[str, Section] = {
    "campaigns": Section(
        "campaigns",
        (
            TITLE,
            Field(
                "region",
                "text",
                True,
                "The region's name as people know it; shown in lists and on posters.",
            ),
            DESCRIPTION,
            Field(
                "launch_date",
                "month-or-date",
                True,
                "When the campaign launched: YYYY-MM-DD, or YYYY-MM if only the month is known.",
            ),
            Field(
                "partners", "list", True, 'Every partner, one per line, each starting with "- ".'
            ),
            Field(
                "figures",
                "figures",
                False,
                "Figures for this campaign, by their key in data/figures.yaml (add new figures there first, with their source). Leave the list empty, as [], until the campaign has published figures.",
            ),
            Field(
                "summary",
                "text",
                True,
                "One or two sentences for the campaigns list and the home page.",
            ),
            RELATED,
        ),
        template="campaign",
        url="campaigns/{slug}/",
        also_related=(
            ("Help for family and friends", "resources/family-and-friends/"),
            ("Questions about the campaigns", "faq/#campaigns"),
        ),
    ),
    "faq": Section(
        "faq",
        (
            Field(
                "title",
                "text",
                True,
                "The question, as a reader would ask it. End it with a question mark.",
            ),
            Field(
                "audience", "audience", True, f"Who the question is for: {', '.join(AUDIENCES)}."
            ),
            Field("order", "number", False, "Where it goes in its group: 1 is first."),
            Field(
                "description",
                "text",
                True,
                "One plain sentence saying what the answer covers (160 characters at most).",
            ),
        ),
        embedded_in="faq/",
        title_is_question=True,
    ),
    "resources": Section(
        "resources",
        (TITLE, DESCRIPTION, SUMMARY, ORDER, RELATED),
        template="resource",
        url="resources/{slug}/",
    ),
    "news": Section(
        "news",
        (
            TITLE,
            Field("date", "date", True, "The day it was published: YYYY-MM-DD."),
            DESCRIPTION,
            SUMMARY,
            Field("modified", "date", False, "The day it was last changed: YYYY-MM-DD."),
        ),
        template="article",
    ),
    "pages": Section(
        "pages", (TITLE, DESCRIPTION, Field("summary", "text", False, SUMMARY.help), ORDER)
    ),
}


def section_of(name: str) -> Section:
    """The section of a top folder; a file outside the known folders is a plain page."""
    return SECTIONS.get(name, SECTIONS["pages"])


# --- Special pages -----------------------------------------------------------


@dataclass(frozen=True)
class SpecialPage:
    """A page whose address or template is the site's, not an editor's choice."""

    template: str = "page"
    url: str | None = None
    save_as: str | None = None
    status: str | None = None
    # A long page lists its headings at the top; a page of signposts (home) would only repeat them.
    contents_list: bool = True


# By source file under content/.
SPECIAL_PAGES: dict[str, SpecialPage] = {
    "pages/home.md": SpecialPage("home", url="", save_as="index.html", contents_list=False),
    "pages/404.md": SpecialPage("page", url="404.html", save_as="404.html", status="hidden"),
    "pages/campaigns.md": SpecialPage("campaigns"),
    "pages/resources.md": SpecialPage("resources"),
    "pages/faq.md": SpecialPage("faq"),
    "pages/figures.md": SpecialPage("figures"),
    "pages/search.md": SpecialPage("search"),
    "pages/sitemap.md": SpecialPage("sitemap"),
}


# --- Scaffolds -----------------------------------------------------------------

# What `make new-campaign` and `make new-faq` write where the editor's own words must go.
# A page that still holds one of these is refused unless it is a draft (content_checks).
SCAFFOLD_CAMPAIGN_TEXT = "Write two or three short sentences about the campaign."
SCAFFOLD_FAQ_TEXT = "Write the answer in one to three short paragraphs."
SCAFFOLD_FAQ_DESCRIPTION = 'An answer to the question "{question}"'
SCAFFOLD_BODIES = {
    "campaigns": f"""## What the campaign is

{SCAFFOLD_CAMPAIGN_TEXT}

## Getting help

!!! helpline
""",
    "faq": f"{SCAFFOLD_FAQ_TEXT}\n",
}
# Each placeholder as the checks look for it (the start of a described field is enough).
SCAFFOLD_PLACEHOLDERS = (
    SCAFFOLD_CAMPAIGN_TEXT,
    SCAFFOLD_FAQ_TEXT,
    SCAFFOLD_FAQ_DESCRIPTION.split("{")[0],
)


# Folders at the top of the site that the build itself writes: a page in pages/ whose slug
# is one of them would be written over by it, or write over it.
GENERATED_FOLDERS: dict[str, str] = {
    "news": "the news list (theme/templates/news.html) and the news feed",
    "drafts": "the drafts shown in the preview",
    "theme": "the theme's own files (theme/static/)",
    "pagefind": "the search index",
}


# Folders of the built site that are not the site's pages, each with its reason. They are left
# out of the built-page checks, the search, the sitemap and the every-page browser checks
# (plugins/site_checks reads this; the tests' page list is the checks' own).
OUTSIDE_THE_SITE: dict[str, str] = {
    "admin/": (
        "the editor in the browser (plugins/browser_editor, only when BROWSER_EDITOR is on): "
        "Decap CMS's own page, for editors signed in, not for readers; it is not a page of the "
        "site (no helpline, no site chrome), has a policy of its own (docs/security.md) and "
        "tells search engines not to index it"
    ),
}


def file_for_url(url: str, content_root: Any, is_file: Any = None) -> str | None:
    """The content file (relative to content/) whose page lives at `url`, a path from the
    site root such as /resources/helpline/ or /faq/#can-i-stop; None if no file does.
    `is_file` answers whether a path is a file (the disk's answer when None)."""
    from pathlib import Path

    path, _, anchor = url.partition("#")
    path = path.strip("/").removesuffix("index.html").strip("/")
    candidates = [
        name for name, page in SPECIAL_PAGES.items() if (page.url or "").strip("/") == path
    ]
    for name, section in SECTIONS.items():
        if section.embedded_in is not None and path == section.embedded_in.strip("/") and anchor:
            candidates.append(f"{name}/{anchor}.md")
        elif section.url is not None:
            prefix = section.url.split("{slug}")[0].strip("/")
            if path.startswith(prefix + "/") and path.count("/") == prefix.count("/") + 1:
                candidates.append(f"{name}/{path.rsplit('/', 1)[1]}.md")
    candidates += [f"pages/{path}.md", f"news/{path.removeprefix('news/')}.md"]
    root = Path(content_root)
    is_file = is_file or Path.is_file
    return next((c for c in candidates if is_file(root / c)), None)
