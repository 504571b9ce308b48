"""The search corpus (tests/support/search_corpus.py): for each query, as a worried person, a
family member, a journalist or a partner would type it, the page that answers it is in the
first three results, searched in Chromium on the built site's Pagefind index."""

from __future__ import annotations

import pytest
from search_ranks import results
from support.search_corpus import QUERIES

pytestmark = pytest.mark.browser


def test_the_corpus_has_at_least_thirty_queries():
    assert len(QUERIES) >= 30


@pytest.mark.parametrize(("query", "answer"), QUERIES.items(), ids=list(QUERIES))
def test_the_page_that_answers_the_query_is_in_the_top_three(module_tab, base_url, query, answer):
    found = results(module_tab, base_url, query)
    assert answer in found[:3], f"{query!r}: {answer} is not in the top 3 of {found[:5]}"


def test_posters_the_404_page_and_the_search_page_are_not_in_the_index(module_tab, base_url):
    found = results(module_tab, base_url, "helpline")
    assert found, "the search found nothing for 'helpline'"
    assert not [p for p in found if "/poster/" in p or p.endswith(("/404.html", "/search/"))]


# Typos: a word the site never uses is searched as the nearest word it does use, and said so.
TYPOS = {
    "helpine": ("helpline", "/resources/helpline/"),
    "confidental": ("confidential", "/resources/helpline/"),
    "husbnd": ("husband", "/resources/family-and-friends/"),
    "stop it now phone nubmer": ("stop it now phone number", "/resources/helpline/"),
}


@pytest.mark.parametrize(("typed", "meant", "answer"), [(t, *v) for t, v in TYPOS.items()])
def test_a_typo_is_searched_as_the_word_meant_and_said_so(
    module_tab, base_url, typed, meant, answer
):
    found = results(module_tab, base_url, typed)
    assert answer in found[:3], f"{typed!r}: {answer} is not in the top 3 of {found[:5]}"
    note = module_tab.locator(".app-search__suggestion")
    assert note.text_content().startswith(f"Did you mean “{meant}”?")
    # The words as typed stay one click away, and are then searched unchanged.
    note.get_by_role("link").click()
    module_tab.locator("[data-search-status]").filter(has_text="match").wait_for()
    assert module_tab.locator(".app-search__suggestion").count() == 0
    assert typed in module_tab.locator("[data-search-status]").text_content()
