"""The search corpus (tests/support/search_corpus.py): for each query, as a worried person, a
family member, a journalist or a partner would type it, the page that answers it is in the
first three results, searched in Chromium on the built site's Pagefind index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from search_ranks import results
from support.browsing import new_context
from support.search_corpus import QUERIES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tab(browser) -> Iterator:
    context = new_context(browser, axe=False)
    yield context.new_page()
    context.close()


def test_the_corpus_has_at_least_thirty_queries():
    assert len(QUERIES) >= 30


@pytest.mark.parametrize(("query", "answer"), QUERIES.items(), ids=list(QUERIES))
def test_the_page_that_answers_the_query_is_in_the_top_three(tab, base_url, query, answer):
    found = results(tab, base_url, query)
    assert answer in found[:3], f"{query!r}: {answer} is not in the top 3 of {found[:5]}"


def test_posters_the_404_page_and_the_search_page_are_not_in_the_index(tab, base_url):
    found = results(tab, base_url, "helpline")
    assert found, "the search found nothing for 'helpline'"
    assert not [p for p in found if "/poster/" in p or p.endswith(("/404.html", "/search/"))]
