"""Pure functions first, signal handlers after, register() at the bottom."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals

logger = logging.getLogger(__name__)

SCHEMA = "https://schema.org"


def absolute(base: str, url: str) -> str:
    return f"{base.rstrip('/')}/{url}"


def plain(html: str) -> str:
    return " ".join(Markup(html).striptags().split())


def ngo(name: str, url: str, telephone: str, help_url: str) -> dict[str, Any]:
    """The charity, with the helpline as its contact point."""
    return {
        "@context": SCHEMA,
        "@type": "NGO",
        "name": name,
        "url": url,
        "contactPoint": {
            "@type": "ContactPoint",
            "name": "Stop It Now! helpline",
            "telephone": telephone,
            "contactType": "helpline",
            # The releases say the helpline serves the UK and Ireland ("GB" alone read as
            # Great Britain, leaving out Northern Ireland and Ireland).
            "areaServed": [
                {"@type": "Country", "name": "United Kingdom"},
                {"@type": "Country", "name": "Ireland"},
            ],
            "availableLanguage": "en-GB",
            "url": help_url,
        },
    }


def breadcrumb_list(crumbs: list[tuple[str, str]], base: str) -> dict[str, Any]:
    """crumbs: (name, url relative to the site root) from the home page to this page."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(base, url)}
            for i, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def faq_page(questions: list[tuple[str, str]], url: str) -> dict[str, Any]:
    """questions: (question, answer as HTML)."""
    return {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "url": url,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": plain(answer)},
            }
            for question, answer in questions
        ],
    }


def news_article(
    headline: str, url: str, published: dt.datetime, description: str, publisher: str
) -> dict[str, Any]:
    return {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": headline,
        "url": url,
        "datePublished": published.isoformat(),
        "description": description,
        "author": {"@type": "Organization", "name": publisher},
        "publisher": {"@type": "Organization", "name": publisher},
    }


def campaign_page(
    title: str, url: str, region: str, description: str, launched: str
) -> dict[str, Any]:
    return {
        "@context": SCHEMA,
        "@type": "WebPage",
        "name": title,
        "url": url,
        "description": description,
        "about": {
            "@type": "Thing",
            "name": f"Stop It Now! deterrence campaign in {region}, launched {launched}",
        },
        "spatialCoverage": {"@type": "Place", "name": region},
    }


def git_dates(root: Path, content: Path) -> dict[str, dt.date]:
    """{path relative to content: date of the last commit that touched it}, in one git call.
    Empty outside a git checkout."""
    try:
        log = subprocess.run(
            ["git", "log", "--format=#%cs", "--name-only", "--", str(content)],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    prefix = content.relative_to(root).as_posix() + "/"
    for line in log.splitlines():
        if line.startswith("#"):
            current = dt.date.fromisoformat(line[1:])
        elif line.startswith(prefix) and current:
            dates.setdefault(line[len(prefix) :], current)
    return dates


def last_modified(content: Any, dates: dict[str, dt.date]) -> dt.date:
    """`modified` from front matter, else the last commit, else `date`, else the file's mtime."""
    if "modified" in content.metadata:
        return content.modified.date()
    if content.relative_source_path in dates:
        return dates[content.relative_source_path]
    if "date" in content.metadata:
        return content.date.date()
    return dt.date.fromtimestamp(Path(content.source_path).stat().st_mtime)


# --- Signal handlers ---------------------------------------------------------


def add_lastmod(generators: list[Any]) -> None:
    """all_generators_finalized: give every article and page a `lastmod` date."""
    if not generators:
        return
    settings = generators[0].settings
    content = Path(settings["PATH"]).resolve()
    root = Path(settings.get("STRUCTURED_DATA_GIT_ROOT", content.parent))
    dates = git_dates(root, content)
    for generator in generators:
        for name in ("articles", "pages", "hidden_pages"):
            for item in getattr(generator, name, []):
                item.lastmod = last_modified(item, dates)


def for_item(item: Any, kind: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    """The structured data a page of this kind describes itself with, beside its breadcrumbs
    (which the head partial writes from the page's crumbs)."""
    settings = item.settings
    url = absolute(settings["SITE_ABSOLUTE_URL"], item.url)
    if kind == "article":
        return [
            news_article(item.title, url, item.date, item.description, settings["CHARITY_NAME"])
        ]
    if kind == "home":
        charity = (settings["CHARITY_NAME"], settings["CHARITY_URL"])
        return [ngo(*charity, settings["HELPLINE_INTERNATIONAL"], settings["GET_HELP_URL"])]
    if kind == "campaign":
        return [campaign_page(item.title, url, item.region, item.description, item.launch_display)]
    if kind == "faq":
        groups = context.get("faq_groups", [])
        questions = [(faq.title, faq.content) for group in groups for faq in group["items"]]
        return [faq_page(questions, url)]
    return []


def describe(generators: list[Any]) -> None:
    """all_generators_finalized: give every article and page its `structured_data`."""
    for generator in generators:
        for name in ("articles", "drafts", "pages", "hidden_pages", "draft_pages"):
            for item in getattr(generator, name, []):
                kind = "article" if name in {"articles", "drafts"} else item.template
                item.structured_data = for_item(item, kind, generator.context)


def add_globals(generator: Any) -> None:
    """generator_init: the builders, for templates."""
    generator.env.globals.update(ld_breadcrumb_list=breadcrumb_list)


def register() -> None:
    signals.generator_init.connect(add_globals)
    signals.all_generators_finalized.connect(add_lastmod)
    signals.all_generators_finalized.connect(describe)
