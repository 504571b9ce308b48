"""Posters as a printer gets them: each campaign's poster page printed by Chromium to a PDF
once (a module-scoped fixture), the whole page rasterised at 150 dpi with pdfium, and its QR
code read with a real decoder (zxing-cpp) from that picture."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from support.browsing import new_context
from support.sitebuild import built_site

pytestmark = pytest.mark.browser

DPI = 150
CAMPAIGNS = sorted(
    p.path.split("/")[1]
    for p in built_site().pages
    if re.fullmatch(r"campaigns/[^/]+/poster/index.html", p.path)
)


@dataclass
class Printed:
    pdf: bytes
    pages: int
    image: Image.Image  # the first page at DPI


def rasterise(pdf: bytes, dpi: int = DPI) -> tuple[int, Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document), document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()


@pytest.fixture(scope="module")
def printed(browser, base_url) -> Iterator[dict[str, Printed]]:
    context = new_context(browser)
    tab = context.new_page()
    posters = {}
    for slug in CAMPAIGNS:
        tab.goto(f"{base_url}/campaigns/{slug}/poster/")
        pdf = tab.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        posters[slug] = Printed(pdf, *rasterise(pdf))
    yield posters
    context.close()


def test_there_is_a_poster_for_each_campaign():
    assert len(CAMPAIGNS) >= 3


@pytest.mark.parametrize("slug", CAMPAIGNS)
def test_each_poster_prints_on_exactly_one_a4_page(printed, slug):
    assert printed[slug].pages == 1


@pytest.mark.parametrize("slug", CAMPAIGNS)
def test_each_posters_qr_code_scans_from_the_printed_page_to_its_campaign(printed, site, slug):
    found = zxingcpp.read_barcodes(printed[slug].image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [f"{site.origin}/campaigns/{slug}/"]
