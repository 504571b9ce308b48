"""The browser layer: the built site served on a loopback address, one Chromium for the
whole session, and tabs to open pages in it.

Chromium: $APP_CHROMIUM if set, else Debian's /usr/bin/chromium, else Playwright's own
download (developer machines with internet). If none starts, the tests fail with what to
install; they are never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browsing import CHROMIUM_ARGS, chromium_path, new_context, serve
from playwright.sync_api import Browser, Page, Playwright, sync_playwright


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
    except Exception as error:
        pytest.fail(
            "Chromium did not start. Install Debian's chromium (apt-get install chromium), "
            "or set APP_CHROMIUM to a Chromium or Chrome binary, or run "
            f"'.venv/bin/python -m playwright install chromium' where there is internet.\n{error}",
            pytrace=False,
        )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    server, url = serve(site.root)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def wide_tab(browser: Browser) -> Iterator[Page]:
    """One tab at 1280 px, light scheme, reused by the per-page checks."""
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def narrow_tab(browser: Browser) -> Iterator[Page]:
    """One tab at 320 px, reused by the per-page checks."""
    context = new_context(browser, width=320)
    yield context.new_page()
    context.close()


@pytest.fixture
def fresh_tab(browser: Browser) -> Iterator[Page]:
    context = new_context(browser)
    yield context.new_page()
    context.close()
