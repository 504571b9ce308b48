"""The helpline number: written once, in pelicanconf.py, and it is the press releases' number."""

import os
from pathlib import Path

import pytest

import pelicanconf

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
# The number both campaign press releases give (../shared/seeds), typed here once more on
# purpose: this test is the pin that a change to pelicanconf.py must answer to.
RELEASES_NUMBER = "0808 1000 900"


def test_the_helpline_is_the_number_the_press_releases_give():
    assert pelicanconf.HELPLINE_NUMBER == RELEASES_NUMBER
    assert pelicanconf.HELPLINE_TEL == "08081000900"
    assert pelicanconf.HELPLINE_INTERNATIONAL == "+44 808 1000 900"


def test_the_press_releases_do_give_that_number():
    releases = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not releases and not os.environ.get("CI"):
        pytest.skip(f"the press releases are not beside the project ({SEEDS})")
    assert len(releases) == 2
    assert all(RELEASES_NUMBER in r.read_text(encoding="utf-8") for r in releases)
