"""Each browser check reports the deliberate defect in its fixture page
(tests/fixtures/browser-defects/), and passes the good page. This is what shows the checks
can fail: a check that passes every page of the site proves nothing by itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from support.browsing import RequestLog, new_context, serve
from support.checks import (
    axe_violations,
    focus_indicator_problems,
    privacy_problems,
    reflow_problems,
    skip_link_problems,
    target_size_problems,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "browser-defects"
pytestmark = pytest.mark.browser

Check = Callable[[Page, list[str], str], list[str]]
CHECKS: dict[str, Check] = {
    "axe": lambda tab, requests, url: axe_violations(tab),
    "skip link": lambda tab, requests, url: skip_link_problems(tab),
    "focus indicator": lambda tab, requests, url: focus_indicator_problems(tab),
    "reflow": lambda tab, requests, url: reflow_problems(tab),
    "target size": lambda tab, requests, url: target_size_problems(tab),
    "privacy": privacy_problems,
}

# (fixture page, check, a phrase its report must contain, viewport width, colour scheme)
DEFECTS = [
    ("low-contrast", "axe", "color-contrast (serious)", 1280, "light"),
    ("dark-low-contrast", "axe", "color-contrast (serious)", 1280, "dark"),
    ("no-skip-link", "skip link", "not the skip link to #main-content", 1280, "light"),
    ("skip-link-not-first", "skip link", "A link before the skip link", 1280, "light"),
    ("skip-link-hidden", "skip link", "not visible on screen when focused", 1280, "light"),
    ("skip-link-focus-not-moved", "skip link", 'not <main id="main-content">', 1280, "light"),
    (
        "no-focus-style",
        "focus indicator",
        'no visible focus indicator on <a id="bad"',
        1280,
        "light",
    ),
    (
        "transparent-outline-focus",
        "focus indicator",
        'no visible focus indicator on <a id="bad"',
        1280,
        "light",
    ),
    (
        "focus-trap",
        "focus indicator",
        "Tab reached 2 of the page's 3 focusable elements",
        1280,
        "light",
    ),
    ("wide-box", "reflow", "the page is 6", 320, "light"),
    ("tiny-targets", "target size", "is 10x10 px and too close to", 1280, "light"),
    ("third-party", "privacy", "requested https://example.invalid/x.png", 1280, "light"),
    ("cookie", "privacy", "set cookies: ['tracker']", 1280, "light"),
    ("local-storage", "privacy", "localStorage: 1 item(s)", 1280, "light"),
    ("session-storage", "privacy", "sessionStorage: 1 item(s)", 1280, "light"),
]


@pytest.fixture(scope="module")
def fixture_url() -> Iterator[str]:
    server, url = serve(FIXTURES)
    yield url
    server.shutdown()


def run_check(
    browser: Browser, fixture_url: str, name: str, check: str, width: int, scheme: str
) -> list[str]:
    context = new_context(browser, width=width, scheme=scheme, axe=check == "axe")
    log = RequestLog(context)
    try:
        tab = context.new_page()
        if check == "privacy":  # waits for the network to be quiet, which the others need not
            log.open(tab, f"{fixture_url}/{name}.html")
        else:
            tab.goto(f"{fixture_url}/{name}.html")
        return CHECKS[check](tab, log.urls, fixture_url)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("name", "check", "phrase", "width", "scheme"), DEFECTS, ids=[d[0] for d in DEFECTS]
)
def test_each_browser_check_reports_its_defect(
    browser, fixture_url, name, check, phrase, width, scheme
):
    problems = run_check(browser, fixture_url, name, check, width, scheme)
    assert any(phrase in p for p in problems), problems


# Every check at 1280 px, and those that depend on the viewport or scheme as the site runs them.
GOOD = [(check, 1280, "light") for check in CHECKS] + [
    ("axe", 320, "light"),
    ("axe", 1280, "dark"),
    ("reflow", 320, "light"),
    ("target size", 320, "light"),
]


@pytest.mark.parametrize(
    ("check", "width", "scheme"), GOOD, ids=[f"{c}-{w}-{s}" for c, w, s in GOOD]
)
def test_each_browser_check_passes_the_good_page(browser, fixture_url, check, width, scheme):
    assert run_check(browser, fixture_url, "good", check, width, scheme) == []


def test_the_dark_contrast_defect_passes_in_the_light_scheme(browser, fixture_url):
    """So the dark-scheme run of axe is what finds it."""
    assert run_check(browser, fixture_url, "dark-low-contrast", "axe", 1280, "light") == []


# The same defects through the one-load runner that checks every page of the site: each is
# reported under its own check and variant, and the runner's other checks stay quiet.
RUNNER_DEFECTS = [
    ("low-contrast", "axe", "1280-light", "color-contrast (serious)"),
    ("dark-low-contrast", "axe", "1280-dark", "color-contrast (serious)"),
    ("wide-box", "reflow", "320-light", "the page is 6"),
    ("tiny-targets", "target-size", "1280-light", "is 10x10 px and too close to"),
    ("no-skip-link", "skip-link", "1280-light", "not the skip link to #main-content"),
    ("focus-trap", "focus-indicator", "1280-light", "Tab reached 2 of the page's 3"),
    ("third-party", "privacy", "1280-dark", "requested https://example.invalid/x.png"),
    ("local-storage", "privacy", "320-light", "localStorage: 1 item(s)"),
    ("cookie", "privacy", "1280-light", "set cookies: ['tracker']"),
    ("wide-table", "tables", "1280-light", "wider than the text column"),
    ("wide-table", "tables", "320-light", "do not say which column they are from"),
]


@pytest.fixture(scope="module")
def runner(browser, fixture_url) -> Iterator:
    from support.pagerun import PageRuns

    runs = PageRuns(browser, fixture_url, headers=False)
    yield runs
    runs.close()


@pytest.mark.parametrize(
    ("name", "check", "variant", "phrase"), RUNNER_DEFECTS, ids=[d[0] for d in RUNNER_DEFECTS]
)
def test_the_one_load_runner_reports_each_defect_under_its_check(
    runner, name, check, variant, phrase
):
    problems = runner.problems(f"/{name}.html", check, variant)
    assert any(phrase in p for p in problems), problems


def test_the_one_load_runner_passes_the_good_page_on_every_check(runner):
    from support.pagerun import CHECK_VARIANTS

    for check, variants in CHECK_VARIANTS.items():
        for variant in variants:
            assert runner.problems("/good.html", check, variant) == [], (check, variant)
