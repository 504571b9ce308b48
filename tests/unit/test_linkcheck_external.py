"""The opt-in external link checker, run offline against a local server."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import linkcheck_external


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_working_link_is_ok_and_a_missing_one_fails(tmp_path):
    (tmp_path / "here.html").write_text("ok")
    server = ThreadingHTTPServer(("localhost", 0), partial(Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://localhost:{server.server_port}"
    try:
        assert linkcheck_external.check(f"{base}/here.html", 5) == "ok"
        assert linkcheck_external.check(f"{base}/gone.html", 5) == "HTTP 404"
    finally:
        server.shutdown()


def test_external_links_are_collected_with_the_pages_that_use_them(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="https://example.org/x#part">x</a><a href="/local/">l</a>'
    )
    assert linkcheck_external.external_links(tmp_path) == {"https://example.org/x": {"a.html"}}
