"""axe-core in Chromium on every page: at 320 px and 1280 px, and in the dark colour scheme
(contrast failures hide there). No rule is disabled (checks.AXE_DISABLED_RULES)."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from support.browsing import new_context
from support.checks import axe_violations

pytestmark = pytest.mark.browser

VARIANTS = {"320-light": (320, "light"), "1280-light": (1280, "light"), "1280-dark": (1280, "dark")}


@pytest.fixture(scope="session")
def variant_tabs(browser: Browser) -> Iterator[dict[str, Page]]:
    """One context per variant, axe-core injected once into each."""
    contexts = {name: new_context(browser, width=w, scheme=s) for name, (w, s) in VARIANTS.items()}
    yield {name: context.new_page() for name, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_page_has_no_axe_violations(page, variant, variant_tabs, base_url):
    tab = variant_tabs[variant]
    tab.goto(base_url + page.url)
    problems = axe_violations(tab)
    assert problems == [], f"{page.path} at {variant}:\n" + "\n".join(problems)
