"""The new site replaces output/ whole or not at all: one build at a time per output folder,
the staging folder made readable by a web server, then swapped into output/'s place at one
instant; folders a killed build left behind are removed by the next."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path


def make_readable(site: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask: a web server running as another user
    (nginx's worker, Apache's www-data) must read every file. The staging folder starts 0700."""
    site.chmod(0o755)
    for folder, folders, files in os.walk(site):
        for name in folders:
            os.chmod(os.path.join(folder, name), 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


# The search index's bundle: the site's last one is kept as the spare, for Pagefind to bring
# up to date in place (build_steps/search_index.py), when none of the files Pagefind writes
# again in place is shared.
BUNDLE = "pagefind"


def _owned(bundle: Path) -> bool:
    """Whether the bundle's own files (the ones Pagefind writes again in place: its scripts,
    its WebAssembly, its entry file) are linked nowhere else. The preview links the last
    site's bundle into the new one; such a bundle is not kept."""
    if not bundle.is_dir() or bundle.is_symlink():
        return False
    return all(p.stat().st_nlink == 1 for p in bundle.iterdir() if p.is_file())


def spare_for(output: Path) -> Path:
    """Where the last site's search bundle is kept for the next build."""
    return output.with_name(f".{output.name}.spare")


def adopt_spare(output: Path, staging: Path) -> None:
    """The last site's search bundle, kept by retire(), put where the new one goes, for
    Pagefind to bring up to date (it writes only the files it does not find, and the build
    then removes what the new index does not use). Without a spare (the build before was
    from nothing, so it retired no site), a copy of the live site's bundle: new files, so
    nothing Pagefind writes can reach output/ (at 1,000 pages, copying its 1,064 files took
    0.17 s, and Pagefind wrote them anew in 1.25 to 1.8 s against 0.86 s with them there).
    Only regular files are copied: a link in output/ is never followed or published."""
    spare = spare_for(output)
    if spare.is_dir() and not spare.is_symlink():
        spare.rename(staging / BUNDLE)
        return
    live = output / BUNDLE
    if not live.is_dir() or live.is_symlink():
        return
    shutil.copytree(live, staging / BUNDLE, ignore=_not_regular)


def _not_regular(folder: str, names: list[str]) -> list[str]:
    """copytree's ignore: links, and anything neither a file nor a folder."""
    paths = {name: os.path.join(folder, name) for name in names}
    return [
        name
        for name, path in paths.items()
        if os.path.islink(path) or not (os.path.isfile(path) or os.path.isdir(path))
    ]


def retire(old: Path, output: Path) -> None:
    """The site just replaced: removed, but for its search bundle when it is the site's own,
    kept as the spare. A build killed meanwhile leaves it under its staging name, which the
    next build removes as a leftover."""
    bundle = old / BUNDLE
    if _owned(bundle):
        spare = spare_for(output)
        if spare.exists():
            shutil.rmtree(spare, ignore_errors=True)
        bundle.rename(spare)
    shutil.rmtree(old, ignore_errors=True)


RENAME_EXCHANGE = 2  # Linux renameat2(2)
RENAME_SWAP = 2  # macOS renamex_np(2)
AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step, so there is no instant with neither in place: renameat2
    with RENAME_EXCHANGE on Linux, renamex_np with RENAME_SWAP on macOS. False where the
    system or the file system has no such call."""
    libc = ctypes.CDLL(None, use_errno=True)
    a, b = os.fsencode(first), os.fsencode(second)
    if hasattr(libc, "renameat2"):
        status = libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
    elif hasattr(libc, "renamex_np"):
        status = libc.renamex_np(a, b, RENAME_SWAP)
    else:
        return False
    if status == 0:
        return True
    error = ctypes.get_errno()
    if error in {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP}:
        return False
    raise OSError(error, os.strerror(error), str(first))


def swap_into_place(built: Path, output: Path) -> None:
    """Put built/ in output/'s place at one instant: exchange the two folders, then retire
    the old site (now at built/'s name): removed, its search bundle kept as the spare.
    Where the system cannot exchange, two renames, with an instant between them when
    output/ is missing."""
    if not output.exists():
        built.rename(output)
        return
    if not exchange(built, output):
        old = built.with_name(built.name.replace(".new-", ".old-"))
        output.rename(old)
        built.rename(output)
        built = old
    retire(built, output)


def remove_leftovers(output: Path) -> None:
    """Folders a killed build left beside output/ (they match .gitignore's /.output.*)."""
    for leftover in output.parent.glob(f".{output.name}.[no][el][wd]-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def locked(path: Path, what: str) -> Iterator[None]:
    """One build at a time per output folder (and per cache): the next one waits, and says so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another build is using {what}; waiting for it to finish...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
