"""Checks over a built site: pure functions that return a list of problems (strings).

Each check is used twice: over every page of the real site (tests/site/) and over a
fixture page with one deliberate defect (tests/site/test_checks_catch_defects.py), which
proves the check can fail.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from pelicanconf import HELPLINE_TEL as TEL

HELPLINE_TEL = f"tel:{TEL}"
# Where the development build says it lives (SITE_ABSOLUTE_URL in pelicanconf.py).
SITE_ORIGIN = "http://127.0.0.1:8000"
VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "link", "this page"}


@dataclass
class Page:
    site: Site
    path: str  # relative to the output folder, e.g. "campaigns/scotland/index.html"
    soup: BeautifulSoup = field(repr=False)

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

    def __init__(self, root: Path, base_url: str = SITE_ORIGIN + "/") -> None:
        self.root = Path(root)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(self.base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path
        self.pages = [
            Page(self, p.relative_to(self.root).as_posix(), self._parse(p))
            for p in sorted(self.root.rglob("*.html"))
        ]
        self.by_path = {p.path: p for p in self.pages}

    @staticmethod
    def _parse(path: Path) -> BeautifulSoup:
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def resolve(self, url_path: str) -> Path | None:
        """The file a static host would serve for a URL path on the site's origin, or None."""
        if not url_path.startswith(self.prefix):
            return None
        target = self.root / unquote(url_path[len(self.prefix) :])
        if url_path.endswith("/"):
            target = target / "index.html"
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    @functools.cache  # noqa: B019 - one Site per session; ids of a page never change
    def ids(self, path: str) -> set[str]:
        page = self.by_path.get(path)
        if page is None:
            return set()
        return {tag["id"] for tag in page.soup.find_all(id=True)}


def links(page: Page) -> list[tuple[str, str]]:
    """(attribute, value) for every href and src on the page."""
    found = []
    for tag in page.soup.find_all(href=True):
        found.append(("href", tag["href"]))
    for tag in page.soup.find_all(src=True):
        found.append(("src", tag["src"]))
    return found


def internal_target(page: Page, value: str) -> tuple[str, str] | None:
    """(url path, fragment) for a link to this site, or None for other schemes and hosts."""
    parts = urlsplit(urljoin(page.address, value))
    if f"{parts.scheme}://{parts.netloc}" != page.site.origin:
        return None
    return parts.path, parts.fragment


# --- Checks ------------------------------------------------------------------


def check_title(page: Page) -> list[str]:
    title = page.soup.title
    if title is None or not title.get_text(strip=True):
        return ["the page has no <title> or an empty one"]
    return []


def check_unique_titles(pages: list[Page]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for page in pages:
        text = page.soup.title.get_text(strip=True) if page.soup.title else ""
        if text in seen:
            problems.append(f"{page.path} has the same title as {seen[text]}: {text!r}")
        seen.setdefault(text, page.path)
    return problems


def check_one_h1(page: Page) -> list[str]:
    count = len(page.soup.find_all("h1"))
    return [] if count == 1 else [f"the page has {count} <h1> elements; it needs exactly one"]


def check_internal_links(page: Page) -> list[str]:
    problems = []
    for attribute, value in links(page):
        target = internal_target(page, value)
        if target is None:
            continue
        url_path, fragment = target
        file = page.site.resolve(url_path)
        if file is None:
            problems.append(f"{attribute}={value!r} points to {url_path}, which is not in the site")
            continue
        if fragment:
            target_path = file.relative_to(page.site.root).as_posix()
            if target_path.endswith(".html") and fragment not in page.site.ids(target_path):
                problems.append(f"{attribute}={value!r}: {target_path} has no id {fragment!r}")
    return problems


def check_has_helpline_link(page: Page) -> list[str]:
    if page.soup.find("a", href=HELPLINE_TEL):
        return []
    return [f'the page has no helpline link (<a href="{HELPLINE_TEL}">)']


def check_tel_links_canonical(page: Page) -> list[str]:
    return [
        f"tel: link {a['href']!r} is not the helpline number ({HELPLINE_TEL})"
        for a in page.soup.find_all("a", href=re.compile(r"^tel:", re.I))
        if a["href"] != HELPLINE_TEL
    ]


MAILTO = re.compile(r"^mailto:[^@\s/]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\?.*)?$")


def check_mailto_links(page: Page) -> list[str]:
    return [
        f"mailto: link {a['href']!r} is not a well-formed address"
        for a in page.soup.find_all("a", href=re.compile(r"^mailto:", re.I))
        if not MAILTO.match(a["href"])
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
    for heading in page.soup.find_all(re.compile(r"^h[1-6]$")):
        level = int(heading.name[1])
        if previous and level > previous + 1:
            text = heading.get_text(" ", strip=True)
            problems.append(
                f"<{heading.name}> {text!r} follows an <h{previous}>: a level is skipped"
            )
        previous = level
    return problems


def check_images_have_alt(page: Page) -> list[str]:
    return [
        f"<img src={img.get('src')!r}> has no alt attribute"
        for img in page.soup.find_all("img")
        if not img.has_attr("alt")
    ]


def check_link_text(page: Page) -> list[str]:
    problems = []
    for a in page.soup.find_all("a", href=True):
        text = " ".join(a.get_text(" ", strip=True).lower().split()).strip(".!:")
        if text in VAGUE_LINK_TEXT:
            problems.append(f"link text {text!r} does not say where the link goes ({a['href']})")
    return problems


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
            file = site.resolve(target[0])
            if file is None:
                continue
            path = file.relative_to(site.root).as_posix()
            if path in site.by_path and path not in seen:
                seen.add(path)
                queue.append(site.by_path[path])
    # The 404 page is reached by a host, not by a link.
    return [
        f"{p.path} is not linked from any page reachable from the home page"
        for p in site.pages
        if p.path not in seen and p.path != "404.html"
    ]
