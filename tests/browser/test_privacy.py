"""Privacy is safety: nothing from other hosts, nothing stored, on every page."""

import pytest
from browsing import new_context
from checks import privacy_problems

pytestmark = pytest.mark.browser


def test_every_page_requests_nothing_from_other_hosts_and_stores_nothing(page, browser, base_url):
    context = new_context(browser)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    try:
        tab.goto(base_url + page.url, wait_until="networkidle")
        assert privacy_problems(tab, requests, base_url) == []
    finally:
        context.close()
