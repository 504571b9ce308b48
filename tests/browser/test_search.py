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


# What a reader's search shows, read once per query right after it (each search is two page
# loads and starts Pagefind): the status, its role, the results, what the page stored, and the
# help shown when nothing matches.
SEARCHED = """() => {
  const none = document.querySelector('[data-search-none]');
  const sitemap = [...(none?.querySelectorAll('a') || [])]
    .find(a => a.textContent.trim() === 'The site map');
  return {
    role: document.querySelector('[data-search-status]').getAttribute('role'),
    stored: [localStorage.length, sessionStorage.length, document.cookie],
    noneShown: !!none && none.checkVisibility(),
    noneLinks: [...(none?.querySelectorAll('a') || [])].map(a => a.getAttribute('href')),
    sitemap: sitemap && sitemap.checkVisibility() ? sitemap.getAttribute('href') : null,
    helpNames: [...document.querySelectorAll('aside.app-help-block h2')].map(h => h.textContent),
  };
}"""


@pytest.fixture(scope="module")
def searched(module_tab, base_url):
    found: dict[str, dict] = {}

    def read(query: str) -> dict:
        if query not in found:
            status, links = search(module_tab, base_url, query)
            found[query] = {
                "status": status,
                "links": links,
                "cookies": module_tab.context.cookies(),
                **module_tab.evaluate(SEARCHED),
            }
        return found[query]

    return read


def test_west_yorkshire_finds_the_west_yorkshire_campaign_first(searched):
    assert searched("West Yorkshire")["links"][0] == "/campaigns/west-yorkshire/"


def test_helpline_finds_the_helpline_page(searched):
    assert "/resources/helpline/" in searched("helpline")["links"][:3]


def test_a_query_with_no_match_says_so(searched):
    found = searched("xylophonequartz")
    assert found["links"] == []
    assert found["status"].startswith("No pages match")


def test_the_search_status_is_announced_to_screen_readers(searched):
    assert searched("helpline")["role"] == "status"


def test_search_stores_nothing_in_the_browser(searched):
    found = searched("helpline")
    assert found["stored"] == [0, 0, ""]
    assert found["cookies"] == []


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
# a word of the index ("gives", "came", "months", "should") or of a synonym ("teenage",
# "teenagers"), or a common word's 's typed without the apostrophe ("thats", "whats"): they
# are searched as typed.
SPELLED_RIGHT = [
    "wives", "name", "month", "shouldnt", "girlfriend", "jail", "counselling", "teenage",
    "thats", "whats",
]  # fmt: skip
TYPOS = {
    "helpine": "helpline",
    "husbnd": "husband",
    "confidental": "confidential",
    # A possessive typed without its apostrophe is not a word of its own.
    "familys": "family",
    # Spelled as said: the word that sounds the same, however many letters apart.
    "websight": "website",
    "fone": "phone",
}

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
    "legislation on indecent images": "/resources/the-law/",
    # A phrase of a group ("find out") counts in full only where a page has it as a phrase:
    # its words scattered ("find" on the campaign pages) put those pages first.
    "will they find out if i ring you": "/resources/helpline/",
    # A page counts a word as its share of the best page's score for it, squared: pages that
    # say "support" in passing put the family page, which says "help", out of the top 3.
    "support for family": "/resources/family-and-friends/",
    "support for families": "/resources/family-and-friends/",
}


@pytest.fixture(scope="module")
def synonym_pages(module_tab, base_url) -> dict[str, list[str]]:
    # "find out" too, for the phrase test below: ranked in the same page load.
    return ranked(module_tab, base_url, [*SYNONYM_QUERIES, "find out"], count=3)


def test_a_phrase_typed_counts_in_full_only_where_a_page_has_it_as_a_phrase(synonym_pages):
    """No page says "find out"; the campaign pages say "find" (and "out") apart. They ranked
    first for it, above the pages of its group's words (confidential, anonymous)."""
    found = synonym_pages["find out"]
    assert not [page for page in found if page.startswith("/campaigns/")], found


@pytest.mark.parametrize(("query", "answer"), SYNONYM_QUERIES.items())
def test_a_word_the_pages_do_not_use_finds_its_page_through_the_synonyms(
    synonym_pages, query, answer
):
    assert answer in synonym_pages[query], f"{query!r}: {synonym_pages[query]}"


def test_when_nothing_matches_the_page_offers_the_helpline_get_help_family_page_and_site_map(
    searched,
):
    found = searched("xylophonequartz")
    assert found["links"] == [] and found["status"].startswith("No pages match")
    assert found["noneShown"]
    hrefs = found["noneLinks"]
    assert any(h.startswith("tel:") for h in hrefs), hrefs
    assert "https://get-help.stopitnow.org.uk/" in hrefs
    assert any(h.endswith("/resources/family-and-friends/") for h in hrefs), hrefs
    assert (found["sitemap"] or "").endswith("/sitemap/"), found["sitemap"]
    # Its help block is a second landmark on the page, with a name of its own (axe:
    # landmark-unique).
    names = found["helpNames"]
    assert len(names) == 2 and len(set(names)) == 2, names


def test_when_a_search_finds_pages_the_nothing_found_help_stays_hidden(searched):
    assert not searched("helpline")["noneShown"]


# The helpline number typed into the search, as people write it: the helpline page first (the
# number's digits alone ranked the FAQ page first). Any other number is searched as typed.
HELPLINE_AS_TYPED = ["0808 1000 900", "08081000900", "+44 808 1000 900", "+44 (0)808 1000 900"]


def test_the_helpline_number_typed_finds_the_helpline_page(module_tab, base_url):
    found = ranked(module_tab, base_url, [*HELPLINE_AS_TYPED, "0808 1000 901"], count=1)
    assert {q: found[q] for q in HELPLINE_AS_TYPED} == {
        q: ["/resources/helpline/"] for q in HELPLINE_AS_TYPED
    }
    assert found["0808 1000 901"] != ["/resources/helpline/"], found
