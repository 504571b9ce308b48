"""Every per-page browser check on one load of each page in each variant.

A page is opened once per variant (width and colour scheme), in a context kept for the whole
session, and every check that applies to that variant runs on that load. The results are kept,
so each (page, check, variant) is still its own test item with its own message
(tests/browser/test_every_page.py), but a page costs three loads, not ten.

The three variants' tabs are separate renderer processes, so their work overlaps on two cores:
each tab's axe-core run is started, the keyboard walks run in the other tabs meanwhile, and the
results are collected at the end.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page

from support import checks
from support.browsing import CSP_LISTENER, RequestLog, new_context

# name: (width, height, colour scheme). The two phones are the smallest in common use (320 x
# 640) and the most common small one (375 x 667); the phone-first checks run on both.
VARIANTS: dict[str, tuple[int, int, str]] = {
    "320-light": (320, 640, "light"),
    "375-light": (375, 667, "light"),
    "1280-light": (1280, 900, "light"),
    "1280-dark": (1280, 900, "dark"),
    "320-dark": (320, 640, "dark"),
}
ALL = ["320-light", "1280-light", "1280-dark"]
PHONES = ["320-light", "375-light"]
# Which variants each check runs in. A check is cheap once the page is loaded, so most run in
# every variant; the Tab walks (every focus stop, and Enter on the skip link) cost about 7 ms
# a Tab stop, and run once, at 1280 px.
CHECK_VARIANTS: dict[str, list[str]] = {
    "axe": [*ALL, "320-dark"],  # contrast in both schemes at both widths
    "csp": ALL,
    "privacy": ALL,
    "reflow": ALL,
    "target-size": ALL,
    "tables": ALL,
    "focus-indicator": ["1280-light"],
    "skip-link": ["1280-light"],
    "first-screen": PHONES,
    "nothing-covers-text": [*PHONES, "1280-light"],
}

# axe.run does most of its work before it returns its promise, so it is started from a timer:
# the call returns at once and this tab's renderer runs axe-core while the next tab is worked on.
# The checks that run on the loaded tab, in order: what only reads the page first, then what
# scrolls it, then the keyboard; axe-core is started after them and keeps this tab's renderer
# busy while the next tab is worked on.
ON_THE_LOAD = [
    ("reflow", checks.reflow_problems),
    ("tables", checks.table_problems),
    ("target-size", checks.target_size_problems),
    ("skip-link", checks.skip_link_problems),
    ("first-screen", checks.first_screen_problems),
    ("nothing-covers-text", checks.covered_text_problems),
    ("focus-indicator", checks.focus_indicator_problems),
]

AXE_START = """([tags, rules]) => {
  window.__axeResult = typeof axe === 'undefined' ? Promise.resolve(null)
    : new Promise(resolve => setTimeout(() => resolve(axe.run(document,
        {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']})), 0));
}"""
FAILED_RESOURCES = """() => performance.getEntriesByType('resource')
  .filter(e => e.responseStatus >= 400).map(e => `${e.responseStatus} ${e.name}`)"""
FORGET = "() => { localStorage.clear(); sessionStorage.clear(); }"


class PageRuns:
    """Runs every check on a page's loads the first time it is asked for, then remembers."""

    def __init__(self, browser: Browser, base_url: str, headers: bool = True) -> None:
        self.base_url = base_url
        self.headers = headers  # whether the server sends the production headers (CSP)
        self.tabs: dict[str, Page] = {}
        self.logs: dict[str, RequestLog] = {}
        for variant, (width, height, scheme) in VARIANTS.items():
            wanted = self.wanted(variant)
            context = new_context(
                browser, width=width, height=height, scheme=scheme, axe="axe" in wanted
            )
            context.add_init_script(script=CSP_LISTENER)
            self.logs[variant] = RequestLog(context)
            self.tabs[variant] = context.new_page()
        self.results: dict[str, dict[tuple[str, str], list[str]]] = {}

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.context.close()

    def problems(self, url: str, check: str, variant: str) -> list[str]:
        if url not in self.results:
            self.results[url] = self.run(url)
        return self.results[url][(check, variant)]

    def run(self, url: str) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        address = self.base_url + url
        marks = {v: len(log.urls) for v, log in self.logs.items()}
        responses = {v: tab.goto(address, wait_until="commit") for v, tab in self.tabs.items()}
        # The tab with the Tab walks last: its walk overlaps the others' axe-core runs.
        order = sorted(self.tabs, key=lambda v: "focus-indicator" in self.wanted(v))
        for variant in order:
            tab = self.tabs[variant]
            tab.wait_for_load_state("load")
            wanted = self.wanted(variant)
            for check, run in ON_THE_LOAD:
                if check in wanted:
                    found[(check, variant)] = run(tab)
            if "axe" in wanted:
                tab.evaluate(AXE_START, [checks.AXE_TAGS, checks.AXE_DISABLED_RULES])
        for variant, tab in self.tabs.items():
            wanted = self.wanted(variant)
            if "axe" in wanted:
                result: dict[str, Any] | None = tab.evaluate("() => window.__axeResult")
                found[("axe", variant)] = checks.axe_report(result, tab.url)
            log = self.logs[variant]
            if "privacy" in wanted:
                log.wait_until_quiet(tab)
                requests = log.urls[marks[variant] :]
                found[("privacy", variant)] = checks.privacy_problems(tab, requests, self.base_url)
                tab.context.clear_cookies()
                tab.evaluate(FORGET)
            if "csp" in wanted:
                found[("csp", variant)] = self.csp_problems(tab, responses[variant])
        return found

    @staticmethod
    def wanted(variant: str) -> list[str]:
        return [check for check, variants in CHECK_VARIANTS.items() if variant in variants]

    def csp_problems(self, tab: Page, response: Any) -> list[str]:
        problems = []
        if self.headers:
            sent = (response.headers if response else {}).get("content-security-policy", "")
            if "default-src 'self'" not in sent:
                problems.append(f"the page was not sent the Content-Security-Policy ({sent!r})")
        problems += [f"CSP violation: {v}" for v in tab.evaluate("() => window.__cspViolations")]
        problems += [f"refused: {r}" for r in tab.evaluate(FAILED_RESOURCES)]
        return problems
