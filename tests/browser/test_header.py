"""The phone-first header: on small screens the search and navigation sit behind a Menu
button that is a real button with JavaScript; without JavaScript every link shows; on wide
screens there is no button and all of it shows. The search has a visible label."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.browsing import new_context

pytestmark = pytest.mark.browser
NAV = ["Home", "Campaigns", "Get help", "Questions", "News"]


@pytest.fixture
def phone(browser) -> Iterator:
    context = new_context(browser, width=320, height=640)
    yield context.new_page()
    context.close()


def shown_links(tab) -> list[str]:
    return [
        link.text_content().strip()
        for link in tab.locator(".app-navigation__link").all()
        if link.is_visible()
    ]


def test_on_a_phone_the_menu_button_shows_and_hides_the_search_and_navigation(phone, base_url):
    phone.goto(base_url + "/faq/")
    button = phone.get_by_role("button", name="Menu")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert shown_links(phone) == [] and not phone.get_by_label("Search this site").is_visible()
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44

    button.focus()
    phone.keyboard.press("Enter")  # a real button: Enter (and Space) work
    assert button.get_attribute("aria-expanded") == "true"
    assert shown_links(phone) == NAV
    assert phone.get_by_label("Search this site").is_visible()

    button.click()
    assert button.get_attribute("aria-expanded") == "false" and shown_links(phone) == []


def test_without_javascript_every_link_and_the_search_show_on_a_phone(browser, base_url):
    context = new_context(browser, width=320, height=640, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(base_url + "/faq/")
        assert tab.locator(".app-header__menu-button").is_hidden()
        assert shown_links(tab) == NAV
        assert tab.get_by_label("Search this site").is_visible()
    finally:
        context.close()


def test_on_a_wide_screen_there_is_no_menu_button_and_the_navigation_is_one_row(
    fresh_tab, base_url
):
    fresh_tab.goto(base_url + "/faq/")
    assert fresh_tab.locator(".app-header__menu-button").is_hidden()
    assert shown_links(fresh_tab) == NAV
    tops = {
        round(link.bounding_box()["y"]) for link in fresh_tab.locator(".app-navigation__link").all()
    }
    assert len(tops) == 1, tops


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_the_header_search_has_a_visible_label_and_a_button_apart_from_the_field(
    browser, base_url, width, scheme
):
    """The label is shown and names the field; the button's background differs from the
    field's, so the two never merge."""
    context = new_context(browser, width=width, scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(base_url + "/faq/")
        if width == 320:
            tab.get_by_role("button", name="Menu").click()
        label = tab.locator("label[for='app-header-search-input']")
        assert label.is_visible() and label.text_content().strip() == "Search this site"
        field = tab.get_by_role("searchbox", name="Search this site")
        assert field.is_visible()
        button = tab.locator("#app-header-search-input ~ button, .app-header .app-search__button")
        colours = [
            element.evaluate("e => getComputedStyle(e).backgroundColor")
            for element in (field, button.first)
        ]
        assert colours[0] != colours[1], colours
    finally:
        context.close()
