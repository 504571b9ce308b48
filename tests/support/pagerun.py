"""Every per-page browser check on two loads of each page.

A page is opened once in a phone-sized tab and once in a desktop-sized tab, each in a context
kept for the whole session. Each tab then goes through its variants in place: every check that
applies to a variant runs on the loaded page, then the window is resized or switched to the
other colour scheme (as a reader's phone does when it turns dark) for the next variant. The
results are kept, so each (page, check, variant) is still its own test item with its own
message (tests/browser/test_every_page.py).

The two tabs are separate renderer processes, so their work overlaps on two cores: while one
tab's axe-core run goes on, the other tab's checks run.
"""

from __future__ import annotations

from collections.abc import Iterator
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
# Each tab's variants, in the order it goes through them on one load of a page: the first is
# how the page is loaded; the others are the same page resized or in the other scheme.
TABS: dict[str, list[str]] = {
    "phone": ["320-light", "320-dark", "375-light"],
    "desktop": ["1280-light", "1280-dark"],
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
    "stylesheet": ALL,
    "focus-indicator": ["1280-light"],
    "skip-link": ["1280-light"],
    "first-screen": PHONES,
    "nothing-covers-text": [*PHONES, "1280-light"],
}

# The checks that run on the page in each variant, in order: what only reads the page first,
# then what scrolls it, then the keyboard; axe-core is started after them and keeps this tab's
# renderer busy while the other tab is worked on.
ON_THE_LOAD = [
    ("stylesheet", checks.stylesheet_problems),
    ("reflow", checks.reflow_problems),
    ("tables", checks.table_problems),
    ("target-size", checks.target_size_problems),
    ("skip-link", checks.skip_link_problems),
    ("first-screen", checks.first_screen_problems),
    ("nothing-covers-text", checks.covered_text_problems),
    ("focus-indicator", checks.focus_indicator_problems),
]

# axe.run does most of its work before it returns its promise, so it is started from a timer:
# the call returns at once and this tab's renderer runs axe-core while the other tab is worked on.
AXE_START = """([tags, rules]) => {
  window.__axeResult = typeof axe === 'undefined' ? Promise.resolve(null)
    : new Promise(resolve => setTimeout(() => resolve(axe.run(document,
        {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']})), 0));
}"""
FAILED_RESOURCES = """() => performance.getEntriesByType('resource')
  .filter(e => e.responseStatus >= 400).map(e => `${e.responseStatus} ${e.name}`)"""
FORGET = "() => { localStorage.clear(); sessionStorage.clear(); }"
TOP = "() => { document.activeElement?.blur(); window.scrollTo(0, 0); }"


class PageRuns:
    """Runs every check on a page's loads the first time it is asked for, then remembers."""

    def __init__(
        self,
        browser: Browser,
        base_url: str,
        headers: bool = True,
        everything: bool = True,
        **context_options: Any,
    ) -> None:
        self.base_url = base_url
        self.headers = headers  # whether the server sends the production headers (CSP)
        self.everything = everything
        self.tabs: dict[str, Page] = {}
        self.logs: dict[str, RequestLog] = {}
        for name, variants in TABS.items():
            width, height, scheme = VARIANTS[variants[0]]
            axe = any("axe" in self.wanted(v) for v in variants)
            context = new_context(
                browser, width=width, height=height, scheme=scheme, axe=axe, **context_options
            )
            context.add_init_script(script=CSP_LISTENER)
            self.logs[name] = RequestLog(context)
            self.tabs[name] = context.new_page()
        self.results: dict[str, dict[tuple[str, str], list[str]]] = {}

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.context.close()

    def problems(self, url: str, check: str, variant: str) -> list[str]:
        """The problems `check` found on `url` in `variant`. With everything=True (the site's
        pages), the first question about a page runs every check on it; otherwise (the defect
        fixtures, each asked about one or two checks) only the one asked for."""
        done = self.results.setdefault(url, {})
        if (check, variant) not in done:
            done.update(self.run(url, None if self.everything else {(check, variant)}))
        return done[(check, variant)]

    def run(
        self, url: str, only: set[tuple[str, str]] | None = None
    ) -> dict[tuple[str, str], list[str]]:
        """Every (check, variant) on `url`, or those in `only` (the tabs and variants with
        none of them are skipped)."""
        found: dict[tuple[str, str], list[str]] = {}
        plan = {
            name: {v: self.wanted(v, only) for v in variants if self.wanted(v, only)}
            for name, variants in TABS.items()
        }
        plan = {name: variants for name, variants in plan.items() if variants}
        address = self.base_url + url
        marks = {name: len(self.logs[name].urls) for name in plan}
        responses = {name: self.tabs[name].goto(address, wait_until="commit") for name in plan}
        # Each tab's work pauses while its axe-core runs, and the other tab's goes on meanwhile.
        jobs = [self.work(name, plan[name], responses[name], marks[name], found) for name in plan]
        while jobs:
            for job in list(jobs):
                if next(job, "done") == "done":
                    jobs.remove(job)
        return found

    def work(
        self,
        name: str,
        variants: dict[str, list[str]],
        response: Any,
        mark: int,
        found: dict[tuple[str, str], list[str]],
    ) -> Iterator[None]:
        """One tab's variants (with the checks to run in each) on one load; yields while
        axe-core runs in the tab."""
        tab, log = self.tabs[name], self.logs[name]
        tab.wait_for_load_state("load")
        for variant, wanted in variants.items():
            self.show(tab, variant)
            for check, run in ON_THE_LOAD:
                if check in wanted:
                    found[(check, variant)] = run(tab)
            if "axe" in wanted:
                tab.evaluate(AXE_START, [checks.AXE_TAGS, checks.AXE_DISABLED_RULES])
                yield
                result: dict[str, Any] | None = tab.evaluate("() => window.__axeResult")
                found[("axe", variant)] = checks.axe_report(result, tab.url)
            if "privacy" in wanted:
                log.wait_until_quiet(tab)
                requests = log.urls[mark:]
                found[("privacy", variant)] = checks.privacy_problems(tab, requests, self.base_url)
            if "csp" in wanted:
                found[("csp", variant)] = self.csp_problems(tab, response)
        tab.context.clear_cookies()
        tab.evaluate(FORGET)
        self.show(tab, TABS[name][0])  # the next page loads as the first variant

    @staticmethod
    def show(tab: Page, variant: str) -> None:
        """The page at the top, unfocused, in the window size and scheme of `variant`."""
        width, height, scheme = VARIANTS[variant]
        if tab.viewport_size != {"width": width, "height": height}:
            tab.set_viewport_size({"width": width, "height": height})
        tab.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        tab.evaluate(TOP)

    @staticmethod
    def wanted(variant: str, only: set[tuple[str, str]] | None = None) -> list[str]:
        return [
            check
            for check, variants in CHECK_VARIANTS.items()
            if variant in variants and (only is None or (check, variant) in only)
        ]

    def csp_problems(self, tab: Page, response: Any) -> list[str]:
        problems = []
        if self.headers:
            sent = (response.headers if response else {}).get("content-security-policy", "")
            if "default-src 'self'" not in sent:
                problems.append(f"the page was not sent the Content-Security-Policy ({sent!r})")
        problems += [f"CSP violation: {v}" for v in tab.evaluate("() => window.__cspViolations")]
        problems += [f"refused: {r}" for r in tab.evaluate(FAILED_RESOURCES)]
        return problems
