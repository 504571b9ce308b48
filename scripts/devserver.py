"""The editors' live preview: rebuild on save, serve, and reload the browser by itself.

    make devserver                       # http://127.0.0.1:8000
    python scripts/devserver.py --port 8001 --settings pelicanconf.py

Why not `pelican -lr`: it keeps every build's pages alive (Pelican memoizes rendered content
on the class, keyed by the page object), so memory grows with every save; it replaces the
served site even when a build fails; and it cannot show an error in the browser.

Here Pelican runs in this process, so its imports are paid once. Each build goes into a
staging folder with Pelican's content cache warm, and is swapped into place only if it
succeeds; then Pelican's memoized caches are emptied, so nothing of the last build stays.
The pages are served as built, plus one script tag added on the way out
(/__preview/reload.js), so published pages never carry it. That script asks the server
for the build number every half second and reloads when it changes. When a build fails,
the terminal and every page show the error (file, line, fix) until the next good save.
The search index is rebuilt after the new pages are served, in the background: the last
index serves until then.
"""

from __future__ import annotations

import argparse
import gc
import html
import json
import logging
import shutil
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "plugins"))  # Pelican reuses a plugin already imported

from build import index_for_search, make_readable, swap_into_place  # noqa: E402
from incremental.incremental import link_or_copy  # noqa: E402

logger = logging.getLogger("devserver")

RELOAD_SCRIPT = b"""// Preview only: reload when the site is rebuilt, or when a build fails or recovers.
let seen = null;
async function poll() {
  try {
    const state = await (await fetch("/__preview/state", { cache: "no-store" })).json();
    if (seen !== null && state.version !== seen) location.reload();
    seen = state.version;
  } catch (error) {
    // The preview server has stopped; try again later.
  }
  setTimeout(poll, 500);
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


class Capture(logging.Handler):
    """Collects the warnings and errors of one build (Pelican logs them; it does not raise)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def clear_pelican_caches() -> None:
    """Empty the caches of Pelican's memoized methods, which hold every page of every build."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        Content.__dict__[name].cache.clear()


def build_once(settings_file: Path, output: Path, search: bool) -> tuple[bool, str, float]:
    """One build into a staging folder, swapped into place on success.
    Returns (ok, error text, seconds)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    capture = Capture()
    logging.getLogger().addHandler(capture)
    try:
        settings = read_settings(
            str(settings_file),
            override={
                "OUTPUT_PATH": str(staging),
                "CACHE_CONTENT": True,
                # Trusted only while what made it is unchanged (plugins/incremental).
                "LOAD_CONTENT_CACHE": True,
                "CONTENT_CACHING_LAYER": "reader",
                "INCREMENTAL_FROM": str(output),
            },
        )
        Pelican(settings).run()
    except Exception as error:
        if not capture.messages:  # a fatal log message has already said what is wrong
            capture.messages.append(f"{type(error).__name__}: {error}")
    finally:
        logging.getLogger().removeHandler(capture)
        clear_pelican_caches()
        gc.collect()
    ok = not capture.messages
    if ok:
        if search:
            with SEARCH_LOCK:  # an index still being written is finished first
                if (output / "pagefind").is_dir():  # the last index serves until the new one
                    shutil.copytree(
                        output / "pagefind", staging / "pagefind", copy_function=link_or_copy
                    )
        make_readable(staging)
        swap_into_place(staging, output)
        if search:
            threading.Thread(target=index_in_background, args=(output,), daemon=True).start()
    else:
        shutil.rmtree(staging, ignore_errors=True)
    return ok, "\n".join(capture.messages), time.perf_counter() - started


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


class PreviewHandler(SimpleHTTPRequestHandler):
    state: State

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/__preview/"):
            return self.send_preview_file()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the standard redirect to dir/
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self.send_page(path)
        if not path.exists() and self.state.error:
            return self.send_page(None)
        return super().do_GET()

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

    def send_page(self, path: Path | None) -> None:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else "<!DOCTYPE html><title>Build failed</title><body></body>"
        )
        extra = '<script type="module" src="/__preview/reload.js"></script>'
        error = self.state.error
        if error:
            extra += '<link rel="stylesheet" href="/__preview/preview.css">'
            banner = (
                '<div id="app-preview-error" role="alert"><h2>The last save did not build</h2>'
                "<p>This is the last good version of the page. Fix the problem below and save "
                f"again; the page will reload by itself.</p><pre>{html.escape(error)}</pre></div>"
            )
            text = after_body(text, banner)
        text = text.replace("</body>", extra + "</body>", 1)
        self.send_bytes(text.encode("utf-8"), "text/html; charset=utf-8")

    def send_bytes(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
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


def serve(output: Path, state: State, host: str, port: int) -> ThreadingHTTPServer:
    output.mkdir(parents=True, exist_ok=True)
    handler = type("Handler", (PreviewHandler,), {"state": state})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(settings_file: Path, output: Path, host: str, port: int, search: bool) -> int:
    from watchfiles import watch

    state = State()
    ok, error, seconds = build_once(settings_file, output, search)
    report(ok, error, seconds)
    state.update("" if ok else error)
    server = serve(output, state, host, port)
    print(f"Preview on http://{host}:{server.server_port}/ (Ctrl+C to stop)", flush=True)
    try:
        for changes in watch(*watched_paths(settings_file), debounce=100, step=50):
            names = ", ".join(sorted({Path(p).name for _, p in changes}))
            print(f"Changed: {names}", flush=True)
            ok, error, seconds = build_once(settings_file, output, search)
            report(ok, error, seconds)
            state.update("" if ok else error)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        print("Preview stopped.", flush=True)
    return 0


def report(ok: bool, error: str, seconds: float) -> None:
    if ok:
        print(f"Rebuilt in {seconds:.2f} s", flush=True)
    else:
        print(
            f"Build failed in {seconds:.2f} s; still serving the last good site.\n{error}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    # As `make html` does (--fatal warnings): the first warning or error stops the build.
    from pelican.log import FatalLogger

    FatalLogger.fatal_lvl = logging.WARNING
    return run(
        Path(args.settings).resolve(),
        Path(args.output).resolve(),
        args.host,
        args.port,
        not args.no_search,
    )


if __name__ == "__main__":
    sys.exit(main())
