"""The search corpus (tests/support/search_corpus.py): for each query, as a worried person, a
family member, a journalist or a partner would type it, the page that answers it is in the
first three results, searched in Chromium on the built site's Pagefind index. And the blind
corpus (search_queries.yaml, written before any tuning) and the third blind set
(search_queries_third.yaml, in readers' own words): at least 85% of each half in the top 3.
The queries are ranked by the search page's own code, all in one page (search_ranks.ranked)."""

from __future__ import annotations

import pytest
from search_ranks import ranked, results
from support.search_corpus import QUERIES, blind_queries, third_queries

pytestmark = pytest.mark.browser


def test_the_corpus_has_at_least_thirty_queries():
    assert len(QUERIES) >= 30


TUNING, HELD_OUT = blind_queries("tuning"), blind_queries("held-out")
THIRD_TUNING, THIRD_HELD_OUT = third_queries("tuning"), third_queries("held-out")
# Typos: a word the site never uses is searched as the nearest word it does use, and said so.
TYPOS = {
    "helpine": ("helpline", "/resources/helpline/"),
    "confidental": ("confidential", "/resources/helpline/"),
    "husbnd": ("husband", "/resources/family-and-friends/"),
    "stop it now phone nubmer": ("stop it now phone number", "/resources/helpline/"),
}


@pytest.fixture(scope="module")
def first_pages(module_tab, base_url) -> dict[str, list[str]]:
    """The first five pages of every query of both corpora, ranked in one page."""
    corpora = TUNING + HELD_OUT + THIRD_TUNING + THIRD_HELD_OUT
    queries = [*QUERIES, *(q.query for q in corpora), *TYPOS]
    return ranked(module_tab, base_url, list(dict.fromkeys(queries)), count=5)


@pytest.mark.parametrize(("query", "answer"), QUERIES.items(), ids=list(QUERIES))
def test_the_page_that_answers_the_query_is_in_the_top_three(first_pages, query, answer):
    found = first_pages[query]
    assert answer in found[:3], f"{query!r}: {answer} is not in the top 3 of {found[:5]}"


def test_the_blind_corpus_has_two_halves_of_at_least_sixty_queries():
    assert len(TUNING) >= 60 and len(HELD_OUT) >= 60


@pytest.mark.parametrize("half", [TUNING, THIRD_TUNING], ids=["first corpus", "third set"])
def test_at_least_85_percent_of_a_tuning_half_find_their_page_in_the_top_three(first_pages, half):
    missed = [q.query for q in half if not q.found_in(first_pages[q.query])]
    rate = 1 - len(missed) / len(half)
    assert rate >= 0.85, f"{rate:.0%} of the tuning half in the top 3; missed: {missed}"


# The target for the held-out halves is 85%, reached on both (docs/search.md): a
# change that loses held-out queries fails here.
@pytest.mark.parametrize("half", [HELD_OUT, THIRD_HELD_OUT], ids=["first corpus", "third set"])
def test_at_least_85_percent_of_a_held_out_half_find_their_page_in_the_top_three(first_pages, half):
    # Only the rate is reported: the held-out queries stay unseen by whoever tunes the search.
    hits = sum(q.found_in(first_pages[q.query]) for q in half)
    rate = hits / len(half)
    assert rate >= 0.85, f"{rate:.0%} of the held-out half in the top 3"


def test_posters_the_404_page_and_the_search_page_are_not_in_the_index(module_tab, base_url):
    found = results(module_tab, base_url, "helpline")
    assert found, "the search found nothing for 'helpline'"
    assert not [p for p in found if "/poster/" in p or p.endswith(("/404.html", "/search/"))]


@pytest.mark.parametrize(("typed", "answer"), [(t, v[1]) for t, v in TYPOS.items()])
def test_a_typo_finds_the_page_the_word_meant_would(first_pages, typed, answer):
    """Ranked as the search page ranks it, with its correction (which word each typo is
    corrected to: tests/browser/test_search.py)."""
    found = first_pages[typed]
    assert answer in found[:3], f"{typed!r}: {answer} is not in the top 3 of {found[:5]}"


def test_the_words_as_typed_are_one_click_away_and_then_searched_unchanged(module_tab, base_url):
    """Through the form, as a reader: the note, then its link (tests/browser/test_search.py
    checks the note's words)."""
    typed, (meant, _) = next(iter(TYPOS.items()))
    results(module_tab, base_url, typed)
    note = module_tab.locator(".app-search__suggestion")
    assert note.text_content().startswith(f"Did you mean “{meant}”?")
    note.get_by_role("link").click()
    module_tab.locator("[data-search-status]").filter(has_text="match").wait_for()
    assert module_tab.locator(".app-search__suggestion").count() == 0
    assert typed in module_tab.locator("[data-search-status]").text_content()
