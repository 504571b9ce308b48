"""Compressed copies for hosts that serve them (PRECOMPRESS = True in the settings: publish)."""

from __future__ import annotations

import gzip
from pathlib import Path

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
