"""Pure functions first, signal handlers after, register() at the bottom."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

from content_model import (
    AUDIENCES,
    SECTIONS,
    SPECIAL_PAGES,
    DateError,
    format_date,
    parse_date,
    section_of,
)
from markupsafe import Markup
from pelican import signals
from pelican.contents import Page

logger = logging.getLogger(__name__)


def output_location(section: str, slug: str) -> tuple[str, str] | None:
    """(url, save_as) for a file in `section`, or None to keep Pelican's default."""
    return section_of(section).location(slug)


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
        "launch_date": format_date(date, precision),
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


def special_page(instance: Any) -> Any:
    """The content model's entry for this file, if it is one of the site's special pages. By
    the paths as Pelican made them (the content folder's, joined with the file's name), not
    as the disk resolves them: two resolutions a page were a fifth of a second at 1,000
    pages, and content/ holds no links (the content checks stop a build at one)."""
    root = os.path.abspath(instance.settings["PATH"])
    relative = os.path.relpath(os.path.abspath(instance.source_path), root)
    if relative == ".." or relative.startswith("../"):
        return None
    return SPECIAL_PAGES.get(Path(relative).as_posix())


def place_content(instance: Any) -> None:
    """content_object_init: address, output path and template from the content model."""
    if not isinstance(instance, Page):
        return
    section = instance.metadata.get("section", "")
    special = special_page(instance)
    if special is not None:
        instance.template = special.template
        if special.url is not None:
            instance.override_url, instance.override_save_as = special.url, special.save_as
        if special.status is not None:
            instance.status = special.status
    else:
        location = output_location(section, instance.slug)
        # Drafts keep Pelican's draft location: shown in the preview, never published.
        if location and instance.status != "draft":
            instance.override_url, instance.override_save_as = location
        elif location is None:
            # An address is never an editor's choice (the checks refuse url and save_as too).
            for name in ("override_url", "override_save_as"):
                if name in instance.__dict__:
                    delattr(instance, name)
        instance.template = section_of(section).template
    if section == "campaigns":
        launch = instance.metadata.get("launch_date")
        try:
            instance.launch = parse_date(launch, month_only_ok=True)
        except DateError as error:
            instance.launch = (dt.date.min, "day")
            logger.error("%s: launch_date %r %s", instance.source_path, launch, error)
        instance.launch_display = format_date(*instance.launch)
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
    context["faq_groups"] = group_faqs(faqs, AUDIENCES)
    # Each item shown inside another page, by the page it is in ("faq/index.html") and its
    # anchor: a problem found there is named by the item's own file (plugins/site_checks).
    embedded: dict[str, dict[str, Any]] = {}
    for name, section in SECTIONS.items():
        if section.embedded_in is not None:
            host = section.embedded_in.strip("/") + "/index.html"
            for item in by_section.get(name, []):
                embedded.setdefault(host, {})[item.slug] = item
    context["embedded_items"] = embedded
    context["pages"] = generator.pages
    context["hidden_pages"] = generator.hidden_pages


def drafts_without_categories(generator: Any) -> None:
    """article_generator_finalized: this site has no categories (CATEGORY_SAVE_AS is empty),
    so Pelican gives an article none, and then stops writing a draft article for the want of
    one (an AttributeError). A draft of every type builds and stays unpublished."""
    from pelican.urlwrappers import Category

    for draft in [*generator.drafts, *generator.drafts_translations]:
        if not hasattr(draft, "category"):
            draft.category = Category(generator.settings["DEFAULT_CATEGORY"], generator.settings)


def register() -> None:
    signals.content_object_init.connect(place_content)
    signals.article_generator_finalized.connect(drafts_without_categories)
    signals.page_generator_finalized.connect(collect)
