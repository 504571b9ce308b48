"""Every content file checked before Pelican reads any: the orchestration, the report and the
signal handler. The checks themselves live in their own modules: reading, fields, body,
readability, site (between files) and cache."""

from __future__ import annotations

import glob
import hashlib
import logging
from pathlib import Path
from typing import Any

from pelican import signals

from . import (
    body,
    cache,
    cores,
    fields,
    files,
    links,
    markup,
    numbers,
    phones,
    readability,
    reading,
    site,
)
from .reading import MARKDOWN_SUFFIXES, Problem

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "CONTENT_CHECKS_MIN_READING_EASE": 45,
    "CONTENT_CHECKS_MIN_WORDS_FOR_READING_EASE": 60,
    "CONTENT_CHECKS_MAX_DESCRIPTION": 160,
}
# The settings key that lists the files left out of a build for their problems: the later
# checks do not blame a page for linking to one.
LEFT_OUT = "CONTENT_CHECKS_LEFT_OUT"
MODULES = (body, cache, fields, files, links, markup, numbers, phones, readability, reading, site)

_CACHE = cache.ResultCache()


def check_file(
    file: Path,
    content_root: Path,
    settings: dict[str, Any],
    raw: bytes | None = None,
    listing: files.Listing | None = None,
) -> cache.Result:
    """One file's own problems (not those between files), and its facts for the site checks.
    Whether a file it links to is there is asked of `listing` (the disk when None)."""
    src, problems = reading.read_source(file, content_root, raw)
    if src is None:
        return problems, None
    problems += fields.check_fields(src, settings)
    problems += body.check_body(src, content_root, settings, listing)
    problems += readability.check_readability(src, settings)
    return problems, site.facts_of(src, content_root)


# From this many files to check (a build from nothing of a large site), half are checked in
# a forked process meanwhile: at 1,000 pages the checks took 5.7 s on one core.
SPLIT_FROM = 64


Unchecked = list[tuple[Path, tuple[str, str], bytes]]
Checked = dict[tuple[str, str], tuple[cache.Result, files.Asked]]


def checked(
    unchecked: Unchecked, content_root: Path, settings: dict[str, Any], listing: files.Listing
) -> Checked:
    """check_file() of each (file, key, bytes), by key, with what it asked of `listing`; many
    files are checked on two cores (the forked process has the bytes already; only the
    results are sent back)."""

    def work(part: Unchecked) -> Checked:
        return {
            key: (check_file(file, content_root, settings, raw, listing), listing.take())
            for file, key, raw in part
        }

    if len(unchecked) < SPLIT_FROM or not cores.two_cores():
        return work(unchecked)
    here, there = cores.on_two_cores(work, unchecked[::2], unchecked[1::2])
    return {**here, **there}


def check_content(content_root: Path, settings: dict[str, Any]) -> tuple[list[Problem], int]:
    """Every problem in every Markdown file under content_root, and how many files."""
    content_root = content_root.resolve()
    project = content_root.parent
    everything, problems = files.walk(content_root, project)
    data = Path(settings["FIGURES_FILE"])
    data_root = (data if data.is_absolute() else project / data).parent
    data_files: list[Path] = []
    if data_root != project and data_root.is_dir():
        data_files, linked = files.walk(data_root, project)
        problems += linked
    # The theme's static files are published as they are: a link there would publish the
    # file it points to, from anywhere on the machine.
    theme = Path(settings.get("THEME", ""))
    if settings.get("THEME") and theme.is_dir():
        problems += files.walk(theme, project)[1]
    problems += files.check_static(everything, content_root, settings.get("STATIC_PATHS", []))
    markdown = [p for p in everything if p.suffix in MARKDOWN_SUFFIXES]
    context = [
        repr(sorted((k, v) for k, v in settings.items() if k.startswith("CONTENT_CHECKS_"))),
        repr((settings["HELPLINE_NUMBER"], settings["HELPLINE_TEL"])),
        repr(sorted(settings.get(phones.DECLARED, {}))),
        repr(sorted(settings.get("FIGURES", {}))),
        repr(sorted(markup.theme_ids(settings["THEME"])) if settings.get("THEME") else []),
        # these checks themselves
        hashlib.blake2b(b"".join(Path(m.__file__).read_bytes() for m in MODULES)).hexdigest(),
    ]
    folder = Path(settings["CACHE_PATH"]) if settings.get("CACHE_CONTENT") else None
    _CACHE.use(context, folder)
    facts = []
    current, added = [], False
    # The data files' phone check, kept with the files' results (by the file's bytes; the
    # numbers it allows are in the context above).
    for file in data_files:
        if file.suffix in {".yaml", ".yml"}:
            key = (str(file), hashlib.blake2b(file.read_bytes()).hexdigest())
            if key not in _CACHE.results:
                found = phones.check_data_file(file, files.shown(file, project), settings)
                _CACHE.results[key] = (found, None)
                added = True
            current.append(key)
            problems += _CACHE.results[key][0]
    # A file's result stands while its bytes are the same and every file its links name is
    # still there, or still missing (files.Listing).
    listing = files.Listing(content_root, everything)
    keys, unchecked = [], []
    for file in markdown:
        raw = file.read_bytes()
        keys.append((str(file), hashlib.blake2b(raw).hexdigest()))
        if keys[-1] not in _CACHE.results or not listing.still(_CACHE.asked.get(keys[-1], {})):
            unchecked.append((file, keys[-1], raw))
    for key, (result, asked) in checked(unchecked, content_root, settings, listing).items():
        _CACHE.results[key], _CACHE.asked[key] = result, asked
    added = added or bool(unchecked)
    for key in keys:
        current.append(key)
        found, file_facts = _CACHE.results[key]
        problems += found
        if file_facts is not None:
            facts.append(file_facts)
    _CACHE.keep_only(current, folder, added)
    problems += site.check_site(facts)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message)), len(markdown)


# --- Signal handler ----------------------------------------------------------


def merge_defaults(pelican: Any) -> None:
    """initialized (first): DEFAULTS for the settings pelicanconf.py leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def cache_folders(settings: dict[str, Any]) -> list[Path]:
    """Folders whose files a build loads as code: Pelican's content cache is a pickle, and
    Jinja's compiled templates are marshalled code. Loading one from the repository (a pull
    request can add it) would run it."""
    folders = [Path(settings["CACHE_PATH"])]
    bytecode = settings.get("JINJA_ENVIRONMENT", {}).get("bytecode_cache")
    if getattr(bytecode, "directory", None):
        folders.append(Path(bytecode.directory))
    return folders


class CacheFromRepository(RuntimeError):
    """A cache folder holds files git tracks: the build stops before anything loads them.
    Its message is for the editor, whole."""

    for_editor = True


class NotBlamedForLeftOut(logging.Filter):
    """Pelican warns that it cannot find a page a link names; when that page was left out of
    this build for its own problems, the link is not wrong, and its page is not blamed."""

    def __init__(self) -> None:
        super().__init__()
        self.left_out: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.left_out or not str(record.msg).startswith("Unable to find"):
            return True
        target = str(record.args[0]) if record.args else ""
        return not any(Path(p).name == Path(target).name for p in self.left_out)


_NOT_BLAMED = NotBlamedForLeftOut()


class LinkedFiles(RuntimeError):
    """A symbolic link among the files a build would copy: stop before Pelican follows it."""

    for_editor = True


def refuse_tracked_caches(settings: dict[str, Any]) -> None:
    """Stop the build if a cache it would load came from the repository; build without a
    cache when git cannot be asked whether it did (fail closed)."""
    for cache_path in cache_folders(settings):
        tracked = cache.tracked_by_git(cache_path)
        if tracked:
            raise CacheFromRepository(
                f"{cache_path} holds files that git tracks. Caches are made by each build and "
                "must never come from the repository; remove them with: git rm -r --cached "
                f"{cache_path}"
            )
        if tracked is None:
            # INFO, not a warning: a machine without git must still build.
            logger.info(
                "git could not say whether %s came from the repository, so this build does "
                "not load it",
                cache_path,
            )
            if cache_path == Path(settings["CACHE_PATH"]):
                settings["LOAD_CONTENT_CACHE"] = False
            else:
                environment = dict(settings.get("JINJA_ENVIRONMENT", {}))
                environment["bytecode_cache"] = None
                settings["JINJA_ENVIRONMENT"] = environment


def check_before_reading(pelican: Any) -> None:
    """initialized (after figures): check every file before Pelican reads any. A file with a
    problem is left out of this build, so the rest are built and checked in the same run
    (one report); its problems fail the build at the end."""
    settings = pelican.settings
    refuse_tracked_caches(settings)
    problems, _ = check_content(Path(settings["PATH"]), settings)
    for problem in problems:
        logger.error("%s", problem)
    if any("(a symbolic link)" in p.message for p in problems):
        # Pelican copies what a link points to before any later check could stop it.
        raise LinkedFiles("the build stopped at the links above: nothing else was checked")
    left_out = sorted({p.path for p in problems if p.path.startswith("content/")})
    settings[LEFT_OUT] = left_out
    _NOT_BLAMED.left_out = left_out
    contents_logger = logging.getLogger("pelican.contents")
    if _NOT_BLAMED not in contents_logger.filters:
        contents_logger.addFilter(_NOT_BLAMED)
    if left_out:
        settings["IGNORE_FILES"] = [
            *settings.get("IGNORE_FILES", []),
            *(glob.escape(Path(p).name) for p in left_out),
        ]


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.initialized.connect(check_before_reading)
