"""Helpers for the browser layer: serving a folder on a loopback address, finding
Chromium, and opening a context with axe-core preloaded."""

from __future__ import annotations

import os
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from playwright.sync_api import Browser, BrowserContext

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The machine has no network: these stop Chromium trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def serve(root: Path, headers: dict[str, str] | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Serve `root` on 127.0.0.1 at a free port; returns the server and its base URL."""
    handler = type("Handler", (QuietHandler,), {"extra_headers": headers or {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def chromium_path() -> str | None:
    if os.environ.get("APP_CHROMIUM"):
        return os.environ["APP_CHROMIUM"]
    return shutil.which("chromium") or None


def new_context(
    browser: Browser, width: int = 1280, scheme: str = "light", **kwargs
) -> BrowserContext:
    """A fresh context (no cookies or storage from other tests) with axe-core preloaded."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, **kwargs
    )
    context.add_init_script(path=str(AXE))
    return context
