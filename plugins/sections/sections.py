"""Pure functions first, signal handlers after, register() at the bottom."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.contents import Page

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # section -> URL prefix; each file becomes <prefix><slug>/
    "SECTIONS_NESTED": ["campaigns", "resources"],
    # section -> the page that shows its items, each under an anchor named after its slug
    "SECTIONS_EMBEDDED": {"faq": "faq/"},
    # section -> template used when the file names none
    "SECTIONS_TEMPLATES": {"campaigns": "campaign", "resources": "resource"},
    # FAQ audiences in the order the FAQ page shows them, with their headings
    "SECTIONS_FAQ_AUDIENCES": {
        "yourself": "If you are worried about your own online behaviour",
        "someone-else": "If you are worried about someone else",
        "campaigns": "About the campaigns",
        "law": "The law and what happens after an arrest",
    },
}

PARTIAL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


class PartialDateError(ValueError):
    """A launch date that is neither YYYY-MM-DD nor YYYY-MM."""


def setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def parse_partial_date(value: Any) -> tuple[dt.date, str]:
    """Return (date, precision) for a full date or a year and month.

    Precision is "day" or "month". A month-only date is kept as such, so a page never
    shows a day that the source does not give.
    """
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    match = PARTIAL_DATE.match(str(value).strip())
    if not match:
        raise PartialDateError(f"{value!r} is not a date; write it as YYYY-MM-DD or YYYY-MM")
    year, month, day = match.groups()
    try:
        if day:
            return dt.date(int(year), int(month), int(day)), "day"
        return dt.date(int(year), int(month), 1), "month"
    except ValueError as error:
        raise PartialDateError(f"{value!r} is not a real date ({error})") from error


def format_partial_date(date: dt.date, precision: str) -> str:
    """24 January 2018, or June 2017 for a month-only date."""
    if precision == "month":
        return f"{date:%B %Y}"
    return f"{date.day} {date:%B %Y}"


def output_location(section: str, slug: str, settings: dict[str, Any]) -> tuple[str, str] | None:
    """(url, save_as) for a file in `section`, or None to keep Pelican's default."""
    if section in setting(settings, "SECTIONS_NESTED"):
        return f"{section}/{slug}/", f"{section}/{slug}/index.html"
    embedded = setting(settings, "SECTIONS_EMBEDDED")
    if section in embedded:
        return f"{embedded[section]}#{slug}", ""
    return None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def campaign_summary(page: Page) -> dict[str, Any]:
    """A campaign as plain data for components and templates."""
    date, precision = page.launch
    return {
        "title": page.title,
        "region": getattr(page, "region", page.title),
        "url": page.url,
        "summary": getattr(page, "summary_text", ""),
        "launch_date": format_partial_date(date, precision),
        "launch_date_iso": date.isoformat() if precision == "day" else f"{date:%Y-%m}",
        "partners": [str(p) for p in as_list(getattr(page, "partners", None))],
        "figures": [dict(f) for f in as_list(getattr(page, "figures", None))],
    }


def group_faqs(faqs: list[Page], audiences: dict[str, str]) -> list[dict[str, Any]]:
    """FAQs grouped by audience in the configured order, each group sorted by `order`."""
    groups = []
    for key, heading in audiences.items():
        items = [f for f in faqs if getattr(f, "audience", None) == key]
        items.sort(key=lambda f: (int(getattr(f, "order", 999)), f.title))
        if items:
            groups.append({"id": key, "heading": heading, "items": items})
    return groups


# --- Signal handlers ---------------------------------------------------------


def place_content(instance: Any) -> None:
    """content_object_init: set URL, output path and template from the section."""
    if not isinstance(instance, Page):
        return
    section = instance.metadata.get("section", "")
    location = output_location(section, instance.slug, instance.settings)
    # Drafts keep Pelican's draft location: shown in the preview, never published.
    if location and instance.status != "draft" and not hasattr(instance, "override_url"):
        instance.override_url, instance.override_save_as = location
    template = setting(instance.settings, "SECTIONS_TEMPLATES").get(section)
    if template and "template" not in instance.metadata:
        instance.template = template
    if section == "campaigns":
        launch = instance.metadata.get("launch_date")
        try:
            instance.launch = parse_partial_date(launch)
        except PartialDateError as error:
            instance.launch = (dt.date.min, "day")
            logger.error("%s: launch_date %s", instance.source_path, error)
        instance.launch_display = format_partial_date(*instance.launch)
    # A plain-text summary for lists; the front matter `summary` is Markdown-rendered by Pelican.
    instance.summary_text = Markup(str(instance.metadata.get("summary", "") or "")).striptags()


def collect(generator: Any) -> None:
    """page_generator_finalized: hand templates the collections, sorted."""
    pages = list(generator.pages) + list(generator.hidden_pages)
    by_section: dict[str, list[Page]] = {}
    for page in pages:
        by_section.setdefault(page.metadata.get("section", ""), []).append(page)

    campaigns = sorted(by_section.get("campaigns", []), key=lambda p: p.launch[0], reverse=True)
    resources = sorted(
        by_section.get("resources", []), key=lambda p: (int(getattr(p, "order", 999)), p.title)
    )
    faqs = by_section.get("faq", [])
    # Embedded items are rendered inside their page; they are not pages of their own.
    generator.pages = [p for p in generator.pages if p.metadata.get("section") != "faq"]
    generator.hidden_pages = [
        p for p in generator.hidden_pages if p.metadata.get("section") != "faq"
    ]

    context = generator.context
    context["campaigns"] = campaigns
    context["campaign_summaries"] = [campaign_summary(p) for p in campaigns]
    context["resources"] = resources
    context["faq_groups"] = group_faqs(faqs, setting(generator.settings, "SECTIONS_FAQ_AUDIENCES"))
    context["pages"] = generator.pages
    context["hidden_pages"] = generator.hidden_pages


def register() -> None:
    signals.content_object_init.connect(place_content)
    signals.page_generator_finalized.connect(collect)
