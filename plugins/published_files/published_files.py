"""Pure functions first, the signal handler after, register() at the bottom."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from content_checks.files import PICTURES
from pelican import signals

logger = logging.getLogger(__name__)

# Where the theme's own files are published: nothing from content/ may be copied there.
THEME_FOLDER = "theme/"


def refusal(source: Path, save_as: str, content_root: Path, static_paths: list[str]) -> str | None:
    """Why Pelican must not copy `source` to `save_as`, or None when it may."""
    folders = [(content_root / folder).resolve() for folder in static_paths]
    if source.is_symlink():
        return "it is a link to another file (a symbolic link)"
    resolved = source.resolve()
    if not any(resolved.is_relative_to(folder) for folder in folders):
        where = " or ".join(f"content/{folder}/" for folder in static_paths)
        return f"only files in {where} are published"
    if resolved.suffix.lower() not in PICTURES:
        return f"only pictures ({', '.join(sorted(PICTURES))}) are published"
    if save_as.replace("\\", "/").lstrip("/").startswith(THEME_FOLDER) or ".." in save_as:
        return f"it would be written to {save_as}, where the theme's own files go"
    return None


def check_static_files(generator: Any) -> None:
    """static_generator_finalized: every file Pelican would copy, from a folder or through a
    link, against the allow-list; what is refused is not copied, and the build fails."""
    settings = generator.settings
    content_root = Path(settings["PATH"]).resolve()
    kept = []
    for static in generator.staticfiles:
        source = Path(static.source_path)
        why = refusal(source, static.save_as, content_root, settings.get("STATIC_PATHS", []))
        if why is None:
            kept.append(static)
            continue
        shown = (
            source.relative_to(content_root.parent)
            if source.is_relative_to(content_root.parent)
            else source
        )
        logger.error(
            "%s is not published: %s; a page links to it with {static} or {attach}", shown, why
        )
        generator.context.get("static_content", {}).pop(static.get_relative_source_path(), None)
    generator.staticfiles[:] = kept


def register() -> None:
    signals.static_generator_finalized.connect(check_static_files)
