"""The helpline page reassures before it warns: on a phone (360 x 740, in Chromium), its first
screen says what the helpline is and for whom, with the number as the call component, and
nothing on it speaks of police or arrest."""

from __future__ import annotations

import re

import pytest
from support.browsing import new_context

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
WARNING_WORDS = re.compile(r"police|arrest", re.IGNORECASE)

# The text a reader can see without scrolling: every text node with a box on the first screen.
FIRST_SCREEN_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = [];
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    range.selectNodeContents(node);
    const boxes = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (boxes.some((r) => r.top < window.innerHeight && r.bottom > 0)) seen.push(node.textContent);
  }
  return seen.join(" ").replace(/\\s+/g, " ");
}"""


@pytest.fixture(scope="module")
def phone_tab(browser, base_url):
    context = new_context(browser, width=WIDTH, height=HEIGHT)
    tab = context.new_page()
    tab.goto(base_url + "/resources/helpline/")
    yield tab
    context.close()


def test_the_call_component_is_on_the_first_screen_of_a_phone(phone_tab):
    callout = phone_tab.locator("main .app-helpline-callout")
    number = callout.locator("a[href^='tel:']")
    assert number.count() == 1, "the helpline page has no call component in its text"
    box = callout.bounding_box()
    assert box["y"] + box["height"] <= HEIGHT, (
        f"the call component ends at {box['y'] + box['height']:.0f} px"
    )


def test_the_first_screen_says_what_the_helpline_is_and_who_it_is_for(phone_tab):
    text = phone_tab.evaluate(FIRST_SCREEN_TEXT).lower()
    for words in ("free", "confidential", "own thoughts or behaviour", "someone else"):
        assert words in text, f"the first screen does not say {words!r}: {text}"


def test_nothing_on_the_first_screen_speaks_of_police_or_arrest(phone_tab):
    text = phone_tab.evaluate(FIRST_SCREEN_TEXT)
    assert not WARNING_WORDS.search(text), f"the first screen mentions police or arrest: {text}"


def test_the_page_reassures_before_it_mentions_police_or_arrest(phone_tab):
    main = phone_tab.locator("main").text_content()
    reassurance = main.index("Call the free, confidential")
    warning = WARNING_WORDS.search(main)
    assert warning is None or warning.start() > reassurance


def test_what_the_releases_do_not_say_is_left_to_the_charitys_own_site(phone_tab):
    link = phone_tab.locator("main a[href='https://www.stopitnow.org.uk/']")
    assert link.text_content() == "The Stop It Now! website"
