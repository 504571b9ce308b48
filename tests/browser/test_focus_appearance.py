"""WCAG 2.4.13 Focus Appearance (AAA), measured on the pixels of one page of each template
(the focus styles belong to components, which every template uses) in the light and dark
schemes, and shown to fail on a fixture whose focus style is a thin, faint outline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browsing import new_context, serve
from support.checks import focus_appearance_problems
from support.pagetypes import PAGE_TYPES

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "browser-defects"


@pytest.fixture(scope="module", params=["light", "dark"])
def tab(request, browser) -> Iterator:
    context = new_context(browser, scheme=request.param)
    yield context.new_page(), set()  # the kinds of element measured so far in this scheme
    context.close()


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_every_focus_indicator_meets_focus_appearance(tab, base_url, path):
    """Each kind of focusable element (tag, classes, component) is measured on the first page
    of the list that has it."""
    page, seen = tab
    page.goto(base_url + path)
    assert focus_appearance_problems(page, seen) == []


def test_a_thin_faint_focus_outline_fails_focus_appearance(browser):
    server, url = serve(FIXTURES)
    context = new_context(browser)
    try:
        tab = context.new_page()
        tab.goto(url + "/faint-focus.html")
        problems = focus_appearance_problems(tab)
        assert any('<a id="faint"' in p and "(WCAG 2.4.13)" in p for p in problems), problems
        assert not any('<a id="strong"' in p for p in problems), problems
    finally:
        context.close()
        server.shutdown()
