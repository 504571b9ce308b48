"""The live check (scripts/live_check.py, make live-check) through Debian's nginx and Apache
serving the publish build with the project's recipes: each of its checks is a test here, for
each server, at the root and under a sub-path. And proof that each check can fail."""

from __future__ import annotations

import ssl
import subprocess
import sys

import live_check
import pytest
from support.serving import serve
from support.sitebuild import ROOT, TMP, built_site
from support.webservers import Served, certificate

_results: dict[tuple[str, str], dict[str, live_check.Result]] = {}


def client_for(served: Served) -> live_check.Client:
    return live_check.Client(
        served.address,
        connect=f"127.0.0.1:{served.https_port}",
        connect_http=f"127.0.0.1:{served.http_port}",
        cafile=str(served.cafile),
    )


def results(served: Served) -> dict[str, live_check.Result]:
    """One run of the live check per server and site; each check reports as its own test."""
    key = (served.server, served.address)
    if key not in _results:
        _results[key] = live_check.check_site(client_for(served))
    return _results[key]


@pytest.mark.parametrize("check", list(live_check.CHECKS))
def test_the_live_check_passes_through_the_server(served, check):
    result = results(served)[check]
    assert result.looked_at > 0, f"{check} looked at nothing"
    assert result.problems == [], f"{served.server} {served.address}: {check}"


def test_every_page_of_the_sitemap_and_every_html_file_was_asked_for(served):
    pages = results(served)["pages"].looked_at
    built = len(served.site.pages) - 1  # 404.html is not in the sitemap
    assert pages == built


def test_apache_serves_the_brotli_copies_and_nginx_as_shipped_the_gzip_ones(served):
    client = client_for(served)
    response = client.get(served.address + "/faq/", "br")
    expected = "br" if served.server.startswith("Apache") else ""
    assert response.header("Content-Encoding") == expected


# The checks themselves run through both servers at both addresses above; the make target is
# the same code behind a command line, so it is run once, at the harder address.
@pytest.mark.parametrize("web_server", ["nginx"], indirect=True)
@pytest.mark.parametrize("served", ["sub-path"], indirect=True)
def test_make_live_check_passes_against_the_server(served):
    """The make target whoever deploys runs, pointed at the local server."""
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "live-check",
            f"URL={served.address}",
            f"CONNECT=127.0.0.1:{served.https_port}",
            f"CONNECT_HTTP=127.0.0.1:{served.http_port}",
            f"CAFILE={served.cafile}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\nok ") + result.stdout.startswith("ok ") == len(live_check.CHECKS)


def test_each_check_fails_on_a_host_that_breaks_its_promise():
    """A plain static server (Python's, behind TLS): no security headers, no compression, no
    cache rules, no HTTP port, folder listings. The live check must say so, check by check."""
    address = "https://campaigns.example.org"
    site = built_site("publishconf.py", address)
    folder = TMP / "live-check-tls"  # removed with the run's other folders
    folder.mkdir(exist_ok=True)
    cert, key = certificate(folder, ["campaigns.example.org"])
    server, _ = serve(site.root, "/")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    try:
        client = live_check.Client(
            address,
            connect=f"127.0.0.1:{server.server_port}",
            connect_http="127.0.0.1:9",  # nothing listens on the discard port
            cafile=str(cert),
        )
        found = live_check.check_site(client)
    finally:
        server.shutdown()
    failed = {name for name, result in found.items() if result.problems}
    assert failed == {"headers", "compression", "cache", "https", "no-listing", "not-found"}
    assert "Content-Security-Policy is missing" in found["headers"].problems[0]


def test_the_live_check_refuses_an_address_that_is_not_a_web_address():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "live_check.py"), "campaigns.example.org"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "give the site's address" in result.stderr
