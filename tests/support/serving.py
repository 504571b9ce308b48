"""Serve a built site on a loopback address, as a static host would: optionally under a
sub-path only (a GitHub Pages project site), and with extra response headers."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar


class StaticHandler(SimpleHTTPRequestHandler):
    prefix: ClassVar[str] = "/"
    extra_headers: ClassVar[dict[str, str]] = {}

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def serve(
    root: Path, prefix: str = "/", headers: dict[str, str] | None = None
) -> tuple[ThreadingHTTPServer, str]:
    """Serve `root` under `prefix` on 127.0.0.1 at a free port: (server, base URL of the host)."""
    handler = type("Handler", (StaticHandler,), {"prefix": prefix, "extra_headers": headers or {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"
