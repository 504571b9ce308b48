"""Every built page checked, in every build: the table of checks with the fix for each, the
run over a built folder, then the signal handlers, register() at the bottom.

Each check is a pure function in its own module (link_targets, link_schemes, vague_words,
titles_headings_images) over the pages as `pages` reads them, and returns a list of problems
(strings). Each is used three times: by every build (the handlers below), over every page of
the real site in the tests (tests/site/), and over a fixture page with one deliberate defect
(tests/site/test_checks_catch_defects.py), which proves it can fail. `sources` names the
Markdown file and line each problem comes from; `cache` keeps each page's results.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from blinker import signal
from pelican import signals

from .cache import ResultCache, stored_path
from .link_schemes import (
    check_external_links,
    check_has_helpline_link,
    check_mailto_links,
    check_tel_links_canonical,
)
from .link_targets import check_internal_links, check_no_orphans, check_no_root_relative_links
from .pages import Page, Site, element_html
from .sources import embedded_anchors, named_by_source, sources_of
from .titles_headings_images import (
    check_alt_text_says_something,
    check_heading_levels,
    check_images_have_alt,
    check_one_h1,
    check_title,
    check_unique_ids,
    check_unique_titles,
)
from .vague_words import check_heading_text, check_link_text

logger = logging.getLogger(__name__)

# Each per-page check, and the fix in plain words that follows its message.
PER_PAGE: dict[str, Any] = {
    "the page needs a title: fill in its title: field": check_title,
    "headings in the text start at ## (two #); the page title is its only top heading": check_one_h1,
    "the theme shows the helpline on every page; ask a developer": check_has_helpline_link,
    "the site has one phone number, the helpline: use the helpline call-out (!!! helpline)": check_tel_links_canonical,
    "write the address in full, like mailto:press@example.org": check_mailto_links,
    "a link to another site starts with https:// and a full host name": check_external_links,
    "headings go down one level at a time (## then ###)": check_heading_levels,
    "write what the picture shows between the square brackets: ![...](...)": check_images_have_alt,
    "write what the picture shows, not the kind of thing or the file name": check_alt_text_says_something,
    "write link words that say where the link goes, such as the page's name": check_link_text,
    "link to a page with {filename}/ and its path in content/ (the theme: with SITEURL)": check_no_root_relative_links,
    "write a heading that says what the section is about": check_heading_text,
    "reword the heading, or rename the FAQ file, whose id it repeats": check_unique_ids,
}
# Whether a run worked out any page's links, or the pages no link reaches, again (its cache is
# then written), and the last answer to which pages no link reaches, with the links it was
# worked out from, for check_output's callers that keep no cache (a build keeps it in its
# ResultCache, and so between processes: make html at 1,000 pages saved 0.35 s).
UPDATED = [False]
ORPHANS: dict[str, Any] = {}
# Sent when every page of a build is written, before they are checked: scripts/build.py
# starts Pagefind on it, so that the pages are indexed while they are checked. (Pelican sends
# `finalized` to its receivers in no set order, so a receiver of it could not know.)
PAGES_WRITTEN = signal("pages_written")
INTERNAL_FIX = "link to a page that exists with {filename}/ and the file's path in content/"


def attribute_to_items(
    site: Site, problems: list[tuple[str, str]], embedded: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """A problem on a page that shows other files' items (the FAQ page and its answers) is
    the item's when the same check, run on that item's part of the page alone, finds it:
    then it is named "faq/index.html#the-answer", and so by the answer's own file."""
    fragments: dict[tuple[str, str], set[str]] = {}
    placed = []
    for path, message in problems:
        page = site.by_path.get(path)
        for anchor in embedded.get(path, []) if page is not None else []:
            if (path, anchor) not in fragments:
                part = Page(site, path, element_html(page.text, anchor))
                found = page_result(part)["local"]
                found += [f"{m}; {INTERNAL_FIX}" for m in check_internal_links(part)]
                fragments[(path, anchor)] = set(found)
            if message in fragments[(path, anchor)]:
                path = f"{path}#{anchor}"
                break
        placed.append((path, message))
    return placed


def page_result(page: Page) -> dict[str, Any]:
    """What one page's own checks found, and its facts for the site-wide ones: kept per page
    content, so an unchanged page is never parsed again."""
    local = [f"{message}; {fix}" for fix, check in PER_PAGE.items() for message in check(page)]
    return {"local": local, "facts": page.facts}


def leads_to(message: str, left_out: list[str]) -> bool:
    """Whether a link problem is a link to a file left out of the build for its own
    problems (Pelican leaves such a link as {filename}/...): that page is not to blame."""
    return "{filename}" in message and any(
        path.removeprefix("content/") in message or Path(path).name in message for path in left_out
    )


def check_output(
    root: Path,
    base_url: str,
    tel: str,
    results: dict[str, dict[str, Any]],
    left_out: list[str] | None = None,
    embedded: dict[str, list[str]] | None = None,
    orphans: dict[str, Any] | None = None,
    stamps: dict[str, str] | None = None,
) -> list[tuple[str, str]]:
    """(page path, problem) for every page of a built folder. `results` holds the last
    results by page content hash, and is brought up to date. `left_out`: the content files
    this build left out for their own problems (plugins/content_checks): a link to one, or a
    page reached only through one, is not another page's problem. `orphans`: the last pages
    found that no link reaches, by the site's links (ORPHANS unless given), kept up to date.
    `stamps`: each page's content hash by its file's stamp (Page.stamp), kept up to date, so
    a page whose file is the one last checked is not read."""
    left_out = left_out or []
    orphans = ORPHANS if orphans is None else orphans
    site = Site(root, base_url, tel)
    problems: list[tuple[str, str]] = []
    seen, keys, stamped = {}, {}, {}
    for page in site.pages:
        # A page's content hash by its file's stamp, when the file is the one last checked.
        stamp = page.stamp()
        key = (stamps or {}).get(stamp)
        if key not in results:
            key = hashlib.blake2b(page.text.encode("utf-8")).hexdigest()
        keys[page.path] = stamped[stamp] = key
        if key not in results:
            results[key] = page_result(page)
        seen[key] = results[key]
        page.known = results[key]["facts"]
        problems += [(page.path, message) for message in results[key]["local"]]
    results.clear()
    results.update(seen)
    if stamps is not None and stamps != stamped:
        stamps.clear()
        stamps.update(stamped)
        UPDATED[0] = True
    # Where a page's links lead depends on its own links and on what the site holds: every
    # file, and the ids on every page. While those are as they were, an unchanged page's
    # answer is too, and is not worked out again (most of a rebuild's checks at 1,000 pages).
    held = hashlib.blake2b()
    for file in site.everything:
        held.update(file.encode() + b"\0")
    for page in site.pages:
        held.update(f"{page.path}\0{sorted(page.facts['ids'])}\n".encode())
    universe = held.hexdigest()
    for page in site.pages:
        kept = results[keys[page.path]]
        if kept.get("universe") != [universe, page.path]:
            kept["internal"] = check_internal_links(page)
            kept["universe"] = [universe, page.path]
            UPDATED[0] = True
        problems += [
            (page.path, f"{m}; {INTERNAL_FIX}")
            for m in kept["internal"]
            if not leads_to(m, left_out)
        ]
    problems += [
        (m.split(" ", 1)[0], f"{m}; give each page its own title")
        for m in check_unique_titles(site.pages)
    ]
    if not left_out:  # with a page left out, what only it links to would be blamed
        # Which pages are reached depends only on every page's links and on what the site
        # holds: an edit to a page's words keeps the answer.
        graph = hashlib.blake2b(f"{universe}\0{site.base_url}".encode())
        for page in site.pages:
            graph.update(f"{page.path}\0{page.facts['links']}\n".encode())
        if orphans.get("graph") != graph.hexdigest():
            orphans.update(graph=graph.hexdigest(), found=check_no_orphans(site))
            UPDATED[0] = True
        problems += [
            (m.split(" ", 1)[0], f"{m}; link to it from another page, or make it a draft")
            for m in orphans["found"]
        ]
    return attribute_to_items(site, problems, embedded or {}) if embedded else problems


# --- Signal handlers -------------------------------------------------------------

# The kept results depend on the code of every module of the plugin.
CODE = sorted(Path(__file__).parent.glob("*.py"))
_SOURCES: dict[str, Path] = {}
_CACHE = ResultCache()


def record_sources(generators: list[Any]) -> None:
    """all_generators_finalized: which Markdown file each built page comes from."""
    _SOURCES.clear()
    _SOURCES.update(sources_of(generators))


def check_built_pages(pelican: Any) -> None:
    """finalized (after the assets are written): every built page, before the site is
    swapped into place. Problems name the Markdown file and line they come from."""
    PAGES_WRITTEN.send(pelican)
    settings = pelican.settings
    root = Path(pelican.output_path)
    base = settings.get("SITEURL") or settings.get("SITE_ABSOLUTE_URL") or "http://127.0.0.1:8000"
    tel = f"tel:{settings['HELPLINE_TEL']}"
    code = hashlib.blake2b(b"".join(p.read_bytes() for p in CODE)).hexdigest()
    stored = stored_path(settings)
    _CACHE.load([code, base, tel], stored)
    before = set(_CACHE.pages)
    left_out = settings.get("CONTENT_CHECKS_LEFT_OUT", [])
    embedded = embedded_anchors(_SOURCES)
    UPDATED[0] = False
    problems = check_output(
        root,
        base + "/",
        tel,
        _CACHE.pages,
        left_out,
        embedded,
        orphans=_CACHE.orphans,
        stamps=_CACHE.stamps,
    )
    if set(_CACHE.pages) != before or UPDATED[0]:
        _CACHE.store(stored)
    if not problems:
        return
    project = Path(settings["PATH"]).resolve().parent
    lines = named_by_source(problems, _SOURCES, project)
    # A page the allow-list already named is written sanitized: its missing ids follow.
    sanitized = tuple(settings.get("HTML_ALLOWLIST_SANITIZED", []))
    for line in lines:
        if not (sanitized and line.startswith(sanitized) and "has no id" in line):
            logger.error("%s", line)


def register() -> None:
    signals.all_generators_finalized.connect(record_sources)
    signals.finalized.connect(check_built_pages)
