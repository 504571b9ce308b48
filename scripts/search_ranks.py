"""The rank of the right page for each query of the search corpus
(tests/support/search_corpus.py), searched in Chromium on a built site's Pagefind index.

    .venv/bin/python scripts/search_ranks.py --output output
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from support.browsing import launch_chromium, new_context, serve  # noqa: E402
from support.search_corpus import QUERIES  # noqa: E402


def results(tab, base_url: str, query: str) -> list[str]:
    """The result pages' paths, in order, as the site's search page lists them."""
    from urllib.parse import quote

    tab.goto(f"{base_url}/search/?q={quote(query)}")
    status = tab.locator("[data-search-status]")
    status.filter(has_text="match").wait_for(timeout=10_000)
    return tab.locator(".app-search__result-heading a").evaluate_all(
        "els => els.map(e => e.pathname)"
    )


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "output"))
    args = parser.parse_args(argv)
    server, base = serve(Path(args.output))
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            tab = new_context(browser).new_page()
            print("| query | page that must be in the top 3 | rank |\n| --- | --- | ---: |")
            for query, page in QUERIES.items():
                found = results(tab, base, query)
                rank = found.index(page) + 1 if page in found else "not found"
                print(f"| {query} | {page} | {rank} |")
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
