"""Privacy is safety: on every page, nothing requested from another origin, and nothing
stored (cookies, localStorage, sessionStorage, service workers, IndexedDB, Cache Storage)."""

import pytest
from support.browsing import RequestLog, new_context
from support.checks import privacy_problems

pytestmark = pytest.mark.browser


def test_every_page_requests_nothing_from_other_hosts_and_stores_nothing(page, browser, base_url):
    context = new_context(browser, axe=False)  # its own: nothing stored by another page
    log = RequestLog(context)
    try:
        tab = context.new_page()
        log.open(tab, base_url + page.url)
        assert base_url + page.url in log.urls, "the request log recorded nothing"
        problems = privacy_problems(tab, log.urls, base_url)
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
