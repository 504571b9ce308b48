"""Helpers for the browser layer: serving a folder on a loopback address, finding
Chromium, and opening a context with axe-core preloaded."""

from __future__ import annotations

import os
import shutil
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext
from serving import serve as serve_static

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


def serve(root: Path, headers: dict[str, str] | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Serve `root` on 127.0.0.1 at a free port; returns the server and its base URL."""
    return serve_static(root, "/", headers)


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
