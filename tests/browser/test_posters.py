"""Posters as a printer gets them: each campaign's poster in the publish build (under a
sub-path) printed by scripts/print_posters.py, the code `make posters` runs, at A4 and A3,
once each (a module-scoped fixture). Everything is measured from the PDF: the text's sizes
and positions with pdfplumber, and the whole page rasterised at 150 dpi with pdfium, in
black and white, for the empty bands, the contrast and the QR code, read by a real decoder
(zxing-cpp)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import print_posters
import pytest
from support import printed as measure
from support.sitebuild import ROOT, SUB_PATH_URL, published_site

from pelicanconf import GET_HELP_URL, HELPLINE_NUMBER

pytestmark = pytest.mark.browser

CAMPAIGNS = sorted(
    p.path.split("/")[1]
    for p in published_site().pages
    if re.fullmatch(r"campaigns/[^/]+/poster/index.html", p.path)
)
POSTERS = [(slug, size) for slug in CAMPAIGNS for size in print_posters.SIZES]
IDS = [f"{slug}-{size}" for slug, size in POSTERS]
# A3 is A4 enlarged: every length times sqrt(2). Page sizes in points, portrait.
ENLARGED = {"A4": 1.0, "A3": 2**0.5}
PAPER = {"A4": (595.3, 841.9), "A3": (841.9, 1190.6)}
HEADLINE = "Worried about your online behaviour?"
GET_HELP = GET_HELP_URL.removeprefix("https://").strip("/")


@pytest.fixture(scope="module")
def posters(browser, tmp_path_factory) -> dict[tuple[str, str], measure.PrintedPage]:
    folder = tmp_path_factory.mktemp("posters")
    pdfs = print_posters.print_posters(browser, published_site().root, SUB_PATH_URL)
    written = print_posters.write_posters(pdfs, folder)
    assert sorted(p.name for p in written) == sorted(f"{s}-{z}.pdf" for s, z in POSTERS)
    return {key: measure.read((folder / f"{key[0]}-{key[1]}.pdf").read_bytes()) for key in pdfs}


def test_there_is_a_poster_for_each_campaign():
    assert len(CAMPAIGNS) >= 3


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_each_poster_prints_on_exactly_one_portrait_page_of_its_paper_size(posters, poster):
    printed = posters[poster]
    assert printed.pages == 1
    assert (printed.width, printed.height) == pytest.approx(PAPER[poster[1]], abs=1.5)


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_each_posters_qr_code_scans_from_the_printed_page_to_its_campaign(posters, poster):
    texts = [code.text for code in posters[poster].codes]
    assert texts == [f"{SUB_PATH_URL}/campaigns/{poster[0]}/"]


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_the_qr_code_prints_at_least_3_cm_wide_on_a4_and_enlarged_on_a3(posters, poster):
    assert measure.qr_size_cm(posters[poster]) >= 3 * ENLARGED[poster[1]]


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_the_helpline_number_prints_at_60_pt_or_more_on_a4_and_enlarged_on_a3(posters, poster):
    """Read across a room: a number on a noticeboard needs 60 pt or more from two metres."""
    assert measure.phrase_size(posters[poster], HELPLINE_NUMBER) >= 60 * ENLARGED[poster[1]]


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_the_headline_is_the_largest_text_after_the_helpline_number(posters, poster):
    printed = posters[poster]
    number = measure.phrase_size(printed, HELPLINE_NUMBER)
    headline = measure.phrase_size(printed, HEADLINE)
    rest = [w.size for w in printed.words if w.text not in HELPLINE_NUMBER.split()]
    assert 0 < headline < number
    assert max(rest) == headline


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_the_get_help_address_prints_at_24_pt_or_more(posters, poster):
    assert measure.phrase_size(posters[poster], GET_HELP) >= 24 * ENLARGED[poster[1]]


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_the_text_is_short_and_none_of_it_smaller_than_11_pt(posters, poster):
    printed = posters[poster]
    assert len(printed.words) <= 100
    assert min(w.size for w in printed.words) >= 11 * ENLARGED[poster[1]] * 0.99


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_every_word_keeps_aaa_contrast_printed_in_black_and_white(posters, poster):
    printed = posters[poster]
    faint = {
        w.text: round(c, 1) for w in printed.words if (c := measure.word_contrast(printed, w)) < 7
    }
    assert faint == {}


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_the_printed_matter_fills_the_page_with_no_empty_band_over_a_tenth(posters, poster):
    fill, gap = measure.fill_and_largest_gap(posters[poster])
    assert fill >= 0.85
    assert gap <= 0.10


@pytest.mark.parametrize("poster", POSTERS, ids=IDS)
def test_nothing_prints_within_12_mm_of_an_edge_on_a4_or_17_mm_on_a3(posters, poster):
    """No bleed: docs/editing.md tells printers the posters print as they are."""
    margin = 12 * measure.POINTS_PER_CM / 10 * ENLARGED[poster[1]]
    assert min(measure.margins(posters[poster])) >= margin - 1


@pytest.mark.parametrize("slug", CAMPAIGNS)
def test_the_a3_poster_is_the_a4_poster_enlarged(posters, slug):
    a4, a3 = posters[slug, "A4"], posters[slug, "A3"]
    assert [w.text for w in a3.words] == [w.text for w in a4.words]
    for small, large in zip(a4.words, a3.words, strict=True):
        enlarged = [v * ENLARGED["A3"] for v in (small.x0, small.top, small.size)]
        assert [large.x0, large.top, large.size] == pytest.approx(enlarged, abs=2), small.text


def test_make_posters_needs_the_published_address_and_writes_into_an_ignored_folder():
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    script = [sys.executable, str(ROOT / "scripts" / "print_posters.py")]
    result = subprocess.run(script, capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 2
    assert "SITEURL=https://example.org/sub make posters" in result.stderr
    dry_run = subprocess.run(
        ["make", "-n", "posters"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "scripts/print_posters.py --to posters" in dry_run.stdout
    ignored = subprocess.run(["git", "check-ignore", "-q", "posters/scotland-A4.pdf"], cwd=ROOT)
    assert ignored.returncode == 0
