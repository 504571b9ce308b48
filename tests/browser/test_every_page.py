"""Every page of the publish build in Chromium, at 320 px and 1280 px, and in the dark colour
scheme (contrast failures hide there), as readers get it: built for a sub-path
(https://example.org/campaigns, a GitHub Pages project site), served over HTTPS with the
production headers (the CSP among them), the browser sending example.org to this machine.

Each page is loaded once, at phone width, and goes through its variants in place, two pages at a
time (tests/support/pagerun.py); each (page, check, variant) is still its own test:

- axe-core, with no rule disabled (checks.AXE_DISABLED_RULES);
- csp: the Content-Security-Policy header came with the page, and nothing broke it or was
  refused;
- stylesheet: the site's stylesheet applied (its address is right under the sub-path);
- privacy: nothing requested from another host, nothing stored (cookies, localStorage,
  sessionStorage, service workers, IndexedDB, Cache Storage);
- reflow: no sideways scrolling (WCAG 1.4.10 at 320 px);
- target-size: pointer targets of 44 px outside running text (WCAG 2.5.5);
- tables: no wider than the text column, and every cell labelled where rows are stacked;
- skip-link and focus-indicator: from the top, the first Tab reaches the skip link and Enter
  moves focus to <main>; Tab reaches every focusable element and each shows a focus indicator;
- on one page of each template (tests/support/pagetypes.py): focus-appearance, each kind of
  focusable element, on the first page that has it, meets WCAG 2.4.13 in pixels, in both
  schemes; forced-colours, in forced colours at 320 and 1280 px, every element Tab stops at
  still shows its focus (read by script; that Tab reaches each is the focus-indicator
  check's), and Exit this page and the Menu or search button keep a visible edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from devserver import production_headers
from support.browsing import launch_chromium
from support.pagerun import CHECK_VARIANTS, TEMPLATE_CHECKS, PageRuns
from support.pagetypes import PAGE_TYPES
from support.serving import serve
from support.sitebuild import SUB_PATH_URL, TMP, published_site
from support.webservers import certificate

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def page_runs(playwright, request: pytest.FixtureRequest) -> Iterator[PageRuns]:
    site = published_site()
    host = urlsplit(SUB_PATH_URL).hostname
    folder = TMP / "every-page-tls"
    folder.mkdir(exist_ok=True)
    tls = certificate(folder, [host])
    server, local = serve(site.root, site.prefix, production_headers(site.root), tls)
    port = urlsplit(local).port
    browser = launch_chromium(
        playwright, [f"--host-resolver-rules=MAP {host}:443 127.0.0.1:{port}"]
    )
    # The pages this run will ask about, in order, so the runner can check the next one in its
    # other tab meanwhile.
    upcoming = [
        item.callspec.params["published_page"].url
        for item in request.session.items
        if item.path.name == "test_every_page.py" and "published_page" in item.callspec.params
    ]
    runs = PageRuns(
        browser,
        SUB_PATH_URL,
        upcoming=list(dict.fromkeys(upcoming)),
        templates=set(PAGE_TYPES.values()),
        ignore_https_errors=True,  # the certificate is the test's own, made above
    )
    yield runs
    runs.close()
    browser.close()
    server.shutdown()


COMBINATIONS = [
    (check, variant)
    for check, variants in CHECK_VARIANTS.items()
    if check not in TEMPLATE_CHECKS
    for variant in variants
]
TEMPLATE_COMBINATIONS = [
    (check, variant) for check in sorted(TEMPLATE_CHECKS) for variant in CHECK_VARIANTS[check]
]


@pytest.mark.parametrize(
    ("check", "variant"), COMBINATIONS, ids=[f"{c}-{v}" for c, v in COMBINATIONS]
)
def test_every_page_passes_every_browser_check(published_page, check, variant, page_runs):
    problems = page_runs.problems(published_page.url, check, variant)
    assert problems == [], f"{published_page.path}, {check} at {variant}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("check", "variant"),
    TEMPLATE_COMBINATIONS,
    ids=[f"{c}-{v}" for c, v in TEMPLATE_COMBINATIONS],
)
@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_one_page_of_each_template_passes_the_template_checks(path, check, variant, page_runs):
    """What every template shares (the components' focus styles, the safety bar, the header),
    on one page of each: checks.TEMPLATE_CHECKS."""
    problems = page_runs.problems(path, check, variant)
    assert problems == [], f"{path}, {check} at {variant}:\n" + "\n".join(problems)
