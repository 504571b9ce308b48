"""The browser layer: the built site served on a loopback address, one Chromium for the
whole session, and tabs to open pages in it.

Chromium: $APP_CHROMIUM if set, else Debian's /usr/bin/chromium-headless-shell, else
Playwright's own download (developer machines with internet). If none starts, every browser
test fails with what to install; they are never skipped, in CI (CI=true) or anywhere else.

The Playwright tab is never called `page`: tests/conftest.py parametrizes any test with a
`page` argument over every page of the site.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from devserver import production_headers
from playwright.sync_api import Browser, Page, Playwright
from support.browsing import BrowserUnavailable, launch_chromium, new_context, serve


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    try:
        browser = launch_chromium(playwright)
    except BrowserUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    """The built site on 127.0.0.1 at a free port, e.g. http://127.0.0.1:40123 (no slash), with
    the headers of production (the _headers file's), the Content-Security-Policy among them."""
    server, url = serve(site.root, production_headers(site.root))
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def module_tab(browser: Browser) -> Iterator[Page]:
    """A tab kept by one test module, in a context of its own: for tests that only load
    pages and read them, so each need not pay for a new context."""
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def fresh_tab(browser: Browser) -> Iterator[Page]:
    """A tab in a context of its own: no cookies, storage or history from other tests."""
    context = new_context(browser)
    yield context.new_page()
    context.close()
