"""Nothing moves under the reader while a page loads. Every page is loaded at 360 px (the
commonest phone width) with its scripts and pictures held back until after its first paint, as
they arrive on a slow phone, and its layout shifts summed from an observer registered before
any script runs (checks.layout_shift_problems: at most 0.01), by the per-page runner
(support/pagerun.py, the layout-shift check of test_every_page). Here, a page of each template
at 412 px (a large phone) and 1280 px, loaded the same way (about 0.2 s of CPU a load), and
the search page with a query: its results, "Did you mean" and what it says when nothing is
found must not push the page. The check is shown failing on
fixtures whose script folds links away after the first paint, as the header's Menu script did,
and whose picture has no size given (test_browser_checks_catch_defects)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.browsing import HeldUntilPainted, new_context
from support.checks import LAYOUT_SHIFT_OBSERVER, layout_shift_problems
from support.pagetypes import PAGE_TYPES

pytestmark = pytest.mark.browser

HEIGHT = 800
# A query that finds pages, one with a typo (which adds "Did you mean" above the results) and
# one that finds nothing (which shows the help block and other ways on), one width each: the
# results' area is kept the same way at every width, and each load starts Pagefind (about
# 0.6 s of CPU). Each at a width where it moved the page before its area was kept (0.38,
# 0.12 and 0.36).
SEARCHES = [
    ("results", "/search/?q=helpline", 412),
    ("did-you-mean", "/search/?q=helpine", 1280),
    ("nothing-found", "/search/?q=xyzzyqwerty", 360),
]
# The search has said what it found (a status that is not "Searching…").
SEARCHED = """() => {
  const status = document.querySelector('[data-search-status]')?.textContent || '';
  return status && !status.startsWith('Searching');
}"""


class Loader:
    """A tab at one width whose page loads are held until painted and watched for shifts."""

    def __init__(self, browser, width: int) -> None:
        self.context = new_context(browser, width=width, height=HEIGHT)
        self.context.add_init_script(script=LAYOUT_SHIFT_OBSERVER)
        self.hold = HeldUntilPainted(self.context)
        self.tab = self.context.new_page()

    def problems(self, url: str) -> list[str]:
        self.hold.load(self.tab, url)
        if "/search/?q=" in url:
            self.tab.wait_for_function(SEARCHED)
        return layout_shift_problems(self.tab)


@pytest.fixture(scope="module")
def loaders(browser) -> Iterator[dict[int, Loader]]:
    made: dict[int, Loader] = {}

    class Widths(dict):
        def __missing__(self, width: int) -> Loader:
            made[width] = Loader(browser, width)
            return made[width]

    yield Widths()
    for loader in made.values():
        loader.context.close()


@pytest.mark.parametrize("width", [412, 1280])
@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_no_template_moves_as_it_loads_on_a_large_phone_or_a_wide_screen(
    path, width, base_url, loaders
):
    problems = loaders[width].problems(base_url + path)
    assert problems == [], f"{path} at {width} px: {problems}"


@pytest.mark.parametrize(
    ("path", "width"), [s[1:] for s in SEARCHES], ids=[f"{s[0]}-{s[2]}" for s in SEARCHES]
)
def test_search_results_do_not_push_the_page(path, width, base_url, loaders):
    problems = loaders[width].problems(base_url + path)
    assert problems == [], f"{path} at {width} px: {problems}"
