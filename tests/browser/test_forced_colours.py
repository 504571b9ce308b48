"""Forced colours (Windows High Contrast and the like): on a page of each template, every Tab
stop still shows a focus indicator, and the controls that are coloured boxes in normal
colours (Exit this page, the Menu button, the search button) keep a visible edge, since
forced colours remove their backgrounds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.browsing import new_context
from support.checks import focus_indicator_problems
from support.pagetypes import PAGE_TYPES

pytestmark = pytest.mark.browser

EDGE = """selector => {
  const e = document.querySelector(selector);
  if (!e || !e.checkVisibility()) return null;
  const s = getComputedStyle(e);
  return parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== 'none'
    && s.borderTopColor !== s.backgroundColor;
}"""


@pytest.fixture(scope="module", params=[320, 1280])
def tab(request, browser) -> Iterator:
    context = new_context(browser, width=request.param, forced_colors="active")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_in_forced_colours_focus_shows_and_buttons_keep_their_edges(tab, base_url, path):
    tab.goto(base_url + path)
    assert tab.evaluate("() => matchMedia('(forced-colors: active)').matches")
    assert focus_indicator_problems(tab) == []
    edged = [".app-exit-this-page__button"]
    edged.append(
        ".app-header__menu-button" if tab.viewport_size["width"] < 640 else ".app-search__button"
    )
    assert {selector: tab.evaluate(EDGE, selector) for selector in edged} == dict.fromkeys(
        edged, True
    )
