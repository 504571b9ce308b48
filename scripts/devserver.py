"""The editors' live preview: rebuild on save, serve, and reload the browser by itself.

    make devserver                       # http://127.0.0.1:8000
    python scripts/devserver.py --port 8001 --settings pelicanconf.py

Why not `pelican -lr`: it keeps every build's pages alive (Pelican memoizes rendered content
on the class, keyed by the page object), so memory grows with every save; it replaces the
served site even when a build fails; and it cannot show an error in the browser.

Here Pelican runs in this process, so its imports are paid once. Each build is the one
build of scripts/build.py (checks, Pelican, atomic swap, Pelican's memoized caches emptied
after), with Pelican's content cache warm. `make regenerate` is this loop with no server.
The pages are served as built, plus one script tag added on the way out
(/__preview/reload.js), so published pages never carry it. That script asks the server
for the build number every half second and reloads when it changes. When a build fails,
the terminal and every page show the error (file, line, fix) until the next good save.
The search index is rebuilt after the new pages are served, in the background: the last
index serves until then.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build import BuildResult, address_settings, build, index_for_search  # noqa: E402

logger = logging.getLogger("devserver")

RELOAD_SCRIPT = b"""// Preview only: reload when the site is rebuilt, or when a build fails or recovers.
let seen = null;
async function poll() {
  try {
    const state = await (await fetch("/__preview/state", { cache: "no-store" })).json();
    if (seen !== null && state.version !== seen) {
      // After a good save the page keeps its place; after a failed one it opens at the error.
      history.scrollRestoration = state.error ? "manual" : "auto";
      location.reload();
    }
    seen = state.version;
  } catch (error) {
    // The preview server has stopped; try again later.
  }
  setTimeout(poll, 500);
}
// A failed save: the error is the first thing seen and heard, wherever the page was scrolled.
const banner = document.getElementById("app-preview-error");
if (banner) {
  banner.scrollIntoView();
  banner.focus();
}
poll();
"""
ERROR_CSS = b"""#app-preview-error { position: relative; z-index: 2000; margin: 0; padding: 1rem 1.5rem;
  background: #fff4f2; color: #5a0f0a; border: 6px solid #b3261e; font: 1rem/1.5 system-ui, sans-serif; }
#app-preview-error h2 { margin: 0 0 0.5rem; font-size: 1.4rem; }
#app-preview-error pre { white-space: pre-wrap; font: 0.95rem/1.5 ui-monospace, monospace; margin: 0; }
"""


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


def build_once(
    settings_file: Path, output: Path, search: bool, address: str | None = None
) -> BuildResult:
    """One build of the preview (the one build function, scripts/build.py), its caches on;
    the search index follows in the background once the new pages are served. `address`:
    where the preview is served, so posters' QR codes and canonical links lead there."""
    result = build(
        settings_file,
        output,
        overrides={
            "CACHE_CONTENT": True,
            # Trusted only while what made it is unchanged (plugins/incremental).
            "LOAD_CONTENT_CACHE": True,
            "CONTENT_CACHING_LAYER": "reader",
            **address_settings(address),
        },
        search="later" if search else "none",
        index_lock=SEARCH_LOCK,  # an index still being written is finished first
    )
    if result.ok and search:
        threading.Thread(target=index_in_background, args=(output,), daemon=True).start()
    return result


# Pagefind re-reads every page (about 2 s at 1,000 pages), so it runs after the new pages are
# served, not before: the edited page shows at once, and search catches up a moment later.
SEARCH_LOCK = threading.Lock()


def index_in_background(output: Path) -> None:
    started = time.perf_counter()
    with SEARCH_LOCK:
        code = index_for_search(output)
    if code == 0:
        print(f"Search index updated in {time.perf_counter() - started:.2f} s", flush=True)
    else:
        print("Pagefind could not index the site; search shows the last index", flush=True)


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
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(self.prefix) :])

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

    def do_HEAD(self) -> None:
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
                return super().do_GET()  # the standard redirect to dir/
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self.send_page(path)
        if not path.is_file():  # no folder listings: the site's own 404 page, as a host sends
            not_found = Path(self.directory) / "404.html"
            return self.send_page(not_found if not_found.is_file() else None, status=404)
        return super().do_GET()

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
        extra = '<script type="module" src="/__preview/reload.js"></script>'
        error = self.state.error
        if error:
            extra += '<link rel="stylesheet" href="/__preview/preview.css">'
            banner = (
                '<div id="app-preview-error" role="alert" tabindex="-1">'
                "<h2>The last save did not build</h2>"
                "<p>This is the last good version of the page. Fix the problem below and save "
                f"again; the page will reload by itself.</p><pre>{html.escape(error)}</pre></div>"
            )
            text = after_body(text, banner)
        text = text.replace("</body>", extra + "</body>", 1)
        self.send_bytes(text.encode("utf-8"), "text/html; charset=utf-8", status)

    def send_bytes(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def after_body(text: str, banner: str) -> str:
    """`text` with `banner` just inside its <body> tag."""
    start = text.index("<body")
    end = text.index(">", start) + 1
    return text[:end] + banner + text[end:]


def free_port() -> int:
    """A local port nothing listens on, for a preview started by the tests or the benchmark."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(settings: Path, output: Path, port: int, *options: str) -> list[str]:
    """The command line that starts this preview."""
    return [sys.executable, __file__, "--settings", str(settings), "--output", str(output),
            "--port", str(port), *options]  # fmt: skip


def watched_paths(settings_file: Path) -> list[Path]:
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    paths = [Path(settings["PATH"]), Path(settings["THEME"]), settings_file]
    paths += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    figures = Path(settings["PATH"]).parent / settings.get("FIGURES_FILE", "data/figures.yaml")
    return [p for p in [*paths, figures] if p.exists()]


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
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(
    settings_file: Path, output: Path, host: str, port: int, search: bool, listen: bool = True
) -> int:
    from watchfiles import watch

    state = State()
    # Listening first: the port is known before the first build, which writes it into the
    # posters' QR codes; until that build is done, the last site (or nothing) is served.
    server = serve(output, state, host, port) if listen else None
    address = f"http://{host}:{server.server_port}" if server else None
    result = build_once(settings_file, output, search, address)
    report(result)
    state.update(result.error)
    if server:
        print(f"Preview on {address}/ (Ctrl+C to stop)", flush=True)
    try:
        for changes in watch(*watched_paths(settings_file), debounce=100, step=50):
            names = ", ".join(sorted({Path(p).name for _, p in changes}))
            print(f"Changed: {names}", flush=True)
            result = build_once(settings_file, output, search, address)
            report(result)
            state.update(result.error)
    except KeyboardInterrupt:
        pass
    finally:
        if server:
            server.shutdown()
            server.server_close()
        print("Preview stopped.", flush=True)
    return 0


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


def report(result: BuildResult) -> None:
    if result.ok:
        print(f"Rebuilt in {result.seconds:.2f} s", flush=True)
    else:
        print(
            f"Build failed in {result.seconds:.2f} s; still serving the last good site.\n"
            f"{result.error}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    parser.add_argument(
        "--no-serve", action="store_true", help="rebuild on every save, serve nothing"
    )
    parser.add_argument(
        "--serve-only", action="store_true", help="serve the built site as it is (make serve)"
    )
    parser.add_argument("--prefix", default="/", help="the sub-path to serve the site under")
    parser.add_argument(
        "--production-headers", action="store_true", help="send the _headers file's headers"
    )
    args = parser.parse_args(argv)
    # Ctrl+C stops the preview even when whatever started it ignores SIGINT (a Python that
    # starts with SIGINT ignored keeps ignoring it: pytest-xdist's workers, nohup, some IDEs).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if args.serve_only:
        return serve_only(
            Path(args.output).resolve(), args.host, args.port, args.prefix, args.production_headers
        )
    return run(
        Path(args.settings).resolve(),
        Path(args.output).resolve(),
        args.host,
        args.port,
        not args.no_search,
        listen=not args.no_serve,
    )


if __name__ == "__main__":
    sys.exit(main())
