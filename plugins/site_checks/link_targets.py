"""Where links lead: every link to this site reaches a page (and its #anchor) that exists,
none starts with / (it would leave a sub-path), and every page is reached from the home page."""

from __future__ import annotations

from collections import deque

from .pages import Page, Site, internal_target, links


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
