"""Every page of the site in Chromium, at 320 px and 1280 px, and in the dark colour scheme
(contrast failures hide there), served with the production headers (the CSP among them).

Each page is loaded twice, at phone and at desktop width, and goes through its variants in
place (tests/support/pagerun.py); each (page, check, variant) is still its own test:

- axe-core, with no rule disabled (checks.AXE_DISABLED_RULES);
- csp: the Content-Security-Policy header came with the page, and nothing broke it or was
  refused;
- privacy: nothing requested from another host, nothing stored (cookies, localStorage,
  sessionStorage, service workers, IndexedDB, Cache Storage);
- reflow: no sideways scrolling (WCAG 1.4.10 at 320 px);
- target-size: pointer targets of 44 px outside running text (WCAG 2.5.5);
- tables: no wider than the text column, and every cell labelled where rows are stacked;
- skip-link and focus-indicator: from the top, the first Tab reaches the skip link and Enter
  moves focus to <main>; Tab reaches every focusable element and each shows a focus indicator.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.pagerun import CHECK_VARIANTS, PageRuns

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def page_runs(browser, base_url) -> Iterator[PageRuns]:
    runs = PageRuns(browser, base_url)
    yield runs
    runs.close()


COMBINATIONS = [
    (check, variant) for check, variants in CHECK_VARIANTS.items() for variant in variants
]


@pytest.mark.parametrize(
    ("check", "variant"), COMBINATIONS, ids=[f"{c}-{v}" for c, v in COMBINATIONS]
)
def test_every_page_passes_every_browser_check(page, check, variant, page_runs):
    problems = page_runs.problems(page.url, check, variant)
    assert problems == [], f"{page.path}, {check} at {variant}:\n" + "\n".join(problems)
