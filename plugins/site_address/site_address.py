"""Pure functions first, the signal handler after, register() at the bottom."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pelican import signals

DEFAULTS: dict[str, Any] = {
    # http:// is refused unless this is set: only for a local preview of a publish build.
    "SITE_ADDRESS_ALLOW_HTTP": False,
}

EXAMPLE = "SITEURL=https://campaigns.example.org make publish"
# A scheme, a host name (or 127.0.0.1/localhost for a preview), an optional port, and path
# segments made only of characters that need no escaping anywhere the address is written.
ADDRESS = re.compile(
    r"(?P<scheme>https?)://(?P<host>[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)"
    r"(?P<port>:\d{1,5})?(/[A-Za-z0-9._~-]+)*"
)


class SiteAddressError(ValueError):
    """SITEURL is missing or cannot be written safely into every page."""


def check_site_address(value: str, allow_http: bool = False) -> str:
    """`value` if it is an address a publish build can use; else SiteAddressError saying
    what to set."""
    if not value:
        raise SiteAddressError(
            "SITEURL is not set. A publish build needs the address the site will live at, "
            f"with any sub-path and no trailing slash: {EXAMPLE} "
            "(or SITEURL=https://example.org/campaigns for a sub-path)"
        )
    match = ADDRESS.fullmatch(value)
    if match is None:
        raise SiteAddressError(
            f"SITEURL={value!r} is not a plain web address. Write it as https://, the host name "
            "in lower case, then any sub-path of letters, digits, '-', '_', '.' or '~', with no "
            f"trailing slash, spaces, quotes, '?' or '#': {EXAMPLE}"
        )
    try:
        port = urlsplit(value).port
    except ValueError:
        port = 0
    if port == 0 or (match["port"] and not 1 <= int(match["port"][1:]) <= 65535):
        raise SiteAddressError(
            f"SITEURL={value!r} has a port that does not exist; a port is a number from 1 to "
            f"65535, and most sites need none: {EXAMPLE}"
        )
    if match["scheme"] == "http" and not allow_http:
        raise SiteAddressError(
            f"SITEURL={value!r} starts with http://. The published site must be served over "
            f"https://, which its security headers assume: {EXAMPLE}"
        )
    return value


# --- Signal handler ----------------------------------------------------------


def merge_defaults(pelican: Any) -> None:
    """initialized (first): DEFAULTS for the settings pelicanconf.py leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def check_settings(pelican: Any) -> None:
    """initialized: with absolute addresses, SITEURL must be one a reader can safely follow."""
    settings = pelican.settings
    if settings.get("RELATIVE_URLS"):
        return
    allow_http = settings["SITE_ADDRESS_ALLOW_HTTP"]
    check_site_address(settings.get("SITEURL", ""), allow_http)


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.initialized.connect(check_settings)
