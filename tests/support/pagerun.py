"""Every per-page browser check on one load of each page.

A page is opened once, at 360 px in the light scheme, with its scripts and pictures held
back until it has painted (as on a slow phone, so a page that moves when they arrive is seen
to: the layout-shift check), in one of two tabs kept for the whole session, and goes through
its variants in place: every check that applies to a variant runs on
the loaded page, then the window is resized or switched to the other colour scheme (as a
reader's phone does when it turns or goes dark) for the next variant. The results are kept, so
each (page, check, variant) is still its own test item with its own message
(tests/browser/test_every_page.py).

The two tabs are separate renderer processes, and each takes its own page: two pages are
checked at a time, so their work overlaps on two cores (while one tab's axe-core run goes on,
the other tab's checks run), and each page is loaded once, not once per tab.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, Page

from support import checks
from support.browsing import CSP_LISTENER, HeldUntilPainted, RequestLog, new_context

# name: (width, height, colour scheme). The two phones are the smallest in common use (320 x
# 640) and the most common small one (375 x 667); the phone-first checks run on both. A page
# is loaded at the commonest phone width (360 x 800), where its load is watched for shifts.
# "forced": forced colours (Windows' contrast themes and the like), in the light scheme.
VARIANTS: dict[str, tuple[int, int, str]] = {
    "360-light": (360, 800, "light"),
    "320-light": (320, 640, "light"),
    "375-light": (375, 667, "light"),
    "1280-light": (1280, 900, "light"),
    "1280-dark": (1280, 900, "dark"),
    "320-dark": (320, 640, "dark"),
    "320-forced": (320, 640, "forced"),
    "1280-forced": (1280, 900, "forced"),
}
# The order a page goes through its variants on its one load, each step changing one thing
# (the scheme or the width): the first is how the page is loaded, and the tab goes back to it
# for the next page.
ORDER = [
    *("360-light", "320-light", "320-forced", "320-dark"),
    *("1280-dark", "1280-forced", "1280-light", "375-light"),
]
TABS = 2
ALL = ["320-light", "1280-light", "1280-dark"]
PHONES = ["320-light", "375-light"]
# Which variants each check runs in. A check is cheap once the page is loaded, so most run in
# every variant; the Tab walks (every focus stop, and Enter on the skip link) cost about 7 ms
# a Tab stop, and run once, at 1280 px.
CHECK_VARIANTS: dict[str, list[str]] = {
    # Contrast in both schemes at both widths. The dark scheme changes colours only (a test in
    # tests/unit/test_dark_scheme.py holds the stylesheets to that), so in it axe-core runs the
    # rules that read colours (checks.AXE_COLOUR_RULES): every other rule's answer is the light
    # run's at the same width.
    "axe": [*ALL, "320-dark"],
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
    # Only as the page loads; a page of each template at 412 and 1280 px in test_layout_shift.
    "layout-shift": ["360-light"],
    # WCAG 2.4.13, in pixels: each kind of focusable element measured on the first page that
    # has it, in each scheme.
    "focus-appearance": ["1280-light", "1280-dark"],
    # Every Tab stop still shows its focus, and the coloured buttons keep an edge.
    "forced-colours": ["320-forced", "1280-forced"],
}
# The checks of what every template shares (the components' focus styles, the safety bar and
# the header): run on the `templates` pages given to the runner (one page of each template),
# or on every page when none are given (the defect fixtures).
TEMPLATE_CHECKS = {"focus-appearance", "forced-colours"}

# The checks that run on the page in each variant, in order: what only reads the page first,
# then what scrolls it, then the keyboard; axe-core is started after them and keeps this tab's
# renderer busy while the other tab is worked on.
ON_THE_LOAD = [
    ("layout-shift", checks.layout_shift_problems),
    ("stylesheet", checks.stylesheet_problems),
    ("reflow", checks.reflow_problems),
    ("tables", checks.table_problems),
    ("target-size", checks.target_size_problems),
    ("skip-link", checks.skip_link_problems),
    ("first-screen", checks.first_screen_problems),
    ("nothing-covers-text", checks.covered_text_problems),
    ("focus-indicator", checks.focus_indicator_problems),
    ("forced-colours", checks.forced_colours_problems),
]

# axe.run does most of its work before it returns its promise, so it is started from a timer:
# the call returns at once and this tab's renderer runs axe-core while the other tab is worked on.
AXE_START = f"""([runOnly, rules]) => {{
  window.__axeResult = typeof axe === 'undefined' ? Promise.resolve(null)
    : new Promise(resolve => setTimeout(() => resolve(axe.run(document,
        {{runOnly, rules, resultTypes: ['violations']}})
        .then({checks.AXE_KEPT})), 0));
}}"""
AXE_ALL = {"type": "tag", "values": checks.AXE_TAGS}
AXE_COLOURS = {"type": "rule", "values": checks.AXE_COLOUR_RULES}
FAILED_RESOURCES = """() => performance.getEntriesByType('resource')
  .filter(e => e.responseStatus >= 400).map(e => `${e.responseStatus} ${e.name}`)"""
FORGET = "() => { localStorage.clear(); sessionStorage.clear(); }"
# The page at the top, unfocused; after a resize (resized=true), one frame later: the page's
# media-query listeners (the header's Menu button) run at the next rendering update, before its
# animation-frame callbacks, so then the page has caught up, as it has for a reader by the time
# a turned phone shows it.
TOP = """async (resized) => {
  if (resized) await new Promise(resolve => requestAnimationFrame(() => resolve()));
  document.activeElement?.blur();
  window.scrollTo(0, 0);
}"""


@dataclass
class Tab:
    """One of the runner's tabs: its page, the requests its context made, what it holds back
    until the page has painted, and the variant it shows now."""

    page: Page
    log: RequestLog
    hold: HeldUntilPainted
    variant: str = ORDER[0]


class PageRuns:
    """Runs every check on a page's load the first time it is asked for, then remembers."""

    def __init__(
        self,
        browser: Browser,
        base_url: str,
        headers: bool = True,
        everything: bool = True,
        upcoming: list[str] | None = None,
        templates: set[str] | None = None,
        **context_options: Any,
    ) -> None:
        self.base_url = base_url
        self.headers = headers  # whether the server sends the production headers (CSP)
        self.everything = everything
        # The pages that will be asked about, in order: the next one is checked alongside.
        self.upcoming = upcoming or []
        self.templates = templates
        self.tabs: list[Tab] = []
        width, height, scheme = VARIANTS[ORDER[0]]
        for _ in range(TABS):
            context = new_context(
                browser, width=width, height=height, scheme=scheme, axe=True, **context_options
            )
            context.add_init_script(script=CSP_LISTENER)
            context.add_init_script(script=checks.LAYOUT_SHIFT_OBSERVER)
            hold = HeldUntilPainted(context)
            self.tabs.append(Tab(page=context.new_page(), log=RequestLog(context), hold=hold))
        self.results: dict[str, dict[tuple[str, str], list[str]]] = {}
        # The kinds of focusable element measured so far, by scheme (focus-appearance).
        self.focus_kinds: dict[str, set[str]] = {}

    def close(self) -> None:
        for tab in self.tabs:
            tab.page.context.close()

    def problems(self, url: str, check: str, variant: str) -> list[str]:
        """The problems `check` found on `url` in `variant`. With everything=True (the site's
        pages), the first question about a page runs every check on it, and on the next page
        to be asked about in the other tab; otherwise (the defect fixtures, each asked about
        one or two checks) only the one asked for, on that page alone."""
        if (check, variant) not in self.results.get(url, {}):
            if self.everything:
                later = [u for u in self.upcoming if u not in self.results and u != url]
                self.run([url, *later[: TABS - 1]])
            else:
                self.run([url], {(check, variant)})
        return self.results[url][(check, variant)]

    def run(self, urls: list[str], only: set[tuple[str, str]] | None = None) -> None:
        """Every (check, variant) on each of `urls` (at most one a tab), or those in `only`;
        a variant with none of them is skipped."""
        plan = {v: wanted for v in ORDER if (wanted := self.wanted(v, only))}
        jobs = []
        for tab, url in zip(self.tabs, urls, strict=False):
            mark = len(tab.log.urls)
            tab.hold.holding = True
            response = tab.page.goto(self.base_url + url, wait_until="commit")
            found = self.results.setdefault(url, {})
            jobs.append(self.work(tab, self.for_page(plan, url), response, mark, found))
        # Each tab's work pauses while its axe-core runs, and the other tab's goes on meanwhile.
        while jobs:
            for job in list(jobs):
                if next(job, "done") == "done":
                    jobs.remove(job)

    def work(
        self,
        tab: Tab,
        variants: dict[str, list[str]],
        response: Any,
        mark: int,
        found: dict[tuple[str, str], list[str]],
    ) -> Iterator[None]:
        """One page's variants (with the checks to run in each) on its one load, in a tab;
        yields while axe-core runs in the tab."""
        page, log = tab.page, tab.log
        tab.hold.release(page)  # its scripts and pictures arrive after its first paint
        page.wait_for_load_state("load")
        for variant, wanted in variants.items():
            self.show(tab, variant)
            for check, run in ON_THE_LOAD:
                if check in wanted:
                    found[(check, variant)] = run(page)
            if "focus-appearance" in wanted:
                # The site's pages share what was measured; a fixture is measured whole.
                scheme = VARIANTS[variant][2]
                seen = self.focus_kinds.setdefault(scheme, set()) if self.everything else set()
                found[("focus-appearance", variant)] = checks.focus_appearance_problems(page, seen)
            if "axe" in wanted:
                rules = AXE_COLOURS if VARIANTS[variant][2] == "dark" else AXE_ALL
                page.evaluate(AXE_START, [rules, checks.AXE_DISABLED_RULES])
                yield
                result: dict[str, Any] | None = page.evaluate("() => window.__axeResult")
                found[("axe", variant)] = checks.axe_report(result, page.url)
            if "privacy" in wanted:
                log.wait_until_quiet(page)
                requests = log.urls[mark:]
                found[("privacy", variant)] = checks.privacy_problems(page, requests, self.base_url)
            if "csp" in wanted:
                found[("csp", variant)] = self.csp_problems(page, response)
        page.context.clear_cookies()
        page.evaluate(FORGET)
        self.show(tab, ORDER[0], leaving=True)  # the next page loads as the first variant

    def for_page(self, plan: dict[str, list[str]], url: str) -> dict[str, list[str]]:
        """The plan without the template checks on a page that is not a template's."""
        if self.templates is None or url in self.templates:
            return plan
        kept = {v: [c for c in wanted if c not in TEMPLATE_CHECKS] for v, wanted in plan.items()}
        return {v: wanted for v, wanted in kept.items() if wanted}

    @staticmethod
    def show(tab: Tab, variant: str, leaving: bool = False) -> None:
        """The page at the top, unfocused, in the window size and scheme of `variant`; only
        what differs from the tab's variant now is changed (and only that when `leaving` the
        page for the next)."""
        width, height, scheme = VARIANTS[variant]
        now = VARIANTS[tab.variant]
        if now[2] != scheme:
            tab.page.emulate_media(
                color_scheme="light" if scheme == "forced" else scheme,  # type: ignore[arg-type]
                forced_colors="active" if scheme == "forced" else "none",
            )
        resized = now[:2] != (width, height)
        if resized:
            tab.page.set_viewport_size({"width": width, "height": height})
        tab.variant = variant
        if not leaving:
            tab.page.evaluate(TOP, resized)

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
