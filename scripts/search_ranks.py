"""The rank of the right page for each query of the search corpus
(tests/support/search_corpus.py), searched in Chromium on a built site's Pagefind index.

    .venv/bin/python scripts/search_ranks.py --output output             # the 34 queries
    .venv/bin/python scripts/search_ranks.py --output output --tuning    # the blind corpus's
                                                                         # tuning half, each query
    .venv/bin/python scripts/search_ranks.py --output output --held-out  # its held-out half: the
                                                                         # top-3 rate only

    --third-tuning, --third-held-out: the same for the third blind set (search_queries_third.yaml).

The held-out halves are never printed query by query, so they can be measured without being
seen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from support.browsing import launch_chromium, new_context, serve  # noqa: E402
from support.search_corpus import (  # noqa: E402
    QUERIES,
    blind_queries,
    fresh_queries,
    third_queries,
)


def results(tab, base_url: str, query: str) -> list[str]:
    """The result pages' paths, in order, as the site's search page lists them."""
    from urllib.parse import quote

    tab.goto(f"{base_url}/search/?q={quote(query)}")
    status = tab.locator("[data-search-status]")
    status.filter(has_text="match").wait_for(timeout=10_000)
    return tab.locator(".app-search__result-heading a").evaluate_all(
        "els => els.map(e => e.pathname)"
    )


# The search page's own ranking (js/search.js exports it), run for many queries in one page:
# the same code as a search from the form, without loading the page once per query.
RANK_IN_PAGE = """async ([queries, count]) => {
  const script = document.querySelector('script[type="module"][src*="/js/search."]');
  const search = await import(script.src);
  return Promise.all(queries.map((query) => search.rankedPaths(query, { count })));
}"""


def ranked(tab, base_url: str, queries: list[str], count: int = 3) -> dict[str, list[str]]:
    """Each query's first `count` result pages' paths, as the search page ranks them."""
    tab.goto(f"{base_url}/search/")
    return dict(zip(queries, tab.evaluate(RANK_IN_PAGE, [queries, count]), strict=True))


# The query sets, by option: (what the output calls it, its queries, the option's help, held
# out). A held-out set is printed only as its rate, so its queries stay unseen by whoever tunes
# the search.
SETS = {
    "tuning": (
        "tuning half", lambda: blind_queries("tuning"), "the blind corpus's tuning half", False
    ),
    "held-out": (
        "held-out half", lambda: blind_queries("held-out"), "its held-out half, as one rate", True
    ),
    "fresh": ("fresh set", fresh_queries, "the fresh blind set, as one rate", True),
    "third-tuning": (
        "third set, tuning half", lambda: third_queries("tuning"), "the third set's tuning half",
        False,
    ),
    "third-held-out": (
        "third set, held-out half", lambda: third_queries("held-out"),
        "its held-out half, as one rate", True,
    ),
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "output"))
    half = parser.add_mutually_exclusive_group()
    for flag, (_, _, help_text, _) in SETS.items():
        half.add_argument(f"--{flag}", action="store_true", help=help_text)
    args = parser.parse_args(argv)
    chosen = next((flag for flag in SETS if getattr(args, flag.replace("-", "_"))), None)
    server, base = serve(Path(args.output))
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            tab = new_context(browser).new_page()
            if chosen is not None:
                name, load, _, held_out = SETS[chosen]
                queries = load()
                found = ranked(tab, base, [q.query for q in queries])
                if not held_out:  # a held-out set: only the rate, never a query
                    print("| query | answer | in top 3 | first three |\n| --- | --- | --- | --- |")
                    for q in queries:
                        hit = "yes" if q.found_in(found[q.query]) else "NO"
                        print(f"| {q.query} | {q.expect} | {hit} | {' '.join(found[q.query])} |")
                hits = sum(q.found_in(found[q.query]) for q in queries)
                print(f"{name}: {hits} of {len(queries)} in the top 3 ({hits / len(queries):.0%})")
            else:
                found = ranked(tab, base, list(QUERIES), count=20)
                print("| query | page that must be in the top 3 | rank |\n| --- | --- | ---: |")
                for query, page in QUERIES.items():
                    rank = found[query].index(page) + 1 if page in found[query] else "not found"
                    print(f"| {query} | {page} | {rank} |")
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
