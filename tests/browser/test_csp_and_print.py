"""Every production header (the Content-Security-Policy, COOP, CORP...) served as a host
sends it breaks nothing; posters print on one page."""

import re
from collections.abc import Iterator

import pytest
from support.browsing import RequestLog, new_context, serve

pytestmark = pytest.mark.browser

LISTEN = """() => { window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI)); }"""


def every_page_headers(site) -> dict[str, str]:
    """The headers of the _headers file's /* rule, as Netlify and Cloudflare Pages send them."""
    block = (site.root / "_headers").read_text(encoding="utf-8").split("\n/*\n", 1)[1]
    block = block.split("\n\n", 1)[0]
    return dict(line.strip().split(": ", 1) for line in block.splitlines() if ": " in line)


@pytest.fixture(scope="module")
def csp_url(site) -> Iterator[str]:
    # Every header of production, COOP and CORP among them; HSTS is ignored over http.
    server, url = serve(site.root, every_page_headers(site))
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def csp_context(browser) -> Iterator:
    context = new_context(browser)
    context.add_init_script(script=LISTEN.removeprefix("() => ").strip())
    yield context, RequestLog(context)
    context.close()


@pytest.fixture(scope="module")
def csp_tab(csp_context) -> Iterator:
    yield csp_context[0].new_page()


def test_every_page_loads_with_the_csp_header_and_no_violation(page, csp_context, csp_tab, csp_url):
    # Loaded, then quiet for 0.2 s: whatever the page's scripts fetch has been checked too.
    response = csp_context[1].open(csp_tab, csp_url + page.url)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cross-origin-opener-policy"] == "same-origin"
    assert response.headers["cross-origin-resource-policy"] == "same-origin"
    assert csp_tab.evaluate("() => window.__cspViolations") == []
    failed = csp_tab.evaluate(
        "() => performance.getEntriesByType('resource').filter(e => e.responseStatus >= 400)"
        ".map(e => e.name)"
    )
    assert failed == []  # nothing the page loads was refused


def test_search_runs_under_the_csp(csp_tab, csp_url):
    csp_tab.goto(csp_url + "/search/?q=helpline")
    csp_tab.locator("[data-search-status]").filter(has_text="match").wait_for(timeout=10_000)
    assert csp_tab.evaluate("() => window.__cspViolations") == []


def test_the_csp_check_catches_an_inline_script(csp_tab, csp_url, site):
    (site.root / "csp-defect.html").write_text(
        "<!DOCTYPE html><html lang='en'><title>x</title><script>1</script></html>"
    )
    try:
        csp_tab.goto(csp_url + "/csp-defect.html")
        assert csp_tab.evaluate("() => window.__cspViolations")[0].startswith("script-src")
    finally:
        (site.root / "csp-defect.html").unlink()


@pytest.mark.parametrize("region", ["north-west-england", "west-yorkshire", "scotland"])
def test_each_campaign_poster_prints_on_exactly_one_a4_page(browser, base_url, region):
    context = new_context(browser)
    tab = context.new_page()
    try:
        tab.goto(f"{base_url}/campaigns/{region}/poster/")
        pdf = tab.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    finally:
        context.close()
