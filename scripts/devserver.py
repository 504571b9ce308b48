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

Each job is a module of preview/: the server, the reload script and error banner, the
rebuild loop. This file is the command and what its callers import.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from preview.rebuild import run  # noqa: E402
from preview.server import (  # noqa: E402
    CannotListen,
    State,
    SubPathHandler,
    free_port,
    host_allowed,
    production_headers,
    serve,
    serve_only,
)

logger = logging.getLogger("devserver")
# What the tests, the benchmark and the other scripts use of the preview, by this name.
__all__ = [
    "CannotListen",
    "State",
    "SubPathHandler",
    "command",
    "free_port",
    "host_allowed",
    "main",
    "production_headers",
    "serve",
]


def command(settings: Path, output: Path, port: int, *options: str) -> list[str]:
    """The command line that starts this preview."""
    return [sys.executable, __file__, "--settings", str(settings), "--output", str(output),
            "--port", str(port), *options]  # fmt: skip


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
    try:
        if args.serve_only:
            return serve_only(
                Path(args.output).resolve(),
                args.host,
                args.port,
                args.prefix,
                args.production_headers,
            )
        return run(
            Path(args.settings).resolve(),
            Path(args.output).resolve(),
            args.host,
            args.port,
            not args.no_search,
            listen=not args.no_serve,
        )
    except CannotListen as problem:
        print(problem.advice(make_target(args)), file=sys.stderr, flush=True)
        return 2


def make_target(args: argparse.Namespace) -> str:
    """The make command that starts this server, for a message that says how to start it."""
    if args.serve_only:
        return "make publish-preview" if args.production_headers else "make serve"
    return "make devserver"


if __name__ == "__main__":
    sys.exit(main())
