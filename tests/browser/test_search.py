"""Site search (Pagefind) in the browser."""

import pytest
from support.browsing import new_context

pytestmark = pytest.mark.browser


def search(tab, base_url, query: str) -> tuple[str, list[str]]:
    tab.goto(base_url + "/")
    tab.locator("#app-header-search-input").fill(query)
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/search/?q=*")
    status = tab.locator("[data-search-status]")
    status.filter(has_text="match").wait_for(timeout=10_000)
    links = tab.locator(".app-search__result a").evaluate_all("els => els.map(e => e.pathname)")
    return status.text_content(), links


def test_west_yorkshire_finds_the_west_yorkshire_campaign_first(module_tab, base_url):
    _, links = search(module_tab, base_url, "West Yorkshire")
    assert links[0] == "/campaigns/west-yorkshire/"


def test_helpline_finds_the_helpline_page(module_tab, base_url):
    _, links = search(module_tab, base_url, "helpline")
    assert "/resources/helpline/" in links[:3]


def test_a_query_with_no_match_says_so(module_tab, base_url):
    status, links = search(module_tab, base_url, "xylophonequartz")
    assert links == []
    assert status.startswith("No pages match")


def test_the_search_status_is_announced_to_screen_readers(module_tab, base_url):
    search(module_tab, base_url, "campaign")
    assert module_tab.locator("[data-search-status]").get_attribute("role") == "status"


def test_search_stores_nothing_in_the_browser(module_tab, base_url):
    search(module_tab, base_url, "police")
    stored = module_tab.evaluate(
        "() => [localStorage.length, sessionStorage.length, document.cookie]"
    )
    assert stored == [0, 0, ""]
    assert module_tab.context.cookies() == []


def test_without_javascript_the_search_form_leads_to_the_site_map(browser, base_url):
    context = new_context(browser, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(base_url + "/campaigns/")
        tab.locator("#app-header-search-input").fill("helpline")
        tab.keyboard.press("Enter")
        tab.wait_for_url("**/sitemap/?q=helpline")
        assert tab.locator("h1").text_content() == "Site map"
    finally:
        context.close()
