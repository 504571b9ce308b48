"""The publish build's address check (plugins/site_address)."""

import pytest
from site_address.site_address import SiteAddressError, check_site_address


@pytest.mark.parametrize(
    "address",
    [
        "https://campaigns.example.org",
        "https://example.org/campaigns",
        "https://owner.github.io/stop-it-now_site",
        "https://example.org:8443/a/b.c~d",
    ],
)
def test_a_plain_https_address_is_accepted(address):
    assert check_site_address(address) == address


def test_no_address_says_what_to_set():
    with pytest.raises(SiteAddressError, match=r"SITEURL is not set.*SITEURL=https://"):
        check_site_address("")


def test_http_is_refused_unless_a_local_preview_asks_for_it():
    with pytest.raises(SiteAddressError, match="starts with http://"):
        check_site_address("http://example.org")
    assert check_site_address("http://127.0.0.1:8123/campaigns", allow_http=True)


@pytest.mark.parametrize(
    "address",
    [
        'https://example.org/a"b',
        "https://example.org/a'b",
        "https://example.org/a b",
        "https://example.org/<script>",
        "https://example.org/?q=1",
        "https://example.org/#top",
        "https://Example.org",
        "javascript:alert(1)",
        "//example.org",
        "https://example.org/a//b",
        "https://user@example.org",
    ],
)
def test_an_address_that_needs_escaping_is_refused(address):
    with pytest.raises(SiteAddressError, match="is not a plain web address"):
        check_site_address(address)
