"""Every content file checked before Pelican reads any: the orchestration, the report and the
signal handler. The checks themselves live in their own modules: reading, fields, body,
readability, site (between files) and cache."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from pelican import signals

from . import body, cache, fields, files, numbers, phones, readability, reading, site
from .reading import MARKDOWN_SUFFIXES, Problem

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "CONTENT_CHECKS_MIN_READING_EASE": 45,
    "CONTENT_CHECKS_MIN_WORDS_FOR_READING_EASE": 60,
    "CONTENT_CHECKS_MAX_DESCRIPTION": 160,
}
MODULES = (body, cache, fields, files, numbers, phones, readability, reading, site)

_CACHE = cache.ResultCache()


def check_file(
    file: Path, content_root: Path, settings: dict[str, Any], raw: bytes | None = None
) -> cache.Result:
    """One file's own problems (not those between files), and its facts for the site checks."""
    src, problems = reading.read_source(file, content_root, raw)
    if src is None:
        return problems, None
    problems += fields.check_fields(src, settings)
    problems += body.check_body(src, content_root, settings)
    problems += readability.check_readability(src, settings)
    return problems, site.facts_of(src, content_root)


def check_content(content_root: Path, settings: dict[str, Any]) -> tuple[list[Problem], int]:
    """Every problem in every Markdown file under content_root, and how many files."""
    content_root = content_root.resolve()
    project = content_root.parent
    everything, problems = files.walk(content_root, project)
    data = Path(settings["FIGURES_FILE"])
    data_root = (data if data.is_absolute() else project / data).parent
    if data_root != project and data_root.is_dir():
        data_files, linked = files.walk(data_root, project)
        problems += linked
        for file in data_files:
            if file.suffix in {".yaml", ".yml"}:
                problems += phones.check_data_file(file, files.shown(file, project), settings)
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
        repr(sorted(body.theme_ids(settings["THEME"])) if settings.get("THEME") else []),
        repr([str(p) for p in everything]),
        # these checks themselves
        hashlib.blake2b(b"".join(Path(m.__file__).read_bytes() for m in MODULES)).hexdigest(),
    ]
    folder = Path(settings["CACHE_PATH"]) if settings.get("CACHE_CONTENT") else None
    _CACHE.use(context, folder)
    facts = []
    current, added = [], False
    for file in markdown:
        raw = file.read_bytes()
        key = (str(file), hashlib.blake2b(raw).hexdigest())
        if key not in _CACHE.results:
            _CACHE.results[key] = check_file(file, content_root, settings, raw)
            added = True
        current.append(key)
        found, file_facts = _CACHE.results[key]
        problems += found
        if file_facts is not None:
            facts.append(file_facts)
    _CACHE.keep_only(current, folder, added)
    problems += site.check_site(facts)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message)), len(markdown)


def report(problems: list[Problem]) -> str:
    count = len({p.path for p in problems})
    lines = [str(p) for p in problems]
    noun = "problem" if len(problems) == 1 else "problems"
    lines.append(
        f"{len(problems)} {noun} in {count} {'file' if count == 1 else 'files'}: the site was not built. How to fix each: docs/errors.md"
    )
    return "\n".join(lines)


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


def check_before_reading(pelican: Any) -> None:
    """initialized (after figures): check every file before Pelican reads any."""
    settings = pelican.settings
    for cache_path in cache_folders(settings):
        if cache.tracked_by_git(cache_path):
            logger.error(
                "%s holds files that git tracks. Caches are made by each build and must never "
                "come from the repository; remove them with: git rm -r --cached %s",
                cache_path,
                cache_path,
            )
            return
    problems, _ = check_content(Path(settings["PATH"]), settings)
    if problems:
        logger.error("Content problems:\n%s", report(problems))


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.initialized.connect(check_before_reading)
