"""Serve a built site on a loopback address, as a static host would: optionally under a
sub-path only (a GitHub Pages project site), and with extra response headers."""

from __future__ import annotations

import ssl
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from devserver import SubPathHandler


class StaticHandler(SubPathHandler):
    """The preview's own sub-path handler (scripts/devserver.py), without its checks."""


def serve(
    root: Path,
    prefix: str = "/",
    headers: dict[str, str] | None = None,
    tls: tuple[Path, Path] | None = None,
) -> tuple[ThreadingHTTPServer, str]:
    """Serve `root` under `prefix` on 127.0.0.1 at a free port: (server, base URL of the host).
    With tls (a certificate and its key), over HTTPS."""
    handler = type("Handler", (StaticHandler,), {"prefix": prefix, "extra_headers": headers or {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"{scheme}://127.0.0.1:{server.server_port}"
