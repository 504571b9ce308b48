"""The built site as the checks read it: each page parsed once, in one pass, into what the
checks need (title, ids, links, anchors, headings, images), and links resolved to the file a
static host would serve."""

from __future__ import annotations

import functools
import os
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from content_model import OUTSIDE_THE_SITE


class PageData(HTMLParser):
    """What the checks read of a page, in one pass of the standard library's parser: several
    times faster than building a tree, which matters at a thousand pages."""

    HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.ids: set[str] = set()
        self.duplicate_ids: list[str] = []  # each id seen a second time, in page order
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
            if (values["id"] or "") in self.ids:
                self.duplicate_ids.append(values["id"] or "")
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


class _Element(HTMLParser):
    """Where the element with a given id starts and ends in a page's text."""

    VOID = frozenset(
        {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )

    def __init__(self, text: str, wanted: str) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted, self.depth = wanted, 0
        self.start: tuple[int, int] | None = None
        self.end: tuple[int, int] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID or self.end is not None:
            return
        if self.start is None:
            if dict(attrs).get("id") == self.wanted:
                self.start, self.depth = self.getpos(), 1
        else:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.start is not None and self.end is None and tag not in self.VOID:
            self.depth -= 1
            if self.depth == 0:
                self.end = self.getpos()


def element_html(text: str, wanted: str) -> str:
    """The HTML of the element whose id is `wanted` (its start tag to its end tag), or ""."""
    found = _Element(text, wanted)
    if found.start is None or found.end is None:
        return ""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    begin = starts[found.start[0] - 1] + found.start[1]
    finish = starts[found.end[0] - 1] + found.end[1]
    return text[begin : text.index(">", finish) + 1]


@dataclass
class Page:
    site: Site
    path: str  # relative to the output folder, e.g. "campaigns/scotland/index.html"
    # The page's HTML, read from the folder when first asked for: a build that knows an
    # unchanged page's results by its file (site_checks.check_output) never reads it.
    loaded: str | None = field(default=None, repr=False)
    # What the site-wide checks need of the page, when a build has them from its last run.
    known: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        if self.loaded is None:
            self.loaded = (self.site.root / self.path).read_text(encoding="utf-8")
        return self.loaded

    def stamp(self) -> str:
        """The file itself: device, inode, size and time. A page a build reused from the
        last output is the same file, hard-linked, with the same stamp."""
        stat = (self.site.root / self.path).stat()
        return f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"

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


def everything(root: Path) -> list[str]:
    """Every folder and file in `root`, as paths relative to it, sorted (as rglob("*") finds
    them, in a tenth of the time at 1,000 pages)."""
    found = []
    for folder, folders, files in os.walk(root):
        inside = os.path.relpath(folder, root)
        prefix = "" if inside == "." else inside.replace(os.sep, "/") + "/"
        found += [prefix + name for name in folders]
        found += [prefix + name for name in files]
    return sorted(found)


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
        self.everything = everything(self.root)
        self.pages = [
            Page(self, path)
            for path in self.everything
            if path.endswith(".html") and not path.startswith(tuple(OUTSIDE_THE_SITE))
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
