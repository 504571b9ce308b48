"""Each browser check reports the deliberate defect in its fixture page
(tests/fixtures/browser-defects/), and passes the good page. This is what shows the checks
can fail: a check that passes every page of the site proves nothing by itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browsing import serve

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "browser-defects"
pytestmark = pytest.mark.browser

# (fixture page, check, variant, a phrase its report must contain): every defect through the
# one-load runner that checks every page of the site (tests/support/pagerun.py), so each is
# shown reported under its own check and variant while the runner's other checks run too.
DEFECTS = [
    ("low-contrast", "axe", "1280-light", "color-contrast (serious)"),
    ("low-contrast", "axe", "320-light", "color-contrast (serious)"),
    ("dark-low-contrast", "axe", "1280-dark", "color-contrast (serious)"),
    ("no-skip-link", "skip-link", "1280-light", "not the skip link to #main-content"),
    ("skip-link-not-first", "skip-link", "1280-light", "A link before the skip link"),
    ("skip-link-hidden", "skip-link", "1280-light", "not visible on screen when focused"),
    ("skip-link-focus-not-moved", "skip-link", "1280-light", 'not <main id="main-content">'),
    (
        "no-focus-style",
        "focus-indicator",
        "1280-light",
        'no visible focus indicator on <a id="bad"',
    ),
    (
        "transparent-outline-focus",
        "focus-indicator",
        "1280-light",
        'no visible focus indicator on <a id="bad"',
    ),
    ("focus-trap", "focus-indicator", "1280-light", "Tab reached 2 of the page's 3"),
    ("wide-box", "reflow", "320-light", "the page is 6"),
    ("tiny-targets", "target-size", "1280-light", "is 10x10 px; a target outside running text"),
    ("tiny-targets", "target-size", "320-light", "is 10x10 px; a target outside running text"),
    # Big enough for WCAG 2.5.8 (24 px), not for 2.5.5 (44 px).
    (
        "small-targets",
        "target-size",
        "1280-light",
        '<a href="#a" style="display:inline-block;width:30px',
    ),
    ("small-targets", "target-size", "320-light", "is 30x30 px; a target outside running text"),
    ("low-heading", "first-screen", "320-light", "the <h1> starts 4"),
    ("low-heading", "first-screen", "375-light", "the <h1> starts 4"),
    ("floating-exit", "nothing-covers-text", "320-light", "line(s) of text are covered"),
    ("floating-exit", "nothing-covers-text", "375-light", "floats over the page"),
    ("floating-exit", "nothing-covers-text", "1280-light", "floats over the page"),
    ("third-party", "privacy", "1280-dark", "requested https://example.invalid/x.png"),
    ("third-party", "privacy", "320-light", "requested https://example.invalid/x.png"),
    ("cookie", "privacy", "1280-light", "set cookies: ['tracker']"),
    ("local-storage", "privacy", "320-light", "localStorage: 1 item(s)"),
    ("session-storage", "privacy", "1280-light", "sessionStorage: 1 item(s)"),
    ("wide-table", "tables", "1280-light", "wider than the text column"),
    ("no-stylesheet", "stylesheet", "320-light", "the stylesheet did not apply"),
    ("no-stylesheet", "stylesheet", "1280-dark", "the stylesheet did not apply"),
    ("wide-table", "tables", "320-light", "do not say which column they are from"),
    # A script that folds links away once it runs (as the header's Menu script did), and a
    # picture with no size given: each arrives after the first paint and moves the page.
    ("layout-shift", "layout-shift", "360-light", "the page moved as it loaded"),
    # Forced colours: a focus style that is only a colour change, and an exit button whose
    # only edge was its background.
    (
        "no-focus-style",
        "forced-colours",
        "1280-forced",
        'no visible focus indicator on <a id="bad"',
    ),
    (
        "forced-no-edge",
        "forced-colours",
        "320-forced",
        ".app-exit-this-page__button has no visible edge",
    ),
    (
        "forced-no-edge",
        "forced-colours",
        "1280-forced",
        ".app-exit-this-page__button has no visible edge",
    ),
    ("faint-focus", "focus-appearance", "1280-light", "(WCAG 2.4.13)"),
    ("image-without-size", "layout-shift", "360-light", "the page moved as it loaded"),
]


@pytest.fixture(scope="module")
def fixture_url() -> Iterator[str]:
    server, url = serve(FIXTURES)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def runner(browser, fixture_url) -> Iterator:
    from support.pagerun import PageRuns

    runs = PageRuns(browser, fixture_url, headers=False, everything=False)
    yield runs
    runs.close()


@pytest.mark.parametrize(
    ("name", "check", "variant", "phrase"), DEFECTS, ids=[f"{d[0]}-{d[2]}" for d in DEFECTS]
)
def test_each_browser_check_reports_its_defect(runner, name, check, variant, phrase):
    problems = runner.problems(f"/{name}.html", check, variant)
    assert any(phrase in p for p in problems), problems


def test_the_dark_contrast_defect_passes_in_the_light_scheme(runner):
    """So the dark-scheme run of axe is what finds it."""
    assert runner.problems("/dark-low-contrast.html", "axe", "1280-light") == []


def test_each_browser_check_passes_the_good_page_in_every_variant(runner):
    from support.pagerun import CHECK_VARIANTS

    runner.run(["/good.html"])  # every check in every variant, on one load
    found = runner.results["/good.html"]
    for check, variants in CHECK_VARIANTS.items():
        for variant in variants:
            assert found[(check, variant)] == [], (check, variant)
