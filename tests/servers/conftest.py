"""The server layer: the publish build served by Debian's nginx and Apache httpd with the
project's own recipes (tests/support/webservers.py), at the root of a domain and under a
sub-path, each over TLS with a test certificate and on a plain-HTTP port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.sitebuild import built_site
from support.webservers import SERVERS, Served, WebServer

# The same two addresses as the publish tests, so the builds are shared.
ADDRESSES = {"root": "https://campaigns.example.org", "sub-path": "https://example.org/campaigns"}


@pytest.fixture(scope="session", params=list(SERVERS))
def web_server(request) -> Iterator[WebServer]:
    sites = [(built_site("publishconf.py", address), address) for address in ADDRESSES.values()]
    try:
        server = SERVERS[request.param](sites)
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session", params=list(ADDRESSES))
def served(request, web_server) -> Served:
    return web_server.sites[ADDRESSES[request.param]]
