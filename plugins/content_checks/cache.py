"""The checks' results kept between builds, as JSON: a cache is data, never code.

A file's own problems depend on its bytes, the checks' settings, and whether the files its
links name exist; the preview rebuilds often, so results are kept until one of those changes, in
memory and, when the content cache is on, on disk for the next build. A cache file that git
tracks is never read: it could have come in a pull request, written to pass a bad file."""

from __future__ import annotations

import json
import logging
import os
import subprocess
from pathlib import Path
from typing import Any

from .files import Asked
from .reading import Problem
from .site import Facts

logger = logging.getLogger(__name__)

FILE_NAME = "content-checks.json"
# One file's result: its problems, and its facts (None when it could not be read).
Result = tuple[list[Problem], Facts | None]


def tracked_by_git(path: Path) -> bool | None:
    """Whether git tracks `path` (or anything under it) in the repository that holds it:
    None when git cannot be asked (not installed, the repository belongs to another user,
    or any other failure), so a caller can fail closed. A folder in no repository at all
    holds nothing a pull request could have put there: not tracked."""
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        return False
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--", path.name if path.is_file() else "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if listed.returncode != 0:
        return False if "not a git repository" in listed.stderr else None
    return bool(listed.stdout.strip())


def store_json(stored: Path, data: Any) -> None:
    """Write a cache file whole or not at all: a killed build leaves the last one."""
    stored.parent.mkdir(parents=True, exist_ok=True)
    temporary = stored.with_suffix(".tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, stored)


def encode(result: Result) -> dict[str, Any]:
    problems, facts = result
    return {
        "problems": [[p.path, p.line, p.message] for p in problems],
        "facts": facts.as_data() if facts else None,
    }


def decode(data: dict[str, Any]) -> Result:
    problems = [
        Problem(str(path), int(line), str(message)) for path, line, message in data["problems"]
    ]
    return problems, Facts.from_data(data["facts"]) if data["facts"] else None


class ResultCache:
    """{(file, hash of its bytes): result} for one context (the settings and the checks), with
    what each file's checks asked of the listing (files.Listing), and the results of the last
    few contexts before it in memory: a build that changes a setting and the next that
    changes it back (a test's case, an editor's undo) find theirs still there."""

    KEPT_CONTEXTS = 4

    def __init__(self) -> None:
        self.context: list[str] | None = None
        self.results: dict[tuple[str, str], Result] = {}
        self.asked: dict[tuple[str, str], Asked] = {}
        self.earlier: dict[
            str, tuple[dict[tuple[str, str], Result], dict[tuple[str, str], Asked]]
        ] = {}

    def use(self, context: list[str], folder: Path | None) -> None:
        """Start a build in `context`; load the results kept in `folder` if they match it."""
        if self.context == context:
            return
        if self.context is not None:
            self.earlier[repr(self.context)] = (self.results, self.asked)
            while len(self.earlier) > self.KEPT_CONTEXTS:
                del self.earlier[next(iter(self.earlier))]
        self.context = context
        self.results, self.asked = self.earlier.pop(repr(context), ({}, {}))
        if self.results:
            return
        stored = folder / FILE_NAME if folder else None
        if stored is None or not stored.is_file():
            return
        tracked = tracked_by_git(stored)
        if tracked is None:
            return  # git cannot say where it came from: check every file again
        if tracked:
            logger.warning(
                "%s is tracked by git and was not read: a cache must never come from the "
                "repository. Remove it with: git rm --cached %s",
                stored,
                stored,
            )
            return
        try:
            data = json.loads(stored.read_text(encoding="utf-8"))
            if data.get("context") == context:
                for entry in data["files"]:
                    key = (entry["file"], entry["hash"])
                    self.results[key] = decode(entry)
                    self.asked[key] = {
                        str(path): answer if isinstance(answer, str) else bool(answer)
                        for path, answer in entry["asked"].items()
                    }
        except (ValueError, KeyError, TypeError, AttributeError):
            # an unreadable cache is only a slower build
            self.results, self.asked = {}, {}

    def keep_only(self, current: list[tuple[str, str]], folder: Path | None, changed: bool) -> None:
        """Keep today's files only (a long preview does not pile up old versions); write them
        to `folder` when anything changed."""
        kept = {key: self.results[key] for key in current}
        changed = changed or len(kept) != len(self.results)
        self.results = kept
        self.asked = {key: self.asked.get(key, {}) for key in current}
        if folder is None or not changed:
            return
        data = {
            "context": self.context,
            "files": [
                {"file": f, "hash": h, **encode(r), "asked": self.asked[(f, h)]}
                for (f, h), r in kept.items()
            ],
        }
        store_json(folder / FILE_NAME, data)
