"""The measures the poster tests take from a printed page (tests/support/printed.py) can fail:
each is shown a page with the defect it looks for."""

from PIL import Image, ImageDraw
from support import printed as measure

A4_AT_150_DPI = (1240, 1754)


def page_of(draw_on) -> measure.PrintedPage:
    image = Image.new("L", A4_AT_150_DPI, 255)
    draw_on(ImageDraw.Draw(image))
    return measure.PrintedPage(1, 595.3, 841.9, [], image)


def test_grey_text_on_a_tint_is_below_aaa_contrast_and_black_on_white_is_not():
    word = measure.Word("help", 12, top=100, bottom=112, x0=100, x1=130)
    box = [v * measure.DPI / 72 for v in (100, 100, 130, 112)]
    tinted = page_of(
        lambda d: (
            d.rectangle(box, fill=225),
            d.rectangle([*box[:2], box[0] + 9, box[3] - 6], fill=120),
        )
    )
    black = page_of(lambda d: d.rectangle([*box[:2], box[0] + 9, box[3] - 6], fill=0))
    assert measure.word_contrast(tinted, word) < 7
    assert measure.word_contrast(black, word) == 21


def test_an_empty_band_and_an_empty_bottom_are_measured_as_fractions_of_the_page():
    height = A4_AT_150_DPI[1]
    # Printed from 5% to 40% and from 60% to 75%: a 20% band between, the bottom quarter empty.
    page = page_of(
        lambda d: (
            d.rectangle([100, 0.05 * height, 1100, 0.40 * height - 1], fill=0),
            d.rectangle([100, 0.60 * height, 1100, 0.75 * height - 1], fill=0),
        )
    )
    fill, gap = measure.fill_and_largest_gap(page)
    assert round(fill, 2) == 0.70
    assert round(gap, 2) == 0.25


def test_ink_5_mm_from_the_left_edge_is_a_5_mm_margin():
    five_mm = 5 / 25.4 * measure.DPI
    page = page_of(lambda d: d.rectangle([five_mm, 300, 600, 400], fill=0))
    top, bottom, left, right = measure.margins(page)
    assert round(left / measure.POINTS_PER_CM * 10) == 5
    assert min(top, bottom, left, right) == left
