"""The production build, served under a sub-path as a GitHub Pages project site is: every
page passes axe-core, and its stylesheet and scripts load from the sub-path."""

import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from support.browsing import new_context
from support.checks import axe_violations
from support.serving import serve
from support.sitebuild import built_site

pytestmark = pytest.mark.browser
SUB_PATH_URL = "https://example.org/campaigns"


@pytest.fixture(scope="module")
def sub_path_site() -> Iterator[tuple]:
    site = built_site("publishconf.py", SUB_PATH_URL)
    server, local = serve(site.root, site.prefix)
    yield site, local
    server.shutdown()


@pytest.fixture(scope="module")
def tab(browser, sub_path_site) -> Iterator:
    _, local = sub_path_site
    context = new_context(browser)

    # The pages name https://example.org/campaigns/...; answer those from the local server.
    def answer(route) -> None:
        url = route.request.url.replace("https://example.org", local)
        try:
            with urllib.request.urlopen(url) as response:
                route.fulfill(
                    status=response.status, headers=dict(response.headers), body=response.read()
                )
        except urllib.error.HTTPError as error:
            route.fulfill(status=error.code, body=error.read())

    context.route("https://example.org/**", answer)
    yield context.new_page()
    context.close()


def test_every_published_page_under_a_sub_path_has_no_axe_violations_and_its_css(
    sub_path_site, tab
):
    site, _ = sub_path_site
    problems = []
    for page in site.pages:
        tab.goto(page.address)
        problems += [f"{page.path}: {p}" for p in axe_violations(tab)]
        styled = tab.evaluate("() => getComputedStyle(document.body).fontFamily")
        if "system-ui" not in styled:
            problems.append(f"{page.path}: the stylesheet did not load ({styled})")
    assert problems == [], "\n".join(problems)
