"""Reading a content file: its front matter and body, or the problem that stops it being read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*\n(?P<body>.*)\Z", re.S)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class Source:
    """One content file as read from disk."""

    path: str  # as the editor sees it, e.g. content/campaigns/scotland.md
    section: str
    text: str
    meta: dict[str, Any]
    body: str
    body_line: int  # the file line where the body starts
    yaml_text: str


def field_line(yaml_text: str, name: str) -> int:
    """The file line of `name:` in the front matter (the opening --- is line 1)."""
    for number, line in enumerate(yaml_text.splitlines(), start=2):
        if re.match(rf"^{re.escape(name)}\s*:", line):
            return number
    return 1


def parse_front_matter(text: str) -> Any:
    """YAML front matter, parsed with libyaml when present. Errors come from the
    pure-Python parser, whose messages the editors' guide quotes."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # CSafeLoader or SafeLoader: both safe
    except yaml.YAMLError:
        return yaml.safe_load(text)  # raises with the message editors see


def read_source(
    file: Path, root: Path, raw: bytes | None = None
) -> tuple[Source | None, list[Problem]]:
    """Parse one file's front matter (its bytes, if already read); problems if it cannot be
    read or parsed."""
    shown = f"content/{file.relative_to(root).as_posix()}"
    section = file.relative_to(root).parts[0] if len(file.relative_to(root).parts) > 1 else ""
    raw = file.read_bytes() if raw is None else raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                "the file is not saved as UTF-8 text; save it again as UTF-8 "
                "(in most editors: File, Save with encoding, UTF-8)",
            )
        ]
    text = text.replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if not match:
        return None, [
            Problem(
                shown,
                1,
                "the file has no front matter; start it with a line of three "
                "hyphens (---), the fields, then another line of three hyphens",
            )
        ]
    try:
        meta = parse_front_matter(match["yaml"])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or "it cannot be read"
        return None, [
            Problem(
                shown,
                line,
                f"the front matter is not valid ({problem}); check this line: "
                "a value with a colon in it must be in double quotes, and list items start "
                "with two spaces and a hyphen",
            )
        ]
    if not isinstance(meta, dict):
        return None, [Problem(shown, 2, "the front matter must be lines of the form field: value")]
    body_line = match["yaml"].count("\n") + 3
    return Source(shown, section, text, meta, match["body"], body_line, match["yaml"]), []
