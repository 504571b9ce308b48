"""Measuring a printed PDF page as a printer and a passer-by get it: its text with font sizes
and positions (pdfplumber), the page rasterised at 150 dpi (pdfium) for the QR code, the empty
bands and the contrast in black and white."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pdfplumber
import pypdfium2
import zxingcpp
from PIL import Image

DPI = 150
POINTS_PER_CM = 72 / 2.54
# A pixel row counts as printed if this many of its pixels are darker than INK (0-255 grey).
INK, INKED_PIXELS = 200, 3


@dataclass
class Word:
    text: str
    size: float  # points
    top: float  # points from the top of the page
    bottom: float
    x0: float
    x1: float


@dataclass
class PrintedPage:
    pages: int
    width: float  # points
    height: float
    words: list[Word]
    grey: Image.Image  # the first page at DPI, in black and white (8-bit grey)
    codes: list = field(default_factory=list)  # zxing-cpp results from the whole page

    @property
    def scale(self) -> float:
        """Pixels a point."""
        return self.grey.height / self.height


def read(pdf: bytes, dpi: int = DPI) -> PrintedPage:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first = document.pages[0]
        words = [
            Word(w["text"], round(w["size"], 1), w["top"], w["bottom"], w["x0"], w["x1"])
            for w in first.extract_words(extra_attrs=["size"], keep_blank_chars=False)
        ]
        pages, width, height = len(document.pages), float(first.width), float(first.height)
    rendered = pypdfium2.PdfDocument(pdf)
    try:
        image = rendered[0].render(scale=dpi / 72).to_pil()
    finally:
        rendered.close()
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return PrintedPage(pages, width, height, words, image.convert("L"), codes)


def phrase_size(page: PrintedPage, phrase: str) -> float:
    """The smallest font size of the words of `phrase`, where they follow each other on the
    page (0 if it is not there)."""
    wanted = phrase.split()
    texts = [w.text for w in page.words]
    for i in range(len(texts) - len(wanted) + 1):
        if texts[i : i + len(wanted)] == wanted:
            return min(w.size for w in page.words[i : i + len(wanted)])
    return 0.0


# Each grey level as 1 where it is ink, else 0, so bytes.translate and count do the counting.
INK_TABLE = bytes(1 if v < INK else 0 for v in range(256))


def inked_rows(page: PrintedPage) -> list[bool]:
    width, height = page.grey.size
    data = page.grey.tobytes().translate(INK_TABLE)
    return [data.count(1, y * width, (y + 1) * width) >= INKED_PIXELS for y in range(height)]


def fill_and_largest_gap(page: PrintedPage) -> tuple[float, float]:
    """How much of the page's height the printed matter spans, from its first inked row to
    its last, and the tallest band with nothing printed (the margins included), both as
    fractions of the page's height."""
    rows = inked_rows(page)
    inked = [y for y, ink in enumerate(rows) if ink]
    if not inked:
        return 0.0, 1.0
    gaps, run = [], 0
    for ink in rows:
        run = 0 if ink else run + 1
        gaps.append(run)
    return (inked[-1] - inked[0] + 1) / len(rows), max(gaps) / len(rows)


def margins(page: PrintedPage) -> tuple[float, float, float, float]:
    """The blank paper between the printed matter and each edge (top, bottom, left, right),
    in points."""
    rows = inked_rows(page)
    across = PrintedPage(1, page.height, page.width, [], page.grey.transpose(Image.TRANSPOSE))
    columns = inked_rows(across)
    ys = [y for y, ink in enumerate(rows) if ink]
    xs = [x for x, ink in enumerate(columns) if ink]
    edges = (ys[0], len(rows) - 1 - ys[-1], xs[0], len(columns) - 1 - xs[-1])
    return tuple(edge / page.scale for edge in edges)


def qr_size_cm(page: PrintedPage) -> float:
    """The printed width of the first QR code found (its modules, without the quiet zone)."""
    corners = page.codes[0].position
    width = max(abs(corners.top_right.x - corners.top_left.x), 1)
    return width / page.scale / POINTS_PER_CM


def luminance(grey: int) -> float:
    c = grey / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def word_contrast(page: PrintedPage, word: Word) -> float:
    """The contrast ratio (WCAG's formula) between the darkest and the lightest pixel of a
    word's box, in black and white: its ink against what it is printed on."""
    s = page.scale
    box = page.grey.crop((word.x0 * s, word.top * s, word.x1 * s, word.bottom * s))
    darkest, lightest = box.getextrema()
    return (luminance(lightest) + 0.05) / (luminance(darkest) + 0.05)
