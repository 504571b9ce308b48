"""Pure functions first, the signal handlers after, register() at the bottom.

Checks over a built site, each a pure function that returns a list of problems (strings).
Each is used three times: by every build (the handlers below), over every page of the real
site in the tests (tests/site/), and over a fixture page with one deliberate defect
(tests/site/test_checks_catch_defects.py), which proves it can fail.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from pelican import signals

logger = logging.getLogger(__name__)

VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "link", "this page"}


class PageData(HTMLParser):
    """What the checks read of a page, in one pass of the standard library's parser: several
    times faster than building a tree, which matters at a thousand pages."""

    HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.ids: set[str] = set()
        self.links: list[list[str]] = []  # [attribute, value] of every href and src
        self.anchors: list[tuple[str, str]] = []  # (href, words) of every <a href>
        self.headings: list[tuple[int, str]] = []  # (level, words)
        self.images: list[tuple[str, str | None]] = []  # (src, alt, None when missing)
        self._open: list[tuple[str, str | None, list[str]]] = []  # a, headings, title
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id") is not None:
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if name in values:
                self.links.append([name, values[name] or ""])
        if tag == "img":
            self.images.append((values.get("src") or "", values.get("alt")))
        elif tag == "a" and "href" in values:
            self._open.append(("a", values["href"] or "", []))
        elif tag in self.HEADING or tag == "title":
            self._open.append((tag, None, []))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                name, href, parts = self._open.pop(index)
                words = " ".join(p.strip() for p in parts if p.strip())
                if name == "a":
                    self.anchors.append((href or "", words))
                elif name == "title":
                    self.title = words
                else:
                    self.headings.append((int(name[1]), words))
                break

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)


@dataclass
class Page:
    site: Site
    path: str  # relative to the output folder, e.g. "campaigns/scotland/index.html"
    text: str = field(repr=False)
    # What the site-wide checks need of the page, when a build has them from its last run.
    known: dict[str, Any] | None = field(default=None, repr=False)

    @functools.cached_property
    def soup(self) -> BeautifulSoup:
        """A tree of the page, for tests that look at its parts (the checks use `data`)."""
        return BeautifulSoup(self.text, "html.parser")

    @functools.cached_property
    def data(self) -> PageData:
        return PageData(self.text)

    @functools.cached_property
    def facts(self) -> dict[str, Any]:
        """ids, links and title: all the site-wide checks read of a page."""
        if self.known is not None:
            return self.known
        data = self.data
        return {"ids": sorted(data.ids), "links": data.links, "title": data.title}

    @functools.cached_property
    def url_path(self) -> str:
        """The page's URL path on its host, sub-path included: /campaigns/faq/."""
        return urlsplit(self.address).path

    @functools.cached_property
    def url_dir(self) -> str:
        return self.url_path.rsplit("/", 1)[0] + "/"

    @property
    def url(self) -> str:
        """The page's URL path from the site root as a host serves it (dir/ for dir/index.html)."""
        url = "/" + self.path
        return url[: -len("index.html")] if url.endswith("/index.html") else url

    @property
    def address(self) -> str:
        """The page's absolute address where the site is served."""
        return self.site.base_url + self.url.lstrip("/")

    def __str__(self) -> str:
        return self.path


class Site:
    """A built output folder: its HTML pages, parsed once.

    base_url is where the folder is served: a host and an optional sub-path, ending in "/".
    Links are resolved against it, so a build for https://example.org/campaigns/ is checked
    as it will be served there.
    """

    def __init__(
        self, root: Path, base_url: str = "http://127.0.0.1:8000/", helpline_tel: str = ""
    ) -> None:
        self.root = Path(root)
        self.helpline_tel = helpline_tel
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(self.base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path
        self.pages = [
            Page(self, p.relative_to(self.root).as_posix(), p.read_text(encoding="utf-8"))
            for p in sorted(self.root.rglob("*.html"))
        ]
        self.by_path = {p.path: p for p in self.pages}
        self._resolved: dict[str, str | None] = {}
        self._targets: dict[tuple[str, str], tuple[str, str] | None] = {}

    def resolve(self, url_path: str) -> Path | None:
        """The file a static host would serve for a URL path on the site's origin, or None."""
        served = self.served(url_path)
        return self.root / served if served is not None else None

    def served(self, url_path: str) -> str | None:
        """The same, as a path inside the folder ("faq/index.html"). Kept per path: a site
        links to the same few dozen pages thousands of times."""
        if url_path not in self._resolved:
            self._resolved[url_path] = self._served(url_path)
        return self._resolved[url_path]

    def _served(self, url_path: str) -> str | None:
        if not url_path.startswith(self.prefix):
            return None
        inside = unquote(url_path[len(self.prefix) :])
        if not inside or inside.endswith("/"):
            inside += "index.html"
        if inside in self.by_path:
            return inside
        target = self.root / inside
        if target.is_dir():
            target = target / "index.html"
        return target.relative_to(self.root).as_posix() if target.is_file() else None

    def ids(self, path: str) -> set[str]:
        page = self.by_path.get(path)
        return set(page.facts["ids"]) if page is not None else set()


def links(page: Page) -> list[tuple[str, str]]:
    """(attribute, value) for every href and src on the page."""
    return [(attribute, value) for attribute, value in page.facts["links"]]


def internal_target(page: Page, value: str) -> tuple[str, str] | None:
    """(url path, fragment) for a link to this site, or None for other schemes and hosts."""
    key = (page.path, value)
    if key not in page.site._targets:
        page.site._targets[key] = _internal_target(page, value)
    return page.site._targets[key]


def _internal_target(page: Page, value: str) -> tuple[str, str] | None:
    if value.startswith(("./", "../", "#")) and "\\" not in value:
        # Most links of a built site are relative: join them without urljoin's generality.
        path, _, fragment = value.partition("#")
        path = path.partition("?")[0]
        if not path:
            return page.url_path, fragment
        joined = posixpath.normpath(posixpath.join(page.url_dir, path))
        joined = "/" if joined in {".", "/", "//"} else joined
        if path.endswith("/") and not joined.endswith("/"):
            joined += "/"
        return joined.replace("//", "/"), fragment
    parts = urlsplit(urljoin(page.address, value))
    if f"{parts.scheme}://{parts.netloc}" != page.site.origin:
        return None
    return parts.path, parts.fragment


# --- Checks ------------------------------------------------------------------


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


def check_one_h1(page: Page) -> list[str]:
    count = sum(1 for level, _ in page.data.headings if level == 1)
    return [] if count == 1 else [f"the page has {count} <h1> elements; it needs exactly one"]


def check_internal_links(page: Page) -> list[str]:
    problems = []
    for attribute, value in links(page):
        target = internal_target(page, value)
        if target is None:
            continue
        url_path, fragment = target
        target_path = page.site.served(url_path)
        if target_path is None:
            problems.append(f"{attribute}={value!r} points to {url_path}, which is not in the site")
            continue
        if fragment:
            if target_path.endswith(".html") and fragment not in page.site.ids(target_path):
                problems.append(f"{attribute}={value!r}: {target_path} has no id {fragment!r}")
    return problems


def check_no_root_relative_links(page: Page) -> list[str]:
    """A built page reaches the rest of the site by relative links (development) or by the
    full address with its sub-path (publish): an address starting with / would leave the
    sub-path when the site lives under one."""
    return [
        f"{attribute}={value!r} starts with /, so it leaves the site when it lives under a sub-path"
        for attribute, value in links(page)
        if value.startswith("/") and not value.startswith("//")
    ]


def check_has_helpline_link(page: Page) -> list[str]:
    tel = page.site.helpline_tel
    if any(href == tel for href, _ in page.data.anchors):
        return []
    return [f'the page has no helpline link (<a href="{tel}">)']


def check_tel_links_canonical(page: Page) -> list[str]:
    tel = page.site.helpline_tel
    return [
        f"tel: link {href!r} is not the helpline number ({tel})"
        for href, _ in page.data.anchors
        if href.lower().startswith("tel:") and href != tel
    ]


MAILTO = re.compile(r"^mailto:[^@\s/]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\?.*)?$")


def check_mailto_links(page: Page) -> list[str]:
    return [
        f"mailto: link {href!r} is not a well-formed address"
        for href, _ in page.data.anchors
        if href.lower().startswith("mailto:") and not MAILTO.match(href)
    ]


HOST = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def check_external_links(page: Page) -> list[str]:
    """External links must be https: with a real-looking host."""
    problems = []
    for attribute, value in links(page):
        if value.startswith(("#", "/", ".", "tel:", "mailto:")) or internal_target(page, value):
            continue
        parts = urlsplit(value)
        if parts.scheme != "https" or not HOST.match(parts.hostname or ""):
            problems.append(f"{attribute}={value!r} is not a well-formed https: link")
    return problems


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


def vague(words: str) -> bool:
    return " ".join(words.lower().split()).strip(".!:") in VAGUE_LINK_TEXT


def check_link_text(page: Page) -> list[str]:
    return [
        f"link text {' '.join(words.lower().split()).strip('.!:')!r} does not say where the link goes ({href})"
        for href, words in page.data.anchors
        if vague(words)
    ]


def check_heading_text(page: Page) -> list[str]:
    return [
        f"the heading {words!r} does not say what the section is about"
        for _, words in page.data.headings
        if vague(words)
    ]


def check_no_orphans(site: Site, home: str = "index.html") -> list[str]:
    """Every page is reachable by following links from the home page."""
    start = site.by_path.get(home)
    if start is None:
        return [f"there is no home page {home}"]
    seen = {home}
    queue = deque([start])
    while queue:
        page = queue.popleft()
        for _, value in links(page):
            target = internal_target(page, value)
            if target is None:
                continue
            path = site.served(target[0])
            if path in site.by_path and path not in seen:
                seen.add(path)
                queue.append(site.by_path[path])
    # The 404 page is reached by a host, not by a link.
    return [
        f"{p.path} is not linked from any page reachable from the home page"
        for p in site.pages
        if p.path not in seen and p.path != "404.html"
    ]


# --- In the build ----------------------------------------------------------------

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
}
INTERNAL_FIX = "link to a page that exists with {filename}/ and the file's path in content/"


def page_result(page: Page) -> dict[str, Any]:
    """What one page's own checks found, and its facts for the site-wide ones: kept per page
    content, so an unchanged page is never parsed again."""
    local = [f"{message}; {fix}" for fix, check in PER_PAGE.items() for message in check(page)]
    return {"local": local, "facts": page.facts}


def locate(message: str, text: str) -> int:
    """The line of a source file that holds what a message quotes ('...'), else 0."""
    lines = text.splitlines()
    for needle in re.findall(r"'([^']{2,})'", message):
        for candidate in (needle, needle.strip("./")):
            for number, line in enumerate(lines, start=1):
                if candidate and candidate in line:
                    return number
    return 0


def check_output(
    root: Path, base_url: str, tel: str, results: dict[str, dict[str, Any]]
) -> list[tuple[str, str]]:
    """(page path, problem) for every page of a built folder. `results` holds the last
    results by page content hash, and is brought up to date."""
    site = Site(root, base_url, tel)
    problems: list[tuple[str, str]] = []
    seen = {}
    for page in site.pages:
        key = hashlib.blake2b(page.text.encode("utf-8")).hexdigest()
        if key not in results:
            results[key] = page_result(page)
        seen[key] = results[key]
        page.known = results[key]["facts"]
        problems += [(page.path, message) for message in results[key]["local"]]
    results.clear()
    results.update(seen)
    for page in site.pages:
        problems += [(page.path, f"{m}; {INTERNAL_FIX}") for m in check_internal_links(page)]
    problems += [
        (m.split(" ", 1)[0], f"{m}; give each page its own title")
        for m in check_unique_titles(site.pages)
    ]
    problems += [
        (m.split(" ", 1)[0], f"{m}; link to it from another page, or make it a draft")
        for m in check_no_orphans(site)
    ]
    return problems


# --- Signal handlers -------------------------------------------------------------

_SOURCES: dict[str, Path] = {}
_RESULTS: dict[str, Any] = {"context": None, "pages": {}}


def record_sources(generators: list[Any]) -> None:
    """all_generators_finalized: which Markdown file each built page comes from."""
    _SOURCES.clear()
    for generator in generators:
        for name in (
            "articles",
            "pages",
            "hidden_pages",
            "hidden_articles",
            "drafts",
            "draft_pages",
        ):
            for item in getattr(generator, name, []) or []:
                if getattr(item, "save_as", "") and getattr(item, "source_path", ""):
                    _SOURCES[item.save_as] = Path(item.source_path)


def source_of(path: str) -> Path | None:
    """The Markdown file a page comes from; a poster comes from its campaign's page."""
    parts = path.split("/")
    while parts:
        candidate = (
            "/".join(parts) if parts[-1].endswith(".html") else "/".join([*parts, "index.html"])
        )
        if candidate in _SOURCES:
            return _SOURCES[candidate]
        parts = parts[:-1] if parts[-1] != "index.html" else parts[:-2]
    return None


def check_built_pages(pelican: Any) -> None:
    """finalized (after the assets are written): every built page, before the site is
    swapped into place. Problems name the Markdown file and line they come from."""
    from content_checks.cache import store_json, tracked_by_git

    settings = pelican.settings
    root = Path(pelican.output_path)
    base = settings.get("SITEURL") or settings.get("SITE_ABSOLUTE_URL") or "http://127.0.0.1:8000"
    tel = f"tel:{settings['HELPLINE_TEL']}"
    context = [hashlib.blake2b(Path(__file__).read_bytes()).hexdigest(), base, tel]
    stored = (
        Path(settings["CACHE_PATH"]) / "site-checks.json" if settings.get("CACHE_CONTENT") else None
    )
    if _RESULTS["context"] != context:
        _RESULTS.update(context=context, pages={})
        if stored is not None and stored.is_file() and not tracked_by_git(stored):
            try:
                data = json.loads(stored.read_text(encoding="utf-8"))
                if data.get("context") == context:
                    _RESULTS["pages"] = data["pages"]
            except (ValueError, KeyError, TypeError):
                pass
    before = set(_RESULTS["pages"])
    problems = check_output(root, base + "/", tel, _RESULTS["pages"])
    if stored is not None and set(_RESULTS["pages"]) != before:
        store_json(stored, {"context": context, "pages": _RESULTS["pages"]})
    if not problems:
        return
    project = Path(settings["PATH"]).resolve().parent
    lines = []
    for path, message in sorted(set(problems)):
        source = source_of(path)
        if source is None:
            lines.append(f"{path} (a page the theme makes): {message}")
            continue
        shown = source.resolve()
        shown_text = (
            shown.relative_to(project).as_posix() if shown.is_relative_to(project) else str(source)
        )
        line = locate(message, source.read_text(encoding="utf-8", errors="replace"))
        lines.append(f"{shown_text}{f', line {line}' if line else ''} (built as {path}): {message}")
    logger.error(
        "Problems in the built pages:\n%s\n%d problems: the site was not built. How to fix each: docs/errors.md",
        "\n".join(lines),
        len(lines),
    )


def register() -> None:
    signals.all_generators_finalized.connect(record_sources)
    signals.finalized.connect(check_built_pages)
