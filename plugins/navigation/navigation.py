"""Pure functions first, signal handlers after, register() at the bottom."""

from __future__ import annotations

import logging
from html import unescape
from typing import Any

from content_model import SPECIAL_PAGES, section_of
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # A page gets a contents list and a back-to-top link from this many <h2>s up.
    "NAVIGATION_CONTENTS_MIN_HEADINGS": 3,
    # How many related links a page shows when its front matter names none.
    "NAVIGATION_RELATED_COUNT": 3,
}

Link = tuple[str, str]  # (text, url relative to the site root)


class RelatedLinkError(ValueError):
    """A `related` entry that names no content file."""


def contents_from_tokens(tokens: list[dict[str, Any]]) -> list[Link]:
    """(id, text) of each level-2 heading, from the Markdown toc extension's tokens (whose
    names are HTML: Don&rsquo;t becomes Don't again, for the template to escape once)."""
    found: list[Link] = []
    for token in tokens:
        if token["level"] == 2:
            found.append((token["id"], unescape(token["name"])))
        elif token["level"] < 2:
            found.extend(contents_from_tokens(token["children"]))
    return found


def neighbours(items: list[Any], item: Any) -> tuple[Any | None, Any | None]:
    """(previous, next) of `item` in `items`, or None at either end (and for a draft, which
    is not in the list)."""
    if item not in items:
        return None, None
    index = items.index(item)
    previous = items[index - 1] if index > 0 else None
    following = items[index + 1] if index + 1 < len(items) else None
    return previous, following


def default_related(items: list[Any], item: Any, count: int) -> list[Any]:
    """The other items of the same collection, nearest first, wrapping round (for a draft,
    which is not in the list, the first ones)."""
    if item not in items:
        return items[:count]
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


def breadcrumbs(item: Any, section: str, settings: dict[str, Any]) -> list[Link]:
    """Home, the section's index page, then the item; none for the home page itself."""
    if not item.url:
        return []
    parent = settings["BREADCRUMB_PARENTS"].get(section)
    return [("Home", ""), *([parent] if parent else []), (item.title, item.url)]


def link(item: Any | None) -> Link | None:
    return (item.title, item.url) if item is not None else None


# --- Signal handlers ---------------------------------------------------------


def merge_defaults(pelican: Any) -> None:
    """initialized (first): DEFAULTS for the settings pelicanconf.py leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def with_headings(reader: type) -> type:
    """`reader`, also handing on the headings; one class for each reader, not one for each
    suffix of each generator (so later plugins can know the reader as the same class)."""

    class HeadingsReader(reader):  # type: ignore[misc,valid-type]
        def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
            content, metadata = super().read(source_path)
            metadata["headings"] = contents_from_tokens(getattr(self._md, "toc_tokens", []))
            return content, metadata

    return HeadingsReader


_WITH_HEADINGS: dict[type, type] = {}


def keep_headings(readers: Any) -> None:
    """readers_init (after yaml_metadata's): the Markdown reader also hands on the headings
    the toc extension found, so no one parses them back out of the HTML."""
    for extension, reader in list(readers.reader_classes.items()):
        if reader is None or "markdown" not in getattr(reader, "file_extensions", []):
            continue
        if reader not in _WITH_HEADINGS:
            _WITH_HEADINGS[reader] = with_headings(reader)
        readers.reader_classes[extension] = _WITH_HEADINGS[reader]


def furnish(item: Any, section: str, settings: dict[str, Any]) -> None:
    """What every page shows around its text: breadcrumbs, and a contents list when long."""
    item.crumbs = breadcrumbs(item, section, settings)
    special = SPECIAL_PAGES.get(item.relative_source_path)
    headings = item.metadata.get("headings", [])
    long = len(headings) >= settings["NAVIGATION_CONTENTS_MIN_HEADINGS"]
    item.contents = headings if long and (special is None or special.contents_list) else []


def link_pages(generator: Any) -> None:
    """page_generator_finalized (after sections): breadcrumbs, contents, previous/next and
    related links."""
    settings, context = generator.settings, generator.context
    for page in generator.pages + generator.hidden_pages + generator.draft_pages:
        furnish(page, page.metadata.get("section", ""), settings)
    count = settings["NAVIGATION_RELATED_COUNT"]
    by_source = {p.relative_source_path: p for p in generator.pages + generator.hidden_pages}
    for collection in ("campaigns", "resources"):
        items = context.get(collection, [])
        also = list(section_of(collection).also_related)
        drafts = [p for p in generator.draft_pages if p.metadata.get("section") == collection]
        for item in items + drafts:
            previous, following = neighbours(items, item)
            item.pagination = (link(previous), link(following))
            names = item.metadata.get("related")
            try:
                related = (
                    resolve_related(list(names), by_source, item.relative_source_path)
                    if names
                    else default_related(items, item, count)
                )
            except RelatedLinkError as error:
                related = []
                logger.error("%s", error)
            item.related_links = [(p.title, p.url) for p in related] + also


def link_articles(generator: Any) -> None:
    """article_generator_finalized: breadcrumbs for each article and for the news list."""
    settings = generator.settings
    for article in generator.articles + generator.drafts:
        furnish(article, "news", settings)
    generator.context["news_crumbs"] = [("Home", ""), settings["BREADCRUMB_PARENTS"]["news"]]


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.readers_init.connect(keep_headings)
    signals.page_generator_finalized.connect(link_pages)
    signals.article_generator_finalized.connect(link_articles)
