"""The built site served as a static host serves it (its 404 page, no folder listings, under
the site's sub-path), answering only on this machine's names; for the preview, each page
with the reload script and a failed build's banner."""

from __future__ import annotations

import errno
import json
import socket
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from .reload_and_error import ERROR_CSS, RELOAD_SCRIPT, with_preview


@dataclass
class State:
    """What the server tells the browser: the build number and the last build's error."""

    version: int = 0
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, error: str) -> None:
        with self.lock:
            self.version += 1
            self.error = error


LOCAL_NAMES = ("localhost", "127.0.0.1")


def host_allowed(header: str | None, names: tuple[str, ...], port: int) -> bool:
    """Whether a request's Host header names this server: one of `names`, with its port. A
    page on another site that points a name of its own at 127.0.0.1 (DNS rebinding) sends
    its own name, and is refused, so it cannot read drafts or errors."""
    if not header:
        return False
    name, _, given = header.strip().lower().rpartition(":")
    if not name or not given.isdigit():
        name, given = header.strip().lower(), "80"
    return name.strip("[]") in names and int(given) == port


class SubPathHandler(SimpleHTTPRequestHandler):
    """Files served as a static host serves them: only under the site's sub-path, with the
    headers the host adds to every response, quietly. The tests' static server is this too."""

    prefix: ClassVar[str] = "/"
    extra_headers: ClassVar[dict[str, str]] = {}  # replaced per server, never mutated

    def translate_path(self, path: str) -> str:
        missing = str(Path(self.directory) / "no-such-file")
        if not path.startswith(self.prefix):
            return missing
        translated = super().translate_path("/" + path[len(self.prefix) :])
        # A symbolic link that leads out of the served folder is not followed: the file it
        # points to is not part of the site.
        root = Path(self.directory).resolve()
        if not Path(translated).resolve().is_relative_to(root):
            return missing
        return translated

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


class PreviewHandler(SubPathHandler):
    state: State
    names: tuple[str, ...] = LOCAL_NAMES
    # False for make serve: the built site as it is, with no reload script or banner.
    preview: bool = True

    head_only = False  # a HEAD request: the same status and headers as GET, and no body

    def do_HEAD(self) -> None:
        self.head_only = True
        self.do_GET()

    def do_GET(self) -> None:
        if not host_allowed(self.headers.get("Host"), self.names, self.server.server_port):
            return self.send_bytes(
                b"This preview answers only at http://127.0.0.1 or http://localhost with its port.",
                "text/plain; charset=utf-8",
                status=403,
            )
        if self.preview and self.path.startswith("/__preview/"):
            return self.send_preview_file()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return self.send_file()  # the standard redirect to dir/
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self.send_page(path)
        if not path.is_file():  # no folder listings: the site's own 404 page, as a host sends
            not_found = Path(self.directory) / "404.html"
            return self.send_page(not_found if not_found.is_file() else None, status=404)
        return self.send_file()

    def send_file(self) -> None:
        """A file as the standard handler sends it (or its redirect): its body only for GET."""
        return super().do_HEAD() if self.head_only else super().do_GET()

    def list_directory(self, path: str) -> None:
        self.send_page(None, status=404)

    def send_preview_file(self) -> None:
        name = self.path.split("?")[0].removeprefix("/__preview/")
        if name == "state":
            with self.state.lock:
                body = json.dumps({"version": self.state.version, "error": self.state.error})
            return self.send_bytes(body.encode(), "application/json")
        if name == "reload.js":
            return self.send_bytes(RELOAD_SCRIPT, "text/javascript")
        if name == "preview.css":
            return self.send_bytes(ERROR_CSS, "text/css")
        self.send_error(404)

    def send_page(self, path: Path | None, status: int = 200) -> None:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else "<!DOCTYPE html><title>Not found</title><body><p>Not found.</p></body>"
        )
        if not self.preview:
            return self.send_bytes(text.encode("utf-8"), "text/html; charset=utf-8", status)
        text = with_preview(text, self.state.error)
        self.send_bytes(text.encode("utf-8"), "text/html; charset=utf-8", status)

    def send_bytes(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)


def free_port() -> int:
    """A local port nothing listens on, for a preview started by the tests or the benchmark."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CannotListen(Exception):
    """The server could not open its port: another preview holds it, it needs administrator
    rights, or HOST is not this machine. Told as what to do, never as a traceback."""

    def __init__(self, host: str, port: int, error: OSError) -> None:
        super().__init__(f"{host}:{port}: {error}")
        self.host, self.port, self.error = host, port, error

    def advice(self, target: str) -> str:
        """What to do, for the make target that started the server (`make serve`)."""
        other = next_free_port(self.host if self.error.errno == errno.EADDRINUSE else "127.0.0.1",
                               max(self.port + 1, 1024))  # fmt: skip
        choose = f"{target} PORT={other}"
        if self.error.errno == errno.EADDRINUSE:
            return (
                f"Port {self.port} is already in use: is another preview running (make "
                f"serve or make devserver)? Stop it (Ctrl+C in its window), or choose another "
                f"port: {choose}"
            )
        if self.error.errno == errno.EACCES:
            return (
                f"Port {self.port} needs administrator rights on this machine. Choose a port "
                f"from 1024 up: {choose}"
            )
        if isinstance(self.error, socket.gaierror) or self.error.errno == errno.EADDRNOTAVAIL:
            return (
                f"HOST={self.host} is not an address of this machine, so nothing can be served "
                f"on it. Leave HOST out to serve on 127.0.0.1 ({target}), or give one of this "
                f"machine's own addresses."
            )
        return (
            f"Cannot serve on {self.host} port {self.port}: {self.error.strerror or self.error}. "
            f"Choose another port: {choose}"
        )


def next_free_port(host: str, start: int) -> int:
    """The first port from `start` that nothing listens on, to suggest instead."""
    for port in range(start, min(start + 100, 65536)):
        with socket.socket() as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    return free_port()


def serve(
    output: Path,
    state: State,
    host: str,
    port: int,
    preview: bool = True,
    prefix: str = "/",
    headers: dict[str, str] | None = None,
) -> ThreadingHTTPServer:
    output.mkdir(parents=True, exist_ok=True)
    names = tuple(dict.fromkeys((*LOCAL_NAMES, host.lower())))
    attributes = {
        "state": state,
        "names": names,
        "preview": preview,
        "prefix": "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/",
        "extra_headers": headers or {},
    }
    handler = type("Handler", (PreviewHandler,), attributes)
    try:
        server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    except OSError as error:  # socket.gaierror too: a HOST no name server knows
        raise CannotListen(host, port, error) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def production_headers(output: Path) -> dict[str, str]:
    """The headers the _headers file gives every page (its /* rule), as Netlify and
    Cloudflare Pages send them: the Content-Security-Policy among them."""
    headers_file = output / "_headers"
    if not headers_file.is_file():
        return {}
    text = headers_file.read_text(encoding="utf-8")
    block = text.split("\n/*\n", 1)[1].split("\n\n", 1)[0] if "\n/*\n" in text else ""
    return dict(line.strip().split(": ", 1) for line in block.splitlines() if ": " in line)


def serve_only(output: Path, host: str, port: int, prefix: str = "/", headers: bool = False) -> int:
    """make serve: the built site as a static host serves it (its 404 page, no listings),
    answering only on this machine's names and HOST. make publish-preview: under the site's
    sub-path, with the production headers."""
    extra = production_headers(output) if headers else {}
    server = serve(output, State(), host, port, preview=False, prefix=prefix, headers=extra)
    shown = f"http://{host}:{server.server_port}{server.RequestHandlerClass.func.prefix}"
    print(f"Serving {output} on {shown} (Ctrl+C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
