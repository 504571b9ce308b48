"""Exit this page: the link, the button and Shift pressed three times."""

from collections.abc import Iterator

import pytest
from support.browsing import new_context

pytestmark = pytest.mark.browser
EXIT_URL = "https://www.bbc.co.uk/weather"


@pytest.fixture
def tab(browser) -> Iterator:
    context = new_context(browser)
    # The machine is offline: answer the neutral page ourselves, and record that it was asked for.
    context.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title>"
        ),
    )
    yield context.new_page()
    context.close()


def test_the_exit_link_is_the_second_focusable_element_after_the_skip_link(tab, base_url):
    tab.goto(base_url + "/campaigns/")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    focused = tab.evaluate(
        "() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href'), document.activeElement.rel]"
    )
    assert focused == ["Exit this page", EXIT_URL, "nofollow noreferrer"]


def test_pressing_enter_on_the_exit_link_leaves_for_the_neutral_page(tab, base_url):
    tab.goto(base_url + "/faq/")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url == EXIT_URL


def test_the_exit_button_is_visible_and_leaves_for_the_neutral_page(tab, base_url):
    tab.goto(base_url + "/")
    button = tab.locator(".app-exit-this-page__button")
    assert button.is_visible()
    assert button.get_attribute("rel") == "nofollow noreferrer"
    with tab.expect_navigation():
        button.click()
    assert tab.url == EXIT_URL


def test_the_page_is_blanked_the_moment_the_button_is_pressed(tab, base_url):
    tab.goto(base_url + "/")
    # Click and look in the same task, before the browser starts to leave.
    state = tab.evaluate(
        """() => {
            document.querySelector('.app-exit-this-page__button').click();
            return [document.querySelectorAll('.app-exit-this-page-overlay').length,
                    getComputedStyle(document.querySelector('main')).visibility];
        }"""
    )
    assert state == [1, "hidden"]


def test_pressing_shift_three_times_exits_and_announces_the_presses_left(tab, base_url):
    tab.goto(base_url + "/resources/helpline/")
    status = tab.locator(".app-exit-this-page__status")
    tab.keyboard.press("Shift")
    assert status.text_content() == "Shift, press 2 more times to exit."
    tab.keyboard.press("Shift")
    assert status.text_content() == "Shift, press 1 more time to exit."
    with tab.expect_navigation():
        tab.keyboard.press("Shift")
    assert tab.url == EXIT_URL


def test_shift_with_a_letter_does_not_count_towards_exiting(tab, base_url):
    tab.goto(base_url + "/search/")
    tab.locator("#app-search-page-input").focus()
    tab.keyboard.press("Shift")
    tab.keyboard.press("Shift+A")  # typing a capital letter resets the count
    tab.keyboard.press("Shift")
    tab.keyboard.press("Shift")
    tab.wait_for_timeout(200)
    assert tab.url.startswith(base_url)
    assert (
        tab.locator(".app-exit-this-page__status").text_content()
        == "Shift, press 1 more time to exit."
    )


def test_the_count_expires_after_five_seconds(tab, base_url):
    tab.clock.install()
    tab.goto(base_url + "/")
    tab.keyboard.press("Shift")
    tab.keyboard.press("Shift")
    tab.clock.run_for(5100)
    tab.keyboard.press("Shift")
    tab.wait_for_timeout(200)
    assert tab.url.startswith(base_url)


def test_the_page_is_reset_when_it_comes_back_from_the_back_forward_cache(tab, base_url):
    tab.goto(base_url + "/")
    state = tab.evaluate(
        """() => {
            document.querySelector('.app-exit-this-page__button').click();
            window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
            return [document.querySelectorAll('.app-exit-this-page-overlay').length,
                    getComputedStyle(document.querySelector('main')).visibility];
        }"""
    )
    assert state == [0, "visible"]


def test_without_javascript_the_exit_button_is_a_plain_link(browser, base_url):
    context = new_context(browser, java_script_enabled=False)
    context.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title>"
        ),
    )
    tab = context.new_page()
    try:
        tab.goto(base_url + "/")
        with tab.expect_navigation():
            tab.locator(".app-exit-this-page__button").click()
        assert tab.url == EXIT_URL
    finally:
        context.close()


def test_after_exiting_back_does_not_return_to_the_exited_page(tab, base_url):
    """The neutral page replaces the exited one in the history: Home, then the FAQ, then
    Shift three times; Back lands on Home, not on the FAQ."""
    tab.goto(base_url + "/")
    tab.goto(base_url + "/faq/")
    for _ in range(2):
        tab.keyboard.press("Shift")
    with tab.expect_navigation():
        tab.keyboard.press("Shift")
    assert tab.url == EXIT_URL
    tab.go_back()
    assert tab.url == base_url + "/"


def test_left_and_right_shift_can_be_mixed(tab, base_url):
    tab.goto(base_url + "/resources/")
    status = tab.locator(".app-exit-this-page__status")
    tab.keyboard.press("ShiftLeft")
    tab.keyboard.press("ShiftRight")
    assert status.text_content() == "Shift, press 1 more time to exit."
    with tab.expect_navigation():
        tab.keyboard.press("ShiftLeft")
    assert tab.url == EXIT_URL


@pytest.fixture
def touch_tab(browser) -> Iterator:
    context = new_context(browser, width=320, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_a_finger_on_the_button_blanks_the_page_before_the_tap_ends(touch_tab, base_url):
    """As the finger touches (before the tap is complete, so before any request leaves), the
    page is blank; if the touch turns into a scroll (cancelled), the page comes back."""
    touch_tab.goto(base_url + "/faq/")
    box = touch_tab.locator(".app-exit-this-page__button").bounding_box()
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    session = touch_tab.context.new_cdp_session(touch_tab)
    hidden = "() => [document.querySelectorAll('.app-exit-this-page-overlay').length, getComputedStyle(document.querySelector('main')).visibility]"
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    assert touch_tab.evaluate(hidden) == [1, "hidden"]
    assert touch_tab.url == base_url + "/faq/"
    session.send("Input.dispatchTouchEvent", {"type": "touchCancel", "touchPoints": []})
    # The cancel reaches the page's handler a moment after CDP returns (a fresh-clone run saw
    # the page still blank when asked at once): wait for it, briefly.
    touch_tab.wait_for_function(f"() => ({hidden})().join() === '0,visible'", timeout=2000)


BAR_AND_EXIT = """() => [document.querySelector('.app-safety-bar'),
  document.querySelector('.app-exit-this-page__button')].map(e => {
    const r = e.getBoundingClientRect();
    return [r.left, r.top, r.width, r.height].map(Math.round);
  })"""


@pytest.mark.parametrize("width", [320, 360, 1280])
def test_the_shift_count_moves_neither_the_safety_bar_nor_the_exit_button(browser, base_url, width):
    """The dots that count the presses appear on the button itself: Exit stays under the
    reader's finger or pointer, on screen, and the bar keeps its height."""
    context = new_context(browser, width=width, height=640)
    try:
        tab = context.new_page()
        tab.goto(base_url + "/faq/")
        before = tab.evaluate(BAR_AND_EXIT)
        tab.keyboard.press("Shift")
        assert tab.locator(".app-exit-this-page__indicator").is_visible()
        assert tab.evaluate(BAR_AND_EXIT) == before
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        context.close()
