"""The phone-first header: on small screens the search and navigation sit in a Menu
disclosure (<details>), closed on every load, that works the same with or without JavaScript
and is exposed as an expandable button named Menu; on wide screens there is no Menu and all of
it shows. The search has a visible label."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.browsing import new_context

pytestmark = pytest.mark.browser
NAV = ["Home", "Campaigns", "Get help", "Questions", "News"]
MENU = ".app-header__menu-button"


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def phone(browser, request) -> Iterator:
    context = new_context(browser, width=320, height=640, java_script_enabled=request.param)
    yield context.new_page()
    context.close()


def shown_links(tab) -> list[str]:
    return [
        link.text_content().strip()
        for link in tab.locator(".app-navigation__link").all()
        if link.is_visible()
    ]


def menu_state(tab) -> dict:
    """The Menu as assistive technology gets it, from Chromium's accessibility tree: its role
    (a disclosure triangle: a button that expands), its name, and whether it is expanded."""
    session = tab.context.new_cdp_session(tab)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    for node in nodes:
        if node.get("role", {}).get("value") == "DisclosureTriangle":
            props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            return {
                "name": node.get("name", {}).get("value"),
                "expanded": props.get("expanded"),
                "focusable": props.get("focusable"),
            }
    return {}


def test_on_a_phone_the_menu_shows_and_hides_the_search_and_navigation(phone, base_url):
    """With and without JavaScript alike: the one Menu, closed on load."""
    phone.goto(base_url + "/faq/")
    button = phone.locator(MENU)
    assert button.is_visible() and button.text_content().strip() == "Menu"
    assert menu_state(phone) == {"name": "Menu", "expanded": False, "focusable": True}
    assert shown_links(phone) == [] and not phone.get_by_label("Search this site").is_visible()
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44

    button.focus()
    phone.keyboard.press("Enter")  # a native disclosure: Enter and Space work
    assert menu_state(phone)["expanded"] is True
    assert shown_links(phone) == NAV
    assert phone.get_by_label("Search this site").is_visible()

    phone.keyboard.press(" ")
    assert menu_state(phone)["expanded"] is False and shown_links(phone) == []
    button.click()
    assert menu_state(phone)["expanded"] is True and shown_links(phone) == NAV


def test_on_a_phone_tab_reaches_the_search_and_every_link_once_the_menu_is_open(phone, base_url):
    phone.goto(base_url + "/faq/")
    phone.locator(MENU).focus()
    phone.keyboard.press("Enter")
    reached = []
    for _ in range(len(NAV) + 2):
        phone.keyboard.press("Tab")
        reached.append(phone.evaluate("() => document.activeElement.textContent.trim()"))
    assert reached == ["", "Search", *NAV]  # the field, its button, the links


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_a_wide_screen_there_is_no_menu_button_and_the_navigation_is_one_row(
    browser, base_url, javascript
):
    context = new_context(browser, java_script_enabled=javascript)
    try:
        tab = context.new_page()
        tab.goto(base_url + "/faq/")
        assert tab.locator(MENU).is_hidden()
        assert shown_links(tab) == NAV
        assert tab.get_by_label("Search this site").is_visible()
        tops = {
            round(link.bounding_box()["y"]) for link in tab.locator(".app-navigation__link").all()
        }
        assert len(tops) == 1, tops
    finally:
        context.close()


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
            tab.locator(MENU).click()
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
