"""What automated rules miss, on every page: the skip link, a visible focus indicator on
every Tab stop, no sideways scrolling at 320 px, and pointer targets of 24 px."""

import pytest
from support.checks import (
    focus_indicator_problems,
    reflow_problems,
    skip_link_problems,
    target_size_problems,
)

pytestmark = pytest.mark.browser


def test_the_first_tab_focuses_the_skip_link_and_enter_moves_focus_to_main(
    page, wide_tab, base_url
):
    wide_tab.goto(base_url + page.url)
    problems = skip_link_problems(wide_tab)
    assert problems == [], "\n".join(problems)


def test_every_focusable_element_shows_a_visible_focus_indicator(page, wide_tab, base_url):
    wide_tab.goto(base_url + page.url)
    problems = focus_indicator_problems(wide_tab)
    assert problems == [], "\n".join(problems)


def test_no_page_scrolls_sideways_at_320_px(page, narrow_tab, base_url):
    narrow_tab.goto(base_url + page.url)
    problems = reflow_problems(narrow_tab)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", [320, 1280])
def test_interactive_targets_are_at_least_24_px_or_spaced(
    page, width, narrow_tab, wide_tab, base_url
):
    tab = narrow_tab if width == 320 else wide_tab
    tab.goto(base_url + page.url)
    problems = target_size_problems(tab)
    assert problems == [], "\n".join(problems)
