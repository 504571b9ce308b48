"""Pure functions first, the generator and register() after."""

from __future__ import annotations

import functools
import logging
from typing import Any

import segno
from pelican import signals
from pelican.generators import Generator

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "POSTERS_TEMPLATE": "poster",
    "POSTERS_SAVE_AS": "campaigns/{slug}/poster/index.html",
    "POSTERS_URL": "campaigns/{slug}/poster/",
}


@functools.lru_cache(maxsize=4096)
def qr_svg(data: str, title: str) -> str:
    """An inline SVG QR code for `data`, with a title for assistive technology. Kept per
    address, so the preview's rebuilds do not encode the same codes again (segno's choice
    of the best mask takes about 9 ms a code).

    One unit a module, with a viewBox and no width or height (omitsize), so the stylesheet
    scales the whole code, its four-module quiet zone included; with segno's fixed width and
    height the browser cut the code off at the size the stylesheet gave it."""
    code = segno.make(data, error="m", micro=False)
    return code.svg_inline(
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
        svgclass="app-poster__qr",
        omitsize=True,
    )


class LazyQR:
    """A QR code made only when a template shows it: a poster whose page has not changed
    is reused by plugins/incremental without being rendered, so its code is never made."""

    def __init__(self, data: str, title: str) -> None:
        self.data, self.title = data, title

    def __html__(self) -> str:
        return qr_svg(self.data, self.title)

    __str__ = __html__

    def __repr__(self) -> str:  # the same in every process, for plugins/incremental
        return f"LazyQR({self.data!r}, {self.title!r})"


class PosterGenerator(Generator):
    """Writes one poster page per campaign, after the pages generator has collected them."""

    def generate_context(self) -> None:
        template = self.settings["POSTERS_TEMPLATE"]
        url = self.settings["POSTERS_URL"]
        for campaign in self.context.get("campaigns", []):
            campaign.poster_url = url.format(slug=campaign.slug)
        self._template = template

    def generate_output(self, writer: Any) -> None:
        base = self.settings["SITE_ABSOLUTE_URL"]
        save_as = self.settings["POSTERS_SAVE_AS"]
        template = self.get_template(self._template)
        for campaign in self.context.get("campaigns", []):
            target = f"{base}/{campaign.url}"
            writer.write_file(
                save_as.format(slug=campaign.slug),
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                page=campaign,
                poster_url=campaign.poster_url,
                # The poster's own: the campaign page's breadcrumbs and one more step, and no
                # structured data but those breadcrumbs.
                crumbs=[*campaign.crumbs, ("Poster", campaign.poster_url)],
                structured_data=[],
                qr_target=target,
                # A development build, or a publish build for this machine's address: the
                # QR code opens a copy of the site that readers cannot reach.
                poster_preview=not self.settings["SITEURL"]
                or bool(self.settings.get("SITE_ADDRESS_ALLOW_HTTP")),
                qr=LazyQR(target, f"QR code: opens {target}"),
            )


def get_generators(pelican: Any) -> type[Generator]:
    return PosterGenerator


def merge_defaults(pelican: Any) -> None:
    """initialized (first): DEFAULTS for the settings pelicanconf.py leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.get_generators.connect(get_generators)
