"""Pure functions first, the generator and register() after."""

from __future__ import annotations

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


def setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def qr_svg(data: str, title: str) -> str:
    """An inline SVG QR code for `data`, with a title for assistive technology."""
    code = segno.make(data, error="m", micro=False)
    return code.svg_inline(
        scale=6, border=4, dark="#000", light="#fff", title=title, svgclass="app-poster__qr"
    )


class PosterGenerator(Generator):
    """Writes one poster page per campaign, after the pages generator has collected them."""

    def generate_context(self) -> None:
        template = setting(self.settings, "POSTERS_TEMPLATE")
        url = setting(self.settings, "POSTERS_URL")
        for campaign in self.context.get("campaigns", []):
            campaign.poster_url = url.format(slug=campaign.slug)
        self._template = template

    def generate_output(self, writer: Any) -> None:
        base = self.settings["SITE_ABSOLUTE_URL"]
        save_as = setting(self.settings, "POSTERS_SAVE_AS")
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
                qr_target=target,
                qr=qr_svg(target, f"QR code: opens {target}"),
            )


def get_generators(pelican: Any) -> type[Generator]:
    return PosterGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
