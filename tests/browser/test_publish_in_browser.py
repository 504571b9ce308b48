"""The production build, served under a sub-path as a GitHub Pages project site is: every
page passes axe-core, and its stylesheet and scripts load from the sub-path."""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from devserver import production_headers
from support.browsing import new_context
from support.checks import axe_violations
from support.sitebuild import built_site

pytestmark = pytest.mark.browser
SUB_PATH_URL = "https://example.org/campaigns"


@pytest.fixture(scope="module")
def sub_path_site():
    return built_site("publishconf.py", SUB_PATH_URL)


@pytest.fixture(scope="module")
def tab(browser, sub_path_site) -> Iterator:
    """The pages name https://example.org/campaigns/...: answer those from the build's files,
    as a static host would (only under the sub-path, folders as their index.html, the 404
    page otherwise), with the production headers."""
    site = sub_path_site
    headers = production_headers(site.root)
    root = site.root.resolve()
    context = new_context(browser, axe=True)

    def answer(route) -> None:
        path = urlsplit(route.request.url).path
        file = (root / path.removeprefix(site.prefix)).resolve()
        if file.is_dir():
            file = file / "index.html"
        if path.startswith(site.prefix) and file.is_relative_to(root) and file.is_file():
            route.fulfill(status=200, path=str(file), headers=headers)
        else:
            route.fulfill(status=404, path=str(root / "404.html"), headers=headers)

    context.route("https://example.org/**", answer)
    yield context.new_page()
    context.close()


def test_every_published_page_under_a_sub_path_has_no_axe_violations_and_its_css(
    sub_path_site, tab
):
    site = sub_path_site
    problems = []
    for page in site.pages:
        tab.goto(page.address)
        problems += [f"{page.path}: {p}" for p in axe_violations(tab)]
        styled = tab.evaluate("() => getComputedStyle(document.body).fontFamily")
        if "system-ui" not in styled:
            problems.append(f"{page.path}: the stylesheet did not load ({styled})")
    assert problems == [], "\n".join(problems)
