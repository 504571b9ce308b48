"""The search index: Pagefind over the built pages, then the index's vocabulary beside it."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import ROOT, write_whole
from .search_english import write_english_words


@dataclass
class Indexing:
    """Pagefind at work on a built site, writing its bundle into `bundle`."""

    bundle: Path
    process: subprocess.Popen[bytes]


def start_indexing(site: Path, apart: bool = False) -> Indexing:
    """Pagefind, started on the built pages (the regions marked data-pagefind-body).

    apart: its bundle is written beside the site (`<site>-index`: a killed build's is a
    leftover the next build removes, as its staging folder is) and moved in when done, so
    checks that run meanwhile see the site as Pelican wrote it. Where util-linux's setpriv
    is (Linux), Pagefind is killed with the build, so nothing goes on writing after it."""
    bundle = site.with_name(f"{site.name}-index") if apart else site / "pagefind"
    if apart and (site / "pagefind").is_dir():
        # The last site's bundle (atomic_output.adopt_spare), brought up to date: Pagefind
        # writes only the files it does not find (each named by its contents) and its own
        # few; only_what_the_index_uses then removes the rest.
        (site / "pagefind").rename(bundle)
    command = [pagefind(), "--site", str(site), "--output-path", str(bundle), "--silent"]
    if shutil.which("setpriv"):
        # Once setpriv has set the death signal, the shell starts Pagefind only if the build
        # is still its parent: a build killed in the moment before that would otherwise
        # leave Pagefind writing a bundle after the next build had cleaned up.
        command = ["setpriv", "--pdeathsig", "KILL", "--", "sh", "-c", STILL_THE_BUILDS,
                   str(os.getpid()), *command]  # fmt: skip
    return Indexing(bundle, subprocess.Popen(command, cwd=ROOT))


# sh -c's script: $0 is the build's process id, "$@" the command.
STILL_THE_BUILDS = 'test "$PPID" = "$0" && exec "$@"'


def stop_indexing(indexing: Indexing) -> None:
    """A build that failed: its index is not needed."""
    indexing.process.kill()
    indexing.process.wait()
    shutil.rmtree(indexing.bundle, ignore_errors=True)


def index_for_search(site: Path, indexing: Indexing | None = None) -> int:
    """Pagefind indexes the built pages (or `indexing`, already started, finishes); then the
    index's vocabulary is written beside it for the search's "Did you mean", with the English
    words near it (search_english: never "correct" a word that is spelled right)."""
    indexing = indexing or start_indexing(site)
    words = search_words(site, ROOT / "cache" / "search-words.json")  # while Pagefind runs
    code = indexing.process.wait()
    if code == 0 and not only_what_the_index_uses(indexing.bundle):
        # A bundle Pagefind did not make whole and whose index could not be read: made again
        # from nothing.
        shutil.rmtree(indexing.bundle)
        fresh = start_indexing(site)
        indexing.bundle, code = fresh.bundle, fresh.process.wait()
    if code == 0:
        if indexing.bundle != site / "pagefind":
            indexing.bundle.rename(site / "pagefind")
        for name in READY_MADE_INTERFACES:
            (site / "pagefind" / name).unlink(missing_ok=True)
        (site / "pagefind" / "words.json").write_text(json.dumps(words), encoding="utf-8")
        write_english_words(site, ROOT / "cache")
    return code


# The bundle's folders of files named by their contents, which Pagefind writes only when they
# are missing: what an index no longer uses stays there unless it is removed.
NAMED_BY_CONTENTS = ("fragment", "index", "filter")


def only_what_the_index_uses(bundle: Path) -> bool:
    """Remove from a bundle the files its index does not use: the fragments and index chunks
    of pages since changed or removed, older meta files, compressed copies (the build makes
    them again). Which ones it uses is read from pagefind-entry.json and each language's
    meta file (gzip, "pagefind_dcd", then CBOR). False when they cannot be read: the caller
    makes the bundle again from nothing."""
    import gzip

    import cbor2

    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        metas, used = set(), set()
        for language in entry["languages"].values():
            meta = bundle / f"pagefind.{language['hash']}.pf_meta"
            data = gzip.decompress(meta.read_bytes())
            if not data.startswith(b"pagefind_dcd"):
                return False
            used |= set(_strings(cbor2.loads(data[len(b"pagefind_dcd") :])))
            metas.add(meta.name)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, cbor2.CBORDecodeError):
        return False
    for folder in NAMED_BY_CONTENTS:
        if (bundle / folder).is_dir():
            for file in (bundle / folder).iterdir():
                if file.name.split(".", 1)[0] not in used:
                    file.unlink()
    for file in bundle.iterdir():
        stale_meta = file.name.endswith(".pf_meta") and file.name not in metas
        if file.is_file() and (stale_meta or file.suffix in {".gz", ".br"}):
            file.unlink()
    return True


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


# Pagefind writes its ready-made search interfaces beside the index (460 KB). The site's own
# search page (js/search.js) uses only its API, pagefind.js, and what that loads (the worker,
# the WebAssembly, the index and the fragments): the interfaces are never published.
READY_MADE_INTERFACES = [
    *("pagefind-ui.js", "pagefind-ui.css"),
    *("pagefind-component-ui.js", "pagefind-component-ui.css"),
    *("pagefind-modular-ui.js", "pagefind-modular-ui.css"),
    "pagefind-highlight.js",
]


def pagefind() -> str:
    """Pagefind's own program, from its pinned package (pagefind_bin's public
    get_executable): run directly, not through `python -m pagefind`, which starts a Python
    only to hand over to it (0.1 to 0.2 s a build)."""
    import pagefind_bin

    program = pagefind_bin.get_executable()
    if program is None:
        raise FileNotFoundError("Pagefind's program is missing: run make setup again")
    return str(program)


SEARCH_WORD = re.compile(r"[a-z]{4,}")
# The searched region: <main ... data-pagefind-body> to </main> (base.html; a page has one
# <main>, and nothing inside it is marked to be left out of the index).
SEARCHED = re.compile(r"<main\b[^>]*\sdata-pagefind-body[\s>=].*?</main>", re.S | re.I)
NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")


def searched_text(page: str) -> str:
    """The words of a built page's searched region as a reader reads them: tags end words,
    entities decoded, no comments, scripts or styles."""
    region = SEARCHED.search(page)
    if region is None:
        return ""
    return html.unescape(TAG.sub(" ", NOT_TEXT.sub(" ", region[0])))


def search_words(site: Path, kept_in: Path | None = None) -> dict[str, int]:
    """For pagefind/words.json: every word of four letters or more in the searched regions of the
    built pages, with the number of pages it is on, which js/search.js offers for a word the
    site never uses ("Did you mean ...").

    `kept_in`: each page's words kept by the file itself (device, inode, size, time): a page
    the build reused from the last output is the same file, hard-linked, so it is not read
    again (at 1,000 pages, reading them all took a third of a second)."""
    from collections import Counter

    # Each page's words as one string, spaces between: at 1,000 pages, a list of strings per
    # page made the kept file 300,000 JSON strings to read and write on every build.
    kept: dict[str, str] = {}
    if kept_in is not None:
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(kept_in.read_text(encoding="utf-8"))
            kept = loaded if isinstance(loaded, dict) else {}
    now: dict[str, str] = {}
    pages: Counter[str] = Counter()
    for page in site.rglob("*.html"):
        stat = page.stat()
        key = f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"
        words = kept.get(key)
        if not isinstance(words, str):
            text = searched_text(page.read_text(encoding="utf-8"))
            words = " ".join(sorted(set(SEARCH_WORD.findall(text.lower()))))
        now[key] = words
        pages.update(words.split())
    if kept_in is not None and now != kept:
        write_whole(kept_in, json.dumps(now))
    return dict(sorted(pages.items()))
