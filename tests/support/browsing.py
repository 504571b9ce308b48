"""Helpers for the browser layer: serving a folder on a loopback address, finding and
launching Chromium, opening a context with axe-core preloaded, and recording requests."""

from __future__ import annotations

import os
import re
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, Route

from support.serving import serve as serve_static

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Debian's headless build of Chromium (package chromium-headless-shell, from the same source as
# its `chromium`): the same Blink renders and runs axe-core, without the full browser's UI
# layer. It is what Playwright itself launches for headless runs; here it costs 17% less CPU a
# page than `chromium --headless` (docs/performance.md, "fifth session").
DEBIAN_CHROMIUM = Path("/usr/bin/chromium-headless-shell")
# The machine has no network: these stop Chromium trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # V8's optimising compilers (Maglev, TurboFan) off: the tests' scripts (axe-core above
    # all) run once or twice a page, so compiling them hot costs more CPU than it saves:
    # test_every_page alone 40.4 and 38.3 s of CPU to 34.7 and 35.7 s. What the scripts do is
    # the same; only how fast V8 runs them changes.
    "--js-flags=--no-opt --no-maglev",
]


# Collects every Content-Security-Policy violation of a page in window.__cspViolations; added
# to a context with add_init_script, so it runs before the page's own scripts.
CSP_LISTENER = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""


class BrowserUnavailable(RuntimeError):
    """No Chromium could be launched; the message says what to install."""


def serve(root: Path, headers: dict[str, str] | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Serve `root` on 127.0.0.1 at a free port; returns the server and its base URL."""
    return serve_static(root, "/", headers)


def chromium_path() -> str | None:
    """$APP_CHROMIUM, else Debian's /usr/bin/chromium-headless-shell, else None: Playwright's
    own browser."""
    if os.environ.get("APP_CHROMIUM"):
        return os.environ["APP_CHROMIUM"]
    return str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.is_file() else None


def launch_chromium(playwright: Playwright, extra_args: list[str] | None = None) -> Browser:
    """Launch headless Chromium once, or raise BrowserUnavailable saying what to install."""
    path = chromium_path()
    if path is not None and not Path(path).is_file():
        raise BrowserUnavailable(
            f"APP_CHROMIUM={path} is not a file: point it at a Chromium binary"
        )
    try:
        return playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS + (extra_args or [])
        )
    except Exception as error:
        tried = path or f"Playwright's own Chromium (none at {DEBIAN_CHROMIUM})"
        ci = " (CI=true: the browser tests are never skipped)" if os.environ.get("CI") else ""
        raise BrowserUnavailable(
            f"Chromium did not start{ci}. Tried: {tried}.\n"
            "Install one of:\n"
            "  - Debian's headless Chromium: sudo apt-get install -y chromium-headless-shell\n"
            "    (make test does this as root)\n"
            "  - or set APP_CHROMIUM=/path/to/chromium (any Chromium or Chrome binary)\n"
            "  - or, on a machine with internet: .venv/bin/python -m playwright install chromium\n"
            f"Playwright said: {error}"
        ) from error


def new_context(
    browser: Browser,
    width: int = 1280,
    scheme: str = "light",
    axe: bool = False,
    height: int = 900,
    **kwargs,
) -> BrowserContext:
    """A fresh context (no cookies or storage from other tests). With axe=True, axe-core is
    injected into every page it opens (each page then opens about 0.15 s slower), so only the
    tests that run it ask for it; a run without it fails, saying so."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, **kwargs
    )
    if axe:
        context.add_init_script(path=str(AXE))
    return context


class RequestLog:
    """Every request a context makes, and a wait until the network has been quiet."""

    def __init__(self, context: BrowserContext) -> None:
        self.urls: list[str] = []
        self._in_flight = 0
        self._last_change = time.monotonic()
        context.on("request", self._started)
        context.on("requestfinished", self._ended)
        context.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        self.urls.append(request.url)
        self._in_flight += 1
        self._last_change = time.monotonic()

    def _ended(self, request: Request) -> None:
        self._in_flight -= 1
        self._last_change = time.monotonic()

    def wait_until_quiet(self, tab: Page, quiet: float = 0.2, timeout: float = 10) -> None:
        """Until no request has been in flight for `quiet` seconds (at once if that is so).
        Playwright's "networkidle" waits 0.5 s on every page; 0.2 s still catches what a
        page asks for once its scripts have run, at less than half the cost."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            tab.wait_for_timeout(20)  # lets Playwright deliver the request events
            if self._in_flight <= 0 and time.monotonic() - self._last_change >= quiet:
                return
        raise TimeoutError(
            f"{tab.url} was still making requests after {timeout} s: {self.urls[-5:]}"
        )


# What a slow phone gets after the page's first paint: its scripts (module scripts run once
# they arrive, after the document is parsed) and its pictures.
LATE = re.compile(r"\.(?:js|png|jpe?g|gif|webp|avif|svg)(?:[?#].*)?$")
# Resolves once the page has painted: at once if it has, else at its first paint. A plain
# evaluate, not wait_for_function, which would first load Playwright's own script into every
# page (about 35 ms of CPU and 40 ms of waiting a load, measured).
PAINTED = """() => performance.getEntriesByType('paint').length > 0 || new Promise(resolve =>
  new PerformanceObserver((list, observer) => { observer.disconnect(); resolve(true); })
    .observe({type: 'paint', buffered: true}))"""


class HeldUntilPainted:
    """Loads pages in a context with their scripts and pictures held back until the page has
    painted once: on this machine they arrive before the first paint, so a page that changes
    its layout when they do would never be seen to move; on a phone it is."""

    def __init__(self, context: BrowserContext) -> None:
        self.holding = False
        self.held: list[Route] = []
        context.route(LATE, self._arrived)

    def _arrived(self, route: Route) -> None:
        if self.holding:
            self.held.append(route)
        else:
            route.continue_()

    def load(self, tab: Page, url: str) -> None:
        """Open `url` in `tab`: paint it, then let what was held through; back once loaded."""
        self.holding = True
        tab.goto(url, wait_until="commit")
        self.release(tab)
        tab.wait_for_load_state("load")

    def release(self, tab: Page) -> None:
        """Once the page in `tab` (opened while holding) has painted, let what was held
        through, and what comes later at once."""
        try:
            tab.evaluate(PAINTED)
        finally:
            self.holding = False
            for route in self.held:
                route.continue_()
            self.held.clear()
