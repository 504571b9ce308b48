"""The schemes a link may use besides this site's own pages: tel: only for the helpline,
which every page links to; mailto: with a well-formed address; https: with a real host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .pages import Page, internal_target, links


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


# One address, and at most a subject: a link that also copies the message to someone else
# (?cc=, ?bcc=), or writes it for the reader (?body=), is not what its words promise.
MAILTO = re.compile(r"^mailto:[^@\s/?,;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\?subject=[^&=]*)?$")


def check_mailto_links(page: Page) -> list[str]:
    return [
        f"mailto: link {href!r} is not a well-formed address"
        + (" (it adds another recipient or a message)" if "?" in href else "")
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
