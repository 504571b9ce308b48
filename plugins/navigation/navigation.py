"""Pure functions first, signal handlers after, register() at the bottom."""

from __future__ import annotations

import logging
import re
from html import unescape
from typing import Any

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # A page gets a contents list and a back-to-top link from this many <h2>s up.
    "NAVIGATION_CONTENTS_MIN_HEADINGS": 3,
    # How many related links a page shows when its front matter names none.
    "NAVIGATION_RELATED_COUNT": 3,
}

H2 = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</h2>', re.S)
TAG = re.compile(r"<[^>]+>")


class RelatedLinkError(ValueError):
    """A `related` entry that names no content file."""


def setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def contents_entries(html: str) -> list[tuple[str, str]]:
    """(id, text) for every <h2> with an id in rendered page content."""
    return [
        (m["id"], " ".join(unescape(TAG.sub("", m["text"])).split())) for m in H2.finditer(html)
    ]


def neighbours(items: list[Any], item: Any) -> tuple[Any | None, Any | None]:
    """(previous, next) of `item` in `items`, or None at either end."""
    index = items.index(item)
    previous = items[index - 1] if index > 0 else None
    following = items[index + 1] if index + 1 < len(items) else None
    return previous, following


def default_related(items: list[Any], item: Any, count: int) -> list[Any]:
    """The other items of the same collection, nearest first, wrapping round."""
    index = items.index(item)
    ordered = items[index + 1 :] + items[:index]
    return ordered[:count]


def resolve_related(names: list[str], by_source: dict[str, Any], source: str) -> list[Any]:
    found = []
    for name in names:
        key = str(name).strip().lstrip("/")
        if key not in by_source:
            raise RelatedLinkError(
                f"{source}: related entry {name!r} is not a content file; "
                "write it as a path inside content/, e.g. resources/helpline.md"
            )
        found.append(by_source[key])
    return found


# --- Signal handlers ---------------------------------------------------------


def add_filters(generator: Any) -> None:
    """generator_init: make the pure functions available to templates."""
    generator.env.filters["contents_entries"] = contents_entries


def link_pages(generator: Any) -> None:
    """page_generator_finalized (after sections): previous/next and related links."""
    context = generator.context
    count = setting(generator.settings, "NAVIGATION_RELATED_COUNT")
    by_source = {p.relative_source_path: p for p in generator.pages + generator.hidden_pages}
    for collection in ("campaigns", "resources"):
        items = context.get(collection, [])
        for item in items:
            item.previous_item, item.next_item = neighbours(items, item)
            names = item.metadata.get("related")
            try:
                item.related_pages = (
                    resolve_related(list(names), by_source, item.relative_source_path)
                    if names
                    else default_related(items, item, count)
                )
            except RelatedLinkError as error:
                item.related_pages = []
                logger.error("%s", error)


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.page_generator_finalized.connect(link_pages)
