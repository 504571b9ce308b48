"""The browser layer: the built site served on a loopback address, one Chromium for the
whole session, and helpers to open pages in it.

Chromium: $APP_CHROMIUM if set, else Debian's /usr/bin/chromium, else Playwright's own
download (developer machines with internet). If none starts, the tests fail with what to
install; they are never skipped.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The machine has no network: these stop Chromium trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def serve(root: Path, headers: dict[str, str] | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Serve `root` on 127.0.0.1 at a free port; returns the server and its base URL."""
    handler = type("Handler", (QuietHandler,), {"extra_headers": headers or {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def chromium_path() -> str | None:
    if os.environ.get("APP_CHROMIUM"):
        return os.environ["APP_CHROMIUM"]
    return shutil.which("chromium") or None


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


def new_context(
    browser: Browser, width: int = 1280, scheme: str = "light", **kwargs
) -> BrowserContext:
    """A fresh context (no cookies or storage from other tests) with axe-core preloaded."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, **kwargs
    )
    context.add_init_script(path=str(AXE))
    return context


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
