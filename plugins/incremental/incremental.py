"""Pure functions first, the writer and signal handlers after, register() at the bottom."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import shutil
import stat
import sys
import time
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Content
from pelican.writers import Writer

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Templates that show one page and, of other pages, only their metadata (titles, URLs,
    # descriptions), never their bodies. Check a template before adding it here.
    "INCREMENTAL_TEMPLATES": ["page", "article", "campaign", "resource", "poster"],
    # Where the last good build is, when Pelican writes into a staging folder
    # (scripts/build.py and scripts/devserver.py set it). None: OUTPUT_PATH itself.
    "INCREMENTAL_LAST_OUTPUT": None,
    # Code and data whose change must re-render everything, beside the settings.
    "INCREMENTAL_WATCH": [],
}
# Settings that say where this build goes or how it reads, not what the pages contain.
VOLATILE_SETTINGS = {
    "OUTPUT_PATH",
    "INCREMENTAL_LAST_OUTPUT",
    "WRITE_SELECTED",
    "LOAD_CONTENT_CACHE",
    "CACHE_CONTENT",
}
# Attributes of a content object that single-page templates show only on its own page:
# its body and summary, and lastmod (which only sitemap.xml, always rendered, lists).
BODY_ATTRIBUTES = {"_content", "_summary", "lastmod"}
SKIPPED_ATTRIBUTES = {"settings", "_context"}


# Values whose repr is their stable text, by exact type: most of what stable() meets, so
# they are answered first (134,000 values a build at 1,000 pages).
PLAIN = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def stable(value: Any, depth: int = 0) -> str:
    """A text for `value` that is the same in every process: no memory addresses."""
    if depth > 6:
        return "…"
    if type(value) in PLAIN:
        return repr(value)
    if isinstance(value, Content):
        return f"<{type(value).__name__} {value.url}>"
    if isinstance(value, dict):
        items = sorted((str(k), stable(v, depth + 1)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(stable(v, depth + 1) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable(v, depth + 1) for v in value)) + "}"
    if isinstance(value, (str, int, float, bool, type(None), dt.date, dt.datetime)):
        return repr(value)
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def attributes(content: Content, with_body: bool) -> str:
    """A content object's attributes as a stable text; bodies only when asked."""
    skipped = SKIPPED_ATTRIBUTES | (set() if with_body else BODY_ATTRIBUTES)
    return stable({k: v for k, v in vars(content).items() if k not in skipped})


# Each file's digest by what its stat says of it (inode, size, modified and changed times):
# every build digests the plugins and the theme (`make html` the content and the scripts
# too), hundreds of files, and a file nobody wrote to since is not read again. A file
# modified in the last SETTLED_NS is read every time (as git treats a "racily clean" file):
# the kernel's file times are coarse, so a second write as large as the first, in the same
# few milliseconds, could leave its stat as it was.
_FILE_DIGESTS: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}
SETTLED_NS = 2_000_000_000


def settled(info: os.stat_result) -> tuple[int, int, int, int] | None:
    """What a file's stat says of its bytes, or None while the file is too fresh for its
    stat to be trusted (SETTLED_NS)."""
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) <= SETTLED_NS:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def file_digest(path: str, info: os.stat_result) -> bytes:
    signature = settled(info)
    kept = _FILE_DIGESTS.get(path)
    if signature is not None and kept is not None and kept[0] == signature:
        return kept[1]
    with open(path, "rb") as stream:
        found = hashlib.blake2b(stream.read()).digest()
    if signature is not None:
        _FILE_DIGESTS[path] = (signature, found)
    return found


def files_under(root: Path) -> list[str]:
    """Every file under a folder (not in __pycache__), sorted; a file is itself."""
    if not root.is_dir():
        return [str(root)]
    found = []
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [os.path.join(folder, name) for name in names]
    return sorted(found)


def tree_digest(paths: list[Path]) -> str:
    """A digest of every file under these folders (or these files): names and bytes."""
    digest = hashlib.blake2b()
    for root in paths:
        for file in files_under(root):
            try:
                info = os.stat(file)
            except OSError:  # gone, or a link to nothing
                continue
            if stat.S_ISREG(info.st_mode):
                digest.update(file.encode() + b"\0" + file_digest(file, info) + b"\0")
    return digest.hexdigest()


def settings_and_plugins(settings: dict[str, Any]) -> Any:
    """A digest of the settings (all but where the build goes and how it reads) and of the
    house plugins' code: the start of both digests below."""
    digest = hashlib.blake2b()
    digest.update(
        stable({k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS}).encode()
    )
    digest.update(tree_digest([Path(p) for p in settings.get("PLUGIN_PATHS", [])]).encode())
    return digest


def site_digest(settings: dict[str, Any], contents: list[Content]) -> str:
    """Everything a single-page template may show apart from its own page's body."""
    digest = settings_and_plugins(settings)
    watched = [Path(settings["THEME"]), *(Path(p) for p in settings["INCREMENTAL_WATCH"])]
    digest.update(tree_digest(watched).encode())
    for content in sorted(contents, key=lambda c: (c.source_path or "", c.url or "")):
        digest.update(outline(content).encode())
    return digest.hexdigest()


def outline(content: Content) -> str:
    """attributes(content, with_body=False), worked out once a build: the site digest and the
    page's own key both need it (at 1,000 pages, twice was a fifth of a second)."""
    known = _STATE.setdefault("outlines", {})
    if id(content) not in known:
        known[id(content)] = (content, attributes(content, with_body=False))
    return known[id(content)][1]


def page_key(site: str, name: str, template: str, content: Content, extra: dict[str, Any]) -> str:
    digest = hashlib.blake2b(site.encode())
    body = stable({k: v for k, v in vars(content).items() if k in BODY_ATTRIBUTES})
    for part in (name, template, outline(content), body, stable(extra)):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def cache_fingerprint(settings: dict[str, Any]) -> str:
    """What Pelican's content cache is made with: the settings (Markdown's among them, and the
    figures, whose numbers are put into the text as Markdown is read), the house plugins (two
    are Markdown extensions) and the installed packages. Pelican does not check these."""
    digest = settings_and_plugins(settings)
    cache = Path(settings["CACHE_PATH"])
    digest.update(installed_packages(package_folders(), cache).encode())
    return digest.hexdigest()


def package_folders() -> tuple[tuple[str, int], ...]:
    """The folders Python finds installed packages in (those of its path that hold a
    `.dist-info` or `.egg-info`), with the time each last changed: installing, upgrading or
    removing a package adds or removes one there. The project's own folders are on the path
    too, and change with every build (its staging folder and lock come and go there): their
    times would make every build read every package again (0.24 s a `make html`)."""
    folders = []
    for entry in dict.fromkeys(os.path.abspath(entry) for entry in sys.path):
        with contextlib.suppress(OSError), os.scandir(entry) as listing:
            if any(item.name.endswith((".dist-info", ".egg-info")) for item in listing):
                folders.append((entry, os.stat(entry).st_mtime_ns))
    return tuple(folders)


def installed_packages(
    folders: tuple[tuple[str, int], ...], cache_folder: Path | None = None
) -> str:
    """Every installed package and its version (163 files read, about 0.2 s): read again
    only when a package folder has changed since (`folders`), not on every build; kept in
    this process and in `cache_folder` by the same folders' times, so a new process (make
    html) need not read them either."""
    if folders in _PACKAGES:
        return _PACKAGES[folders]
    from content_checks.cache import store_json, tracked_by_git

    stored = cache_folder / "installed-packages.json" if cache_folder else None
    key = [list(folder) for folder in folders]
    packages = None
    if stored is not None and stored.is_file() and tracked_by_git(stored) is False:
        with contextlib.suppress(OSError, ValueError):
            kept = json.loads(stored.read_text(encoding="utf-8"))
            if isinstance(kept, dict) and kept.get("folders") == key:
                if isinstance(kept.get("packages"), str):
                    packages = kept["packages"]
    if packages is None:
        packages = _installed_packages(folders)
        if stored is not None:
            store_json(stored, {"folders": key, "packages": packages})
    _PACKAGES[folders] = packages
    return packages


# installed_packages' answers in this process, by the package folders' times.
_PACKAGES: dict[tuple[tuple[str, int], ...], str] = {}


@functools.lru_cache(maxsize=4)
def _installed_packages(folders: tuple[tuple[str, int], ...]) -> str:
    import importlib.metadata

    found = sorted(importlib.metadata.distributions(), key=lambda d: d.metadata["Name"])
    return "".join(f"{dist.metadata['Name']}={dist.version};" for dist in found)


def manifest_path(settings: dict[str, Any]) -> Path:
    """The record of what the files in the last good output were rendered from."""
    final = Path(settings["INCREMENTAL_LAST_OUTPUT"] or settings["OUTPUT_PATH"]).resolve()
    name = hashlib.blake2b(str(final).encode(), digest_size=8).hexdigest()
    return Path(settings["CACHE_PATH"]) / f"incremental-{name}.json"


def load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system allows one (nothing writes into a built file after
    Pelican: the old output is renamed aside and deleted), else a copy; both keep the time."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def file_stamp(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


# --- The writer and signal handlers ------------------------------------------

_STATE: dict[str, Any] = {"contents": [], "writer": None, "fingerprint": None}


class IncrementalWriter(Writer):
    """Pelican's writer, which reuses a page's last output when its key has not changed."""

    def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
        super().__init__(output_path, settings=settings)
        self.previous = Path(settings["INCREMENTAL_LAST_OUTPUT"] or output_path).resolve()
        # Whether the last output is another folder than the one written (a staging folder),
        # so a reused page is linked into it; asked once, not for every page (0.3 s at 1,000).
        self.elsewhere = self.previous != Path(output_path).resolve()
        self.manifest_file = manifest_path(settings)
        self.old = load_manifest(self.manifest_file)
        self.new: dict[str, dict[str, Any]] = {}
        self.templates = set(settings["INCREMENTAL_TEMPLATES"])
        self.site: str | None = None
        self.reused = self.rendered = 0
        _STATE["writer"] = self

    def write_file(self, name, template, context, *args, **kwargs):
        content = kwargs.get("page") or kwargs.get("article")
        template_name = Path(template.name or "").stem
        if not name or content is None or template_name not in self.templates:
            return super().write_file(name, template, context, *args, **kwargs)
        if self.site is None:
            self.site = site_digest(self.settings, _STATE["contents"])
        extra = {k: v for k, v in kwargs.items() if k not in {"page", "article"}}
        key = page_key(self.site, name, template_name, content, [args, extra])
        target = Path(self.output_path) / name
        old, source = self.old.get(name), self.previous / name
        if old and old["key"] == key and source.is_file() and file_stamp(source) == old["stamp"]:
            if self.elsewhere:
                target.parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(source, target)
            self.new[name] = old
            self.reused += 1
            return None
        result = super().write_file(name, template, context, *args, **kwargs)
        if target.is_file():
            self.new[name] = {"key": key, "stamp": file_stamp(target)}
            self.rendered += 1
        return result

    def save(self) -> None:
        self.manifest_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.manifest_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.new), encoding="utf-8")
        os.replace(temporary, self.manifest_file)
        logger.info("Incremental: %d pages rendered, %d reused", self.rendered, self.reused)


def trust_content_cache(pelican: Any) -> None:
    """initialized: load Pelican's content cache only if it was made with what this build
    uses; otherwise every file is read again (and the cache refilled)."""
    settings = pelican.settings
    if not settings.get("CACHE_CONTENT"):
        return
    fingerprint = cache_fingerprint(settings)
    stamp = Path(settings["CACHE_PATH"]) / "fingerprint"
    trusted = stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint
    if settings.get("LOAD_CONTENT_CACHE") and not trusted:
        logger.info("Content cache made with other settings or code: reading every file")
        settings["LOAD_CONTENT_CACHE"] = False
    _STATE["fingerprint"] = (stamp, fingerprint)


def remember_contents(generators: list[Any]) -> None:
    """all_generators_finalized: every content object of this build, for the site digest."""
    contents: list[Content] = []
    for generator in generators:
        for value in vars(generator).values():
            if isinstance(value, list) and value and isinstance(value[0], Content):
                contents.extend(value)
    _STATE["contents"] = contents
    _STATE["outlines"] = {}  # nothing from a build that stopped before it was finalized


def get_writer(pelican: Any) -> type[Writer]:
    return IncrementalWriter


def save_manifest(pelican: Any) -> None:
    """finalized: record what each page was rendered from. A build that fails later is
    thrown away with its staging folder; the old output's files no longer match this
    record by size and time, so they are rendered again, never wrongly reused."""
    writer = _STATE.get("writer")
    if writer is not None:
        writer.save()
    if _STATE.get("fingerprint"):  # the content cache was just written by these settings
        stamp, fingerprint = _STATE["fingerprint"]
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(fingerprint, encoding="utf-8")
    _STATE.update(contents=[], writer=None, fingerprint=None, outlines={})


def merge_defaults(pelican: Any) -> None:
    """initialized (first): DEFAULTS for the settings pelicanconf.py leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.initialized.connect(trust_content_cache)
    signals.all_generators_finalized.connect(remember_contents)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(save_manifest)
