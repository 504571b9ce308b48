"""Compressed copies for hosts that serve them (PRECOMPRESS = True in the settings: publish).

Brotli at its best setting (quality 11) is most of a publish build's time (1.6 s of 3.4 s for
the real site), and most of what it compresses is the same from one build to the next:
Pagefind's scripts, the stylesheet, the word lists, unchanged pages. So each compressed copy
is kept in the build's cache under the SHA-256 of what it compresses, and used again only
after it has been decompressed and found to be exactly those bytes: a cache file that is
wrong, damaged or planted is ignored (and replaced), never published."""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import write_whole

TEXT_SUFFIXES = {".html", ".css", ".js", ".xml", ".svg", ".txt", ".json"}
# Brotli's best setting costs about 2 s a megabyte: the editor's bundle (admin/decap-cms.js,
# 5.2 MB, loaded only by editors on /admin/) took 10.0 s at quality 11 and 0.5 s at quality 9,
# for a copy 10% bigger (1.24 MB, not 1.12 MB). A file over LARGE is compressed at quality 9;
# every page, the stylesheet and the search's files are far under it and keep quality 11.
LARGE = 1_000_000


def brotli_quality(size: int) -> int:
    return 11 if size <= LARGE else 9


# The cache keeps the copies of the last few builds' files: older ones are removed when it
# holds more than this many.
KEPT = 4000


def precompress(site: Path, cache: Path | None = None) -> int:
    """Write name.gz and name.br beside each text file, for hosts that serve them; with
    `cache`, reuse the copies of bytes compressed before (checked) and keep the new ones."""
    import brotli

    kinds: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
        ".gz": (lambda data: gzip.compress(data, 9, mtime=0), gzip.decompress),
        ".br": (
            lambda data: brotli.compress(data, quality=brotli_quality(len(data))),
            brotli.decompress,
        ),
    }

    def copies(file: Path) -> None:
        data = file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        for suffix, (compress, decompress) in kinds.items():
            copy = compressed(data, digest + suffix, compress, decompress, cache)
            file.with_name(file.name + suffix).write_bytes(copy)

    files = [f for f in site.rglob("*") if f.is_file() and f.suffix in TEXT_SUFFIXES]
    # Brotli and zlib let go of the interpreter while they compress: a thread a core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(copies, files))
    if cache is not None and cache.is_dir():
        prune(cache)
    return len(files)


def compressed(
    data: bytes,
    name: str,
    compress: Callable[[bytes], bytes],
    decompress: Callable[[bytes], bytes],
    cache: Path | None,
) -> bytes:
    """`data` compressed: from `cache` if it holds a copy that decompresses to exactly `data`,
    else made now (and kept there)."""
    kept = cache / name if cache is not None else None
    if kept is not None and kept.is_file() and not kept.is_symlink():
        try:
            copy = kept.read_bytes()
            if decompress(copy) == data:
                os.utime(kept)  # used: kept longer than copies no build has used lately
                return copy
        except Exception:  # damaged or not a compressed file at all: made again below
            pass
    copy = compress(data)
    if kept is not None:
        write_whole(kept, copy)
    return copy


def prune(cache: Path, kept: int = KEPT) -> None:
    """Remove the least recently used copies beyond `kept`."""
    files = [(p.stat().st_mtime, p) for p in cache.iterdir() if p.is_file()]
    if len(files) > kept:
        for _, path in sorted(files)[: len(files) - kept]:
            path.unlink(missing_ok=True)
