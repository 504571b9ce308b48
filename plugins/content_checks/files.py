"""The files themselves: only real files (no links to elsewhere on the machine), and only the
picture types the site uses in its static folders, each really the picture its name says."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .reading import Problem

# Suffix -> the first bytes every such file starts with. SVG is not here: it can carry script.
PICTURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


def shown(path: Path, project: Path) -> str:
    return path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)


def walk(root: Path, project: Path) -> tuple[list[Path], list[Problem]]:
    """Every regular file under `root`, without following links; a problem for each link."""
    files, problems = [], []
    for folder, folders, names in os.walk(root, followlinks=False):
        for name in sorted(folders + names):
            path = Path(folder) / name
            if path.is_symlink():
                problems.append(
                    Problem(
                        shown(path, project),
                        0,
                        "this is a link to another file or folder (a symbolic link); the build "
                        "uses only files that are really in the project: copy the file in instead",
                    )
                )
            elif name in names:
                files.append(path)
    return sorted(files), problems


# What a file's checks asked of the listing: {path: whether it is a file}, and EVERY_FILE:
# the digest of the whole list, when a check read all of it (a broken link's "did you mean").
Asked = dict[str, bool | str]
EVERY_FILE = "*"


class Listing:
    """Which files content/ holds, as walk() found them at the start of the build. A file's
    checks ask it, not the disk, whether the file a link names is there, and it keeps what
    they asked: the file's result is reused for as long as every answer stays the same, so
    a page added or removed checks again only the pages whose links it answers (not every
    page, as when the whole list was part of the cache's key). `files` None asks the disk."""

    def __init__(self, root: Path, files: list[Path] | None = None) -> None:
        self.root = str(root)
        self.present = None if files is None else frozenset(str(p) for p in files)
        self.digest = hashlib.blake2b("\0".join(sorted(self.present or ())).encode()).hexdigest()
        self.asked: Asked = {}

    def answer(self, path: str) -> bool:
        inside = path == self.root or path.startswith(self.root + os.sep)
        return path in self.present if inside and self.present is not None else os.path.isfile(path)

    def is_file(self, path: Path | str) -> bool:
        key = os.path.normpath(path)
        self.asked[key] = found = self.answer(key)
        return found

    def every_file(self) -> list[Path]:
        """Every file under content/, read as a whole (its digest is kept as the answer)."""
        self.asked[EVERY_FILE] = self.digest
        if self.present is None:
            return sorted(p for p in Path(self.root).rglob("*") if p.is_file())
        return sorted(Path(p) for p in self.present)

    def take(self) -> Asked:
        """What was asked since the last take(): one file's questions."""
        asked, self.asked = self.asked, {}
        return asked

    def still(self, asked: Asked) -> bool:
        """Whether every question in `asked` has the same answer now."""
        return all(
            (self.digest if path == EVERY_FILE else self.answer(path)) == answer
            for path, answer in asked.items()
        )


def check_static(files: list[Path], content_root: Path, static_paths: list[str]) -> list[Problem]:
    """Files in the static folders (content/images/) that are not pictures of the site's types."""
    problems = []
    folders = [content_root / p for p in static_paths]
    project = content_root.parent
    for file in files:
        if not any(file.is_relative_to(folder) for folder in folders):
            continue
        suffix = file.suffix.lower()
        if suffix not in PICTURES:
            problems.append(
                Problem(
                    shown(file, project),
                    0,
                    f"only pictures ({', '.join(sorted(PICTURES))}) are published from "
                    f"{shown(file.parent, project)}/; a {suffix or 'nameless'} file is not (a "
                    "script, a web page or an SVG there could run in a reader's browser): "
                    "remove it, or ask a developer",
                )
            )
            continue
        with file.open("rb") as stream:
            head = stream.read(12)
        if not head.startswith(PICTURES[suffix]) or (suffix == ".webp" and head[8:12] != b"WEBP"):
            problems.append(
                Problem(
                    shown(file, project),
                    0,
                    f"this is not a {suffix[1:].upper()} picture, whatever its name says; save the "
                    "picture again from an image editor",
                )
            )
    return problems
