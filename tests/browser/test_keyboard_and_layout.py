"""What automated rules miss: keyboard, focus, reflow and target size, on every page."""

import pytest
from checks import (
    focus_indicator_problems,
    reflow_problems,
    skip_link_problems,
    target_size_problems,
)

pytestmark = pytest.mark.browser


def test_the_skip_link_is_the_first_focusable_element_and_moves_focus_to_main(
    page, wide_tab, base_url
):
    wide_tab.goto(base_url + page.url)
    assert skip_link_problems(wide_tab) == []


def test_every_focusable_element_shows_a_visible_focus_indicator(page, wide_tab, base_url):
    wide_tab.goto(base_url + page.url)
    assert focus_indicator_problems(wide_tab) == []


def test_no_page_scrolls_sideways_at_320_px(page, narrow_tab, base_url):
    narrow_tab.goto(base_url + page.url)
    assert reflow_problems(narrow_tab) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_interactive_targets_are_at_least_24_px_or_spaced(
    page, width, narrow_tab, wide_tab, base_url
):
    tab = narrow_tab if width == 320 else wide_tab
    tab.goto(base_url + page.url)
    assert target_size_problems(tab) == []
