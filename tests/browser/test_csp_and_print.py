"""Search runs under the production headers (the Content-Security-Policy, COOP, CORP...,
sent by the browser layer's server; every page is checked under them in test_every_page.py),
and a violation is caught. The posters' print: test_posters.py."""

from collections.abc import Iterator

import pytest
from support.browsing import CSP_LISTENER, new_context

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def csp_tab(browser) -> Iterator:
    context = new_context(browser)
    context.add_init_script(script=CSP_LISTENER)
    yield context.new_page()
    context.close()


def test_search_runs_under_the_csp(csp_tab, base_url):
    csp_tab.goto(base_url + "/search/?q=helpline")
    csp_tab.locator("[data-search-status]").filter(has_text="match").wait_for(timeout=10_000)
    assert csp_tab.evaluate("() => window.__cspViolations") == []


def test_the_csp_check_catches_an_inline_script(csp_tab, base_url, site):
    (site.root / "csp-defect.html").write_text(
        "<!DOCTYPE html><html lang='en'><title>x</title><script>1</script></html>"
    )
    try:
        csp_tab.goto(base_url + "/csp-defect.html")
        assert csp_tab.evaluate("() => window.__cspViolations")[0].startswith("script-src")
    finally:
        (site.root / "csp-defect.html").unlink()
