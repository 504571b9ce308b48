"""The servers editors run on their own machine (make devserver's preview and make serve):
they answer only this machine's names, list no folders, and send the site's own 404 page."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
import time

import devserver
import pytest
from build import ROOT, write_settings
from support.sitebuild import built_site


@pytest.fixture(scope="module", params=[True, False], ids=["preview", "make-serve"])
def server(request, site):
    running = devserver.serve(site.root, devserver.State(), "127.0.0.1", 0, preview=request.param)
    yield running.server_port
    running.shutdown()
    running.server_close()


def get(port: int, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_the_server_answers_to_this_machines_names_with_its_port(server, name):
    status, body = get(server, "/", f"{name}:{server}")
    assert status == 200 and "<h1" in body


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example:{port}",
        "attacker.example",
        "127.0.0.1:1",
        "127.0.0.1.attacker.example:{port}",
        "",
    ],
)
def test_any_other_host_header_is_refused_so_a_rebinding_page_cannot_read_the_site(server, host):
    status, body = get(server, "/", host.format(port=server) or " ")
    assert status == 403
    assert "answers only at http://127.0.0.1 or http://localhost" in body


@pytest.mark.parametrize(
    "path", ["/theme/", "/theme/css/", "/campaigns/no-such-page/", "/nothing.txt"]
)
def test_a_folder_or_a_missing_page_gets_the_sites_own_404_page_and_no_listing(server, site, path):
    status, body = get(server, path)
    assert status == 404
    assert "Directory listing" not in body and "Index of" not in body
    assert "Page not found" in body


def test_a_host_given_with_host_is_also_answered():
    assert devserver.host_allowed(
        "192.168.1.20:8000", ("localhost", "127.0.0.1", "192.168.1.20"), 8000
    )
    assert not devserver.host_allowed(
        "192.168.1.21:8000", ("localhost", "127.0.0.1", "192.168.1.20"), 8000
    )


def test_make_serve_starts_the_static_server_on_the_built_site(site):
    port = devserver.free_port()
    command = [sys.executable, str(ROOT / "scripts" / "devserver.py"), "--output", str(site.root),
               "--port", str(port), "--serve-only"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().startswith("Serving")
        deadline = time.monotonic() + 10
        while True:
            try:
                status, _ = get(port, "/faq/")
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert status == 200
        assert get(port, "/faq/", f"attacker.example:{port}")[0] == 403
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_make_publish_preview_serves_under_the_sub_path_with_the_production_headers():
    site = built_site("publishconf.py", "https://example.org/campaigns")
    headers = devserver.production_headers(site.root)
    assert "Content-Security-Policy" in headers and len(headers) >= 8
    running = devserver.serve(
        site.root, devserver.State(), "127.0.0.1", 0, False, "/campaigns", headers
    )
    try:
        connection = http.client.HTTPConnection("127.0.0.1", running.server_port, timeout=10)
        connection.request("GET", "/campaigns/faq/")
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Security-Policy") == headers["Content-Security-Policy"]
        assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
        response.read()
        assert get(running.server_port, "/faq/")[0] == 404  # only under the sub-path
    finally:
        running.shutdown()
        running.server_close()


def test_the_preview_writes_the_address_it_is_served_at_into_posters(tmp_path):
    """QR codes and canonical links in a development build lead to the port actually served."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    settings = write_settings(tmp_path / "conf.py", content)
    port = devserver.free_port()
    process = subprocess.Popen(
        devserver.command(settings, tmp_path / "output", port, "--no-search"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        for line in process.stdout:
            if line.startswith("Preview on"):
                break
        status, body = get(port, "/campaigns/scotland/poster/")
        assert status == 200
        assert (
            f'<span class="app-poster__qr-url">http://127.0.0.1:{port}/campaigns/scotland/</span>'
            in body
        )
        assert (
            f'<link rel="canonical" href="http://127.0.0.1:{port}/campaigns/scotland/poster/">'
            in body
        )
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize("path", ["/", "/campaigns/scotland/", "/theme/images/share.png", "/nope/"])
def test_head_gets_the_headers_of_get_and_no_body(server, path):
    """Read from the socket itself: http.client never reads a body after HEAD, so it would
    not see one the server wrongly sent."""
    import socket

    def ask(method: str) -> tuple[bytes, bytes]:
        with socket.create_connection(("127.0.0.1", server), timeout=10) as connection:
            connection.sendall(
                f"{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{server}\r\n\r\n".encode()
            )
            data = b""
            while chunk := connection.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status_and_length = [
            line
            for line in head.split(b"\r\n")
            if line.startswith(b"HTTP/") or line.lower().startswith(b"content-length")
        ]
        return b"\n".join(status_and_length), body

    get_head, get_body = ask("GET")
    head_head, head_body = ask("HEAD")
    assert head_head == get_head
    assert get_body and head_body == b""


def test_a_link_out_of_the_served_folder_is_not_followed(tmp_path):
    served = tmp_path / "site"
    served.mkdir()
    (served / "index.html").write_text("<!DOCTYPE html><title>Home</title><h1>Home</h1>")
    (tmp_path / "secret.txt").write_text("not part of the site")
    (served / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (served / "inside.txt").symlink_to(served / "index.html")
    for preview in (True, False):
        running = devserver.serve(served, devserver.State(), "127.0.0.1", 0, preview=preview)
        try:
            status, body = get(running.server_port, "/secret.txt")
            assert status == 404 and "not part of the site" not in body
            assert get(running.server_port, "/inside.txt")[0] == 200
        finally:
            running.shutdown()
            running.server_close()


@pytest.mark.parametrize(
    ("options", "target"),
    [
        (["--serve-only"], "make serve"),
        (["--serve-only", "--production-headers"], "make publish-preview"),
        (["--no-search"], "make devserver"),
    ],
    ids=["make-serve", "make-publish-preview", "make-devserver"],
)
def test_a_busy_port_says_which_port_and_how_to_choose_another_without_a_traceback(
    tmp_path, options, target
):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            devserver.command(ROOT / "pelicanconf.py", tmp_path / "output", port, *options),
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in said and "Errno" not in said
    assert f"Port {port} is already in use: is another preview running" in done.stderr
    suggested = int(done.stderr.rsplit(f"choose another port: {target} PORT=", 1)[1])
    assert suggested > port


@pytest.mark.parametrize("host", ["192.0.2.1", "no-such-host.invalid"])
def test_a_host_that_is_not_this_machine_is_named_without_a_traceback(tmp_path, host):
    done = subprocess.run(
        devserver.command(ROOT / "pelicanconf.py", tmp_path / "output", 8000, "--serve-only",
                          "--host", host),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.startswith(f"HOST={host} is not an address of this machine")
