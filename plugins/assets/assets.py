"""Pure functions first, signal handlers after, register() at the bottom."""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from pathlib import Path
from typing import Any

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # The entry stylesheet, relative to the theme's static folder.
    "ASSETS_CSS_ENTRY": "css/main.css",
}

IMPORT = re.compile(
    r'^\s*@import\s+url\(\s*["\']?(?P<url>[^"\')]+)["\']?\s*\)\s*(?:layer\((?P<layer>[\w-]+)\))?\s*;\s*$',
    re.M,
)


class AssetError(ValueError):
    """A stylesheet import that cannot be resolved."""


def bundle_css(entry: Path, seen: frozenset[Path] = frozenset()) -> str:
    """The stylesheet at `entry` with every @import replaced by the file's text,
    wrapped in `@layer name { }` when the import names a layer."""
    if entry in seen:
        raise AssetError(f"{entry} imports itself")
    text = entry.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        target = (entry.parent / match["url"]).resolve()
        if not target.is_file():
            raise AssetError(f"{entry.name}: @import {match['url']!r} names no file")
        inner = bundle_css(target, seen | {entry}).strip()
        return f"@layer {match['layer']} {{\n{inner}\n}}" if match["layer"] else inner

    return IMPORT.sub(replace, text)


def hashed_name(relative: str, content: bytes, length: int = 10) -> str:
    """css/main.css + content -> css/main.<hash>.css"""
    digest = hashlib.sha256(content).hexdigest()[:length]
    path = Path(relative)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}").as_posix())


def plan_assets(static: Path, css_entry: str) -> dict[str, tuple[str, bytes | Path]]:
    """{source name: (output name, bytes to write or file to copy)} for the theme's static
    folder. CSS is bundled from the entry; scripts are hashed; other files keep their names;
    stylesheets other than the entry are inside the bundle and not written."""
    plan: dict[str, tuple[str, bytes | Path]] = {}
    css = bundle_css(static / css_entry).encode("utf-8")
    plan[css_entry] = (hashed_name(css_entry, css), css)
    for file in sorted(static.rglob("*")):
        if not file.is_file():
            continue
        name = file.relative_to(static).as_posix()
        if file.suffix == ".css":
            continue
        if file.suffix == ".js":
            data = file.read_bytes()
            plan[name] = (hashed_name(name, data), data)
        else:
            plan[name] = (name, file)
    return plan


# --- Signal handlers ---------------------------------------------------------


def merge_defaults(pelican: Any) -> None:
    """initialized (first): DEFAULTS for the settings pelicanconf.py leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def prepare(pelican: Any) -> None:
    """initialized: plan the assets so templates know their hashed names."""
    settings = pelican.settings
    static = Path(settings["THEME"]) / "static"
    plan = plan_assets(static, settings["ASSETS_CSS_ENTRY"])
    prefix = settings.get("THEME_STATIC_DIR", "theme")
    settings["ASSETS_PLAN"] = plan
    settings["ASSET_URLS"] = {src: f"{prefix}/{out}" for src, (out, _) in plan.items()}
    # The plugin writes the theme's files itself; Pelican's copy would add unhashed ones.
    settings["THEME_STATIC_PATHS"] = []


def write_assets(pelican: Any) -> None:
    """finalized: write the planned assets."""
    settings = pelican.settings
    output = Path(pelican.output_path)
    prefix = settings.get("THEME_STATIC_DIR", "theme")
    for _, (out, data) in settings["ASSETS_PLAN"].items():
        target = output / prefix / out
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            target.write_bytes(data)


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.initialized.connect(prepare)
    signals.finalized.connect(write_assets)
