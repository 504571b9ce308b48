"""A build whose every input is as it was for the last good build, into an output that is
still exactly what that build made, has nothing to do: it leaves the site as it is.

The inputs are everything a build reads: the settings as Pelican reads them (the overrides
included), the content, the theme, the plugins, the data files, the build's own code, the
settings files and the installed packages. The output is compared by its listing (every
file's name, size, time and inode), so an output changed by hand, or by a build that did not
finish, is built again. Only builds that keep a cache and index the search before the swap
(make html, make serve) are ever skipped; a publish build keeps no cache and always builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import ROOT, write_whole


def inputs_digest(settings_file: Path, overrides: dict[str, Any]) -> tuple[str, Path] | None:
    """The digest of every input of this build, and where its record is kept; None when the
    build keeps no cache (then it is never skipped)."""
    from content_checks.cache import tracked_by_git
    from incremental.incremental import (
        installed_packages,
        package_folders,
        settings_and_plugins,
        tree_digest,
    )
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file), override=dict(overrides))
    if not settings.get("CACHE_CONTENT") or not settings.get("LOAD_CONTENT_CACHE"):
        return None
    cache = Path(settings["CACHE_PATH"])
    if tracked_by_git(cache) is not False:  # a cache from the repository is never trusted
        return None
    digest = settings_and_plugins(settings)
    data = Path(settings["PATH"]).parent / settings.get("FIGURES_FILE", "data/figures.yaml")
    read = [
        Path(settings["PATH"]),
        Path(settings["THEME"]),
        ROOT / "scripts",
        ROOT / "data",
        # The data files beside the figures (the synonyms too), wherever the settings put them.
        *sorted(data.parent.glob("*.y*ml")),
        settings_file,
        *(ROOT / name for name in ("pelicanconf.py", "publishconf.py")),
        *(Path(p) for p in settings.get("INCREMENTAL_WATCH", [])),
    ]
    digest.update(tree_digest(read).encode())
    digest.update(installed_packages(package_folders(), cache).encode())
    digest.update(sys.version.encode())
    return digest.hexdigest(), cache / "unchanged.json"


def listing(output: Path) -> str:
    """Every file and folder of `output` with its size, time and inode, as one digest."""
    digest = hashlib.blake2b()
    for folder, folders, files in os.walk(output):
        folders.sort()
        for name in sorted(files) + folders:
            path = os.path.join(folder, name)
            stat = os.lstat(path)
            digest.update(
                f"{os.path.relpath(path, output)}\0{stat.st_mode}\0{stat.st_size}\0"
                f"{stat.st_mtime_ns}\0{stat.st_ino}\n".encode()
            )
    return digest.hexdigest()


def still_built(output: Path, inputs: str, record: Path) -> bool:
    """Whether the last good build had these inputs and `output` is exactly what it made."""
    try:
        kept = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(kept, dict) or kept.get("inputs") != inputs:
        return False
    if kept.get("output_path") != str(output) or not output.is_dir():
        return False
    return kept.get("listing") == listing(output)


def remember(output: Path, inputs: str, record: Path) -> None:
    """After a build is swapped into place: what it was made from, and what it made."""
    data = {"inputs": inputs, "output_path": str(output), "listing": listing(output)}
    write_whole(record, json.dumps(data))


def forget(record: Path) -> None:
    """Before a build writes anything: the record no longer holds for what it will make."""
    record.unlink(missing_ok=True)
