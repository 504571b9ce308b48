"""The editor's page, /admin/, on the hosts that send the site's headers, set up as the recipes
say for a site with the editor on: Apache httpd with the .htaccess files a publish build
writes (admin/.htaccess among them), nginx with deploy/nginx.conf's location for /admin/
uncommented and its snippet. /admin/ gets its own policy in place of the site's (one policy,
not two: a browser enforces every policy it is sent, and the site's would stop the editor);
every public file keeps the site's headers, exactly. (Netlify's _headers rule:
tests/browser/test_browser_editor.py.)"""

from __future__ import annotations

from collections.abc import Iterator

import live_check
import pytest
from browser_editor.browser_editor import DEFAULTS, admin_headers
from support.sitebuild import ROOT_URL, build_once
from support.sitecheck import Site
from support.webservers import SERVERS, Served

from pelicanconf import SECURITY_HEADERS


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory) -> Site:
    """A publish build at the root of a domain with the editor on."""
    output = tmp_path_factory.mktemp("editor-on") / "output"
    editor = {"EDITOR_REPO": "example/stop-it-now", "EDITOR_AUTH_URL": "https://auth.example.org"}
    build_once("publishconf.py", ROOT_URL, output, **editor)
    return Site(output, ROOT_URL + "/")


@pytest.fixture(scope="module", params=list(SERVERS))
def served(request, editor_site) -> Iterator[Served]:
    try:
        server = SERVERS[request.param]([(editor_site, ROOT_URL)], editor=True)
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    yield server.sites[ROOT_URL]
    server.stop()


def get(served: Served, path: str) -> live_check.Response:
    client = live_check.Client(
        served.address, connect=f"127.0.0.1:{served.https_port}", cafile=str(served.cafile)
    )
    return client.get(served.address + path)


def test_the_editor_gets_its_own_policy_in_place_of_the_sites(served):
    answer = get(served, "/admin/")
    assert answer.status == 200
    assert answer.headers.get_all("Content-Security-Policy") == [
        admin_headers(DEFAULTS)["Content-Security-Policy"]
    ]
    assert answer.header("Cross-Origin-Opener-Policy") == "same-origin-allow-popups"
    assert answer.header("X-Robots-Tag") == "noindex, nofollow"
    # The site's other headers still hold there.
    for name in ("Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options"):
        assert answer.header(name) == SECURITY_HEADERS[name]


@pytest.mark.parametrize("path", ["/", "/campaigns/scotland/", "/theme/images/share.png"])
def test_every_public_file_keeps_the_sites_headers(served, path):
    answer = get(served, path)
    assert answer.status == 200
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers.get_all(name) == [value], name
    assert answer.header("X-Robots-Tag") == ""
