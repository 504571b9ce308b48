"""The steps of the one build (scripts/build.py), one module a job: `pelican_run` (Pelican in
this process, its log caught as the editor's messages), `search_index` (Pagefind and the
search's vocabulary), `precompress` (.gz and .br copies), `atomic_output` (one build at a
time, the staging folder made readable and swapped into place at one instant) and
`github_report` (a failed build's problems as GitHub annotations and a job summary)."""

import os
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def write_whole(path: Path, text: str | bytes) -> None:
    """Write a cache or record file in one step, so a build running beside this one (or one
    killed while writing) never leaves or reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Named by process and thread: the compressed copies are written by a thread a core.
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    if isinstance(text, bytes):
        partial.write_bytes(text)
    else:
        partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
