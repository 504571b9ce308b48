"""Site search (Pagefind) in the browser."""

import pytest
from search_ranks import ranked
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


# "Did you mean" corrects only a word that is not English. These are spelled right, each near
# a word of the index ("gives", "came", "months", "should"): they are searched as typed.
SPELLED_RIGHT = ["wives", "name", "month", "shouldnt", "girlfriend", "jail", "counselling"]
TYPOS = {"helpine": "helpline", "husbnd": "husband", "confidental": "confidential"}

SEARCHED_INSTEAD = """async (queries) => {
  const script = document.querySelector('script[type="module"][src*="/js/search."]');
  const search = await import(script.src);
  return Promise.all(queries.map((query) => search.searchedInstead(query)));
}"""


@pytest.fixture(scope="module")
def searched_instead(module_tab, base_url) -> dict[str, str | None]:
    queries = [*SPELLED_RIGHT, *TYPOS]
    module_tab.goto(base_url + "/search/")
    return dict(zip(queries, module_tab.evaluate(SEARCHED_INSTEAD, queries), strict=True))


@pytest.mark.parametrize("word", SPELLED_RIGHT)
def test_a_word_spelled_right_is_never_corrected(searched_instead, word):
    assert searched_instead[word] is None


@pytest.mark.parametrize(("typed", "meant"), TYPOS.items())
def test_a_word_that_is_not_english_is_corrected_to_the_index_word_near_it(
    searched_instead, typed, meant
):
    assert searched_instead[typed] == meant


def test_a_correction_says_what_was_searched_and_offers_the_words_as_typed(module_tab, base_url):
    search(module_tab, base_url, "helpine")
    note = module_tab.locator(".app-search__suggestion")
    assert "Showing results for “helpline”" in note.text_content()
    assert note.get_by_role("link").text_content() == "Search instead for “helpine”"


# The field's words reach the pages through data/search-synonyms.yaml, not search_terms.
SYNONYM_QUERIES = {
    "csam": "/resources/the-law/",
    "iioc": "/resources/the-law/",
    "wife": "/resources/family-and-friends/",
    "my girlfriend was caught": "/resources/family-and-friends/",
    "jail": "/resources/the-law/",
    "watching": "/resources/get-help/",
    "talk to someone anonymously": "/resources/helpline/",
}


@pytest.fixture(scope="module")
def synonym_pages(module_tab, base_url) -> dict[str, list[str]]:
    return ranked(module_tab, base_url, list(SYNONYM_QUERIES), count=3)


@pytest.mark.parametrize(("query", "answer"), SYNONYM_QUERIES.items())
def test_a_word_the_pages_do_not_use_finds_its_page_through_the_synonyms(
    synonym_pages, query, answer
):
    assert answer in synonym_pages[query], f"{query!r}: {synonym_pages[query]}"


def test_when_nothing_matches_the_page_offers_the_helpline_get_help_family_page_and_site_map(
    module_tab, base_url
):
    status, links = search(module_tab, base_url, "xylophonequartz")
    assert links == [] and status.startswith("No pages match")
    none = module_tab.locator("[data-search-none]")
    assert none.is_visible()
    hrefs = none.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("tel:") for h in hrefs), hrefs
    assert "https://get-help.stopitnow.org.uk/" in hrefs
    assert any(h.endswith("/resources/family-and-friends/") for h in hrefs), hrefs
    sitemap = none.get_by_role("link", name="The site map")
    assert sitemap.is_visible() and sitemap.get_attribute("href").endswith("/sitemap/")
    # Its help block is a second landmark on the page, with a name of its own (axe:
    # landmark-unique).
    names = module_tab.locator("aside.app-help-block h2").all_text_contents()
    assert len(names) == 2 and len(set(names)) == 2, names


def test_when_a_search_finds_pages_the_nothing_found_help_stays_hidden(module_tab, base_url):
    search(module_tab, base_url, "helpline")
    assert module_tab.locator("[data-search-none]").is_hidden()
