"""The publish build in Chromium, through Debian's nginx and Apache: the browser is told that
the site's own names (campaigns.example.org, example.org) are the local server, so every
request goes over TLS to the real server with the site's real addresses.

One page of each template on each server and at each address (pairwise: half the templates
for each server and address, pages_for; axe and the other per-page checks cover every page in
the browser layer): no console errors, no CSP violations, no failed requests, the stylesheet
applied; Shift three times leaves; search
finds results with Pagefind's files as the server sends them."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from support.browsing import CSP_LISTENER, launch_chromium, new_context
from support.webservers import Served, WebServer

pytestmark = pytest.mark.browser
EXIT_URL = "https://www.bbc.co.uk/weather"
# One page of each template, and the 404 page through a missing address.
TEMPLATES = [
    "/",
    "/campaigns/",
    "/campaigns/west-yorkshire/",
    "/campaigns/west-yorkshire/poster/",
    "/faq/",
    "/figures/",
    "/news/",
    "/news/west-yorkshire-campaign-launches/",
    "/resources/",
    "/resources/helpline/",
    "/search/",
    "/sitemap/",
    "/no-such-page/",
]


@pytest.fixture(scope="session")
def mapped_browser(playwright, web_server: WebServer) -> Iterator:
    """A Chromium whose resolver sends the sites' names to this server's TLS ports."""
    rules = ", ".join(
        f"MAP {served.host}:443 127.0.0.1:{served.https_port}"
        for served in web_server.sites.values()
    )
    browser = launch_chromium(playwright, [f"--host-resolver-rules={rules}"])
    yield browser
    browser.close()


@pytest.fixture
def tab(mapped_browser) -> Iterator:
    # The test certificate is the server's own; the machine is offline, so the exit's neutral
    # page is answered here.
    context = new_context(mapped_browser, ignore_https_errors=True)
    context.add_init_script(script=CSP_LISTENER)
    context.route(
        EXIT_URL + "*",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>W</title>"),
    )
    tab = context.new_page()
    yield tab
    context.close()


def pages_for(served: Served) -> list[str]:
    """Half of TEMPLATES for each (server, address), chosen so that each template is loaded
    once on each server and once at each address (a pairwise cover: 26 loads, not 52). What a
    server sends for each file at each address (type, headers, compression) is checked for
    every file, on both servers at both addresses, by test_live_check; here the browser shows
    a template's page works with it."""
    return half(served.server.startswith("nginx"), urlsplit(served.address).path.strip("/") == "")


def half(first_server: bool, at_the_root: bool) -> list[str]:
    return [p for i, p in enumerate(TEMPLATES) if (i + first_server + at_the_root) % 2 == 0]


def test_the_pages_loaded_cover_each_template_on_each_server_and_at_each_address():
    for one in (True, False):
        # Each server loads every template (half at each address), and so does each address.
        assert sorted(half(one, True) + half(one, False)) == sorted(TEMPLATES)
        assert sorted(half(True, one) + half(False, one)) == sorted(TEMPLATES)


def test_one_page_of_each_template_loads_without_errors(served: Served, tab):
    problems: list[str] = []
    path = ""

    def console(message) -> None:
        # Chromium reports the missing page's own 404 as an error; anything else is one.
        if message.type == "error" and not message.location["url"].endswith("/no-such-page/"):
            problems.append(f"{path}: {message.text}")

    tab.on("console", console)
    tab.on("pageerror", lambda e: problems.append(f"{path}: {e}"))
    tab.on(
        "response",
        lambda r: (
            r.status >= 400
            and "no-such-page" not in r.url
            and problems.append(f"{path}: {r.status} {r.url}")
        ),
    )
    for path in pages_for(served):
        response = tab.goto(served.address + path, wait_until="load")
        expected = 404 if "no-such-page" in path else 200
        if response is None or response.status != expected:
            problems.append(f"{path}: HTTP {response.status if response else 'none'}")
        problems += [f"{path}: CSP {v}" for v in tab.evaluate("window.__cspViolations")]
        font = tab.evaluate("getComputedStyle(document.body).fontFamily")
        if "system-ui" not in font:
            problems.append(f"{path}: the stylesheet did not apply ({font})")
    assert problems == [], f"{served.server} {served.address}"


def test_pressing_shift_three_times_leaves(served: Served, tab):
    tab.goto(served.address + "/faq/")
    status = tab.locator(".app-exit-this-page__status")
    tab.keyboard.press("Shift")
    assert status.text_content() == "Shift, press 2 more times to exit."
    tab.keyboard.press("Shift")
    with tab.expect_navigation():
        tab.keyboard.press("Shift")
    assert tab.url == EXIT_URL


def test_search_finds_results(served: Served, tab):
    tab.goto(served.address + "/")
    tab.locator("#app-header-search-input").fill("helpline")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/search/?q=*")
    status = tab.locator("[data-search-status]")
    status.filter(has_text="match").wait_for(timeout=10_000)
    links = tab.locator(".app-search__result a").evaluate_all("els => els.map(e => e.href)")
    assert links, status.text_content()
    assert all(link.startswith(served.address + "/") for link in links)
    assert tab.evaluate("window.__cspViolations") == []
