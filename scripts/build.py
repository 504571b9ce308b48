"""Build the site into a temporary folder and swap it into place only on success.

Why: a failed build must never replace a good output/, and the build must never write
into content/. Pelican writes into whatever folder it is given, so it is given a fresh
sibling of output/; the swap is two renames on the same filesystem.

Usage: python scripts/build.py [--settings pelicanconf.py] [--output output]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_settings(path: Path, content: Path, base: str = "pelicanconf", **extra: str) -> Path:
    """A settings file that builds `content` with the project's settings (`base`): for tests,
    the benchmark and previews of a copy of the content."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        f"from {base} import *",
        f"PATH = {str(content)!r}",
        f"FIGURES_FILE = {str(ROOT / 'data' / 'figures.yaml')!r}",
        # Its own content cache, beside it, unless told otherwise.
        f"CACHE_PATH = {str(path.parent / 'cache')!r}",
        *(f"{name} = {value!r}" for name, value in extra.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_pelican(settings: Path, target: Path, extra: list[str]) -> int:
    command = [
        sys.executable,
        "-m",
        "pelican",
        "--settings",
        str(settings),
        "--output",
        str(target),
        "--fatal",
        "warnings",
        # Plain log lines: editors' messages stay whole, one line each, not wrapped in columns.
        "--log-handler",
        "plain",
        *extra,
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr if result.returncode == 0 else without_traceback(result.stderr))
    return result.returncode


def without_traceback(log: str) -> str:
    """Pelican follows a fatal message with its own traceback; editors need only the message,
    which comes first. Set BUILD_TRACEBACK=1 to keep the rest."""
    if os.environ.get("BUILD_TRACEBACK"):
        return log
    message = log.split("Traceback (most recent call last):", 1)[0]
    return "".join(
        line
        for line in message.splitlines(keepends=True)
        if line.strip() != "RuntimeError: Warning or error encountered"
    )


def index_for_search(site: Path) -> int:
    """Pagefind indexes the built pages (the regions marked data-pagefind-body)."""
    return subprocess.call(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], cwd=ROOT
    )


TEXT_SUFFIXES = {".html", ".css", ".js", ".xml", ".svg", ".txt", ".json"}


def precompress(site: Path) -> int:
    """Write name.gz and name.br beside each text file, for hosts that serve them."""
    import brotli

    count = 0
    for file in site.rglob("*"):
        if file.is_file() and file.suffix in TEXT_SUFFIXES:
            data = file.read_bytes()
            file.with_name(file.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
            file.with_name(file.name + ".br").write_bytes(brotli.compress(data, quality=11))
            count += 1
    return count


def wants_precompression(settings: Path) -> bool:
    """PRECOMPRESS from the settings file, run as Pelican runs it, without importing Pelican
    (a third of a second on every build)."""
    import runpy

    return bool(runpy.run_path(str(settings)).get("PRECOMPRESS"))


def make_readable(site: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask: a web server running as another user
    (nginx's worker, Apache's www-data) must read every file. The staging folder starts 0700."""
    site.chmod(0o755)
    for folder, folders, files in os.walk(site):
        for name in folders:
            os.chmod(os.path.join(folder, name), 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


def swap_into_place(built: Path, output: Path) -> None:
    """Replace output/ with built/: rename the old one aside, rename the new one in."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        old.rmdir()
        output.rename(old)
    built.rename(output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(settings: Path, output: Path, extra: list[str] | None = None) -> int:
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    # Pages whose inputs have not changed are copied from the last good output
    # (plugins/incremental), not rendered again.
    reuse = ["--extra-settings", f"INCREMENTAL_FROM={json.dumps(str(output))}"]
    try:
        status = run_pelican(settings, staging, [*reuse, *(extra or [])])
        if status == 0:
            status = index_for_search(staging)
        if status == 0 and wants_precompression(settings):
            precompress(staging)
        if status != 0:
            print(
                f"\nBuild failed: {output} was left exactly as it was. "
                "Fix the errors above and build again.",
                file=sys.stderr,
            )
            return status
        make_readable(staging)
        swap_into_place(staging, output)
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    args, extra = parser.parse_known_args(argv)
    return build(Path(args.settings).resolve(), Path(args.output), extra)


if __name__ == "__main__":
    sys.exit(main())
