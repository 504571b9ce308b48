"""Edit the site in the browser on this machine: the preview and the editor together.

    make edit        # the editor on http://127.0.0.1:8000/admin/, the site beside it

The preview (scripts/devserver.py) builds with the editor turned on (plugins/browser_editor)
and its local backend, decap-server (npm, pinned in package-lock.json), saves each form into
content/ as Markdown: the preview rebuilds on the save, as it does for an edit by hand, and
the build's checks run on what the form wrote. Nothing is sent anywhere: decap-server answers
only on 127.0.0.1, and the editor uses it only when the page is on this machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build import write_settings  # noqa: E402

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


class EditorUnavailable(RuntimeError):
    """Node or decap-server is missing; the message says how to install them."""


def node() -> str:
    """The machine's node, else the one Node from PyPI put in .venv (the Makefile's npm rule)."""
    found = shutil.which("node") or str(ROOT / ".venv" / "bin" / "node")
    if not Path(found).is_file():
        raise EditorUnavailable("node is missing: run make setup-test (it installs Node)")
    if not DECAP_SERVER.is_file():
        raise EditorUnavailable(
            f"{DECAP_SERVER.relative_to(ROOT)} is missing: run make setup-test, which installs "
            "the pinned npm packages"
        )
    return found


def local_backend_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/api/v1"


def start_local_backend(repository: Path, port: int, log: Path | None = None) -> subprocess.Popen:
    """decap-server in its files mode, saving under `repository` (the folder holding
    content/), answering only on 127.0.0.1:`port`; returns once it answers."""
    env = {
        **os.environ,
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(repository),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "LOG_LEVEL": "warn",
    }
    out = open(log, "w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [node(), str(DECAP_SERVER)], env=env, stdout=out, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditorUnavailable(f"decap-server stopped at once (exit {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise EditorUnavailable(f"decap-server did not answer on 127.0.0.1:{port} within 15 s")


def editor_settings(path: Path, content: Path, backend_port: int) -> Path:
    """The preview's settings with the editor on and its local backend."""
    return write_settings(
        path,
        content,
        "pelicanconf",
        BROWSER_EDITOR=True,
        BROWSER_EDITOR_LOCAL_BACKEND=local_backend_url(backend_port),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--backend-port", type=int, default=8081)
    parser.add_argument("--output", default=str(ROOT / "output"))
    args = parser.parse_args(argv)
    folder = ROOT / "cache" / "edit"
    folder.mkdir(parents=True, exist_ok=True)
    settings = editor_settings(folder / "pelicanconf-edit.py", ROOT / "content", args.backend_port)
    try:
        backend = start_local_backend(ROOT, args.backend_port)
    except EditorUnavailable as error:
        print(f"make edit: {error}", file=sys.stderr)
        return 2
    print(
        f"The editor: http://{args.host}:{args.port}/admin/ (the site: http://{args.host}:{args.port}/)."
        " Each form saves into content/; the preview rebuilds. Ctrl-C stops both."
    )
    command = [sys.executable, str(ROOT / "scripts" / "devserver.py"), "--settings", str(settings)]
    command += ["--output", args.output, "--host", args.host, "--port", str(args.port)]
    # Stopped by Ctrl-C or by a signal (make killed), both servers stop: neither is left
    # holding its port.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    preview = subprocess.Popen(command)
    try:
        return preview.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (preview, backend):
            process.terminate()
        for process in (preview, backend):
            process.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
