"""Each browser check reports its deliberate defect in a fixture page, and passes the good
one. This is what shows the checks can fail."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import new_context, serve
from checks import (
    axe_violations,
    focus_indicator_problems,
    privacy_problems,
    reflow_problems,
    skip_link_problems,
    target_size_problems,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "browser-defects"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fixture_url() -> Iterator[str]:
    server, url = serve(FIXTURES)
    yield url
    server.shutdown()


def open_fixture(browser, url, name, width=1280):
    context = new_context(browser, width=width)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    tab.goto(f"{url}/{name}.html", wait_until="networkidle")
    return context, tab, requests


CASES = [
    ("low-contrast", lambda tab, reqs, url: axe_violations(tab), "color-contrast (serious)"),
    ("no-skip-link", lambda tab, reqs, url: skip_link_problems(tab), "not the skip link"),
    (
        "no-focus-style",
        lambda tab, reqs, url: focus_indicator_problems(tab),
        'no visible focus indicator on <a id="bad"',
    ),
    (
        "tiny-targets",
        lambda tab, reqs, url: target_size_problems(tab),
        "is 10x10 px and too close to",
    ),
    (
        "third-party",
        lambda tab, reqs, url: privacy_problems(tab, reqs, url),
        "requested https://example.invalid/x.png",
    ),
    ("cookie", lambda tab, reqs, url: privacy_problems(tab, reqs, url), "set cookies: ['tracker']"),
    (
        "local-storage",
        lambda tab, reqs, url: privacy_problems(tab, reqs, url),
        "localStorage: 1 item(s)",
    ),
]


@pytest.mark.parametrize(("name", "check", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_browser_check_reports_its_defect(browser, fixture_url, name, check, message):
    context, tab, requests = open_fixture(browser, fixture_url, name)
    try:
        problems = check(tab, requests, fixture_url)
        assert any(message in p for p in problems), problems
    finally:
        context.close()


@pytest.mark.parametrize(("name", "check", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_browser_check_passes_the_good_page(browser, fixture_url, name, check, message):
    context, tab, requests = open_fixture(browser, fixture_url, "good")
    try:
        assert check(tab, requests, fixture_url) == []
    finally:
        context.close()


def test_the_reflow_check_reports_a_box_wider_than_320_px(browser, fixture_url):
    context, tab, _ = open_fixture(browser, fixture_url, "wide-box", width=320)
    try:
        problems = reflow_problems(tab)
        assert len(problems) == 1 and "wide in a 320 px viewport" in problems[0]
    finally:
        context.close()


def test_the_reflow_check_passes_the_good_page_at_320_px(browser, fixture_url):
    context, tab, _ = open_fixture(browser, fixture_url, "good", width=320)
    try:
        assert reflow_problems(tab) == []
    finally:
        context.close()
