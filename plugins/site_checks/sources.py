"""Which Markdown file, and which line of it, a problem in a built page comes from: so an
editor is told the file they wrote, not the page it became."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# The lists of a generator that hold built pages, drafts included.
GENERATED = ("articles", "pages", "hidden_pages", "hidden_articles", "drafts", "draft_pages")


def sources_of(generators: list[Any]) -> dict[str, Path]:
    """Each built page (its path in the output) and the Markdown file it comes from; each
    item shown inside another page (an FAQ answer) as "faq/index.html#its-anchor"."""
    sources: dict[str, Path] = {}
    for generator in generators:
        for name in GENERATED:
            for item in getattr(generator, name, []) or []:
                if getattr(item, "save_as", "") and getattr(item, "source_path", ""):
                    sources[item.save_as] = Path(item.source_path)
        for host, items in generator.context.get("embedded_items", {}).items():
            for anchor, item in items.items():
                sources[f"{host}#{anchor}"] = Path(item.source_path)
    return sources


def embedded_anchors(sources: dict[str, Path]) -> dict[str, list[str]]:
    """The anchors of the items shown inside each page: {"faq/index.html": [...]}."""
    anchors: dict[str, list[str]] = {}
    for key in sources:
        host, _, anchor = key.partition("#")
        if anchor:
            anchors.setdefault(host, []).append(anchor)
    return anchors


def source_of(path: str, sources: dict[str, Path]) -> Path | None:
    """The Markdown file a page comes from; a poster comes from its campaign's page."""
    if path in sources:
        return sources[path]
    parts = path.split("/")
    while parts:
        candidate = (
            "/".join(parts) if parts[-1].endswith(".html") else "/".join([*parts, "index.html"])
        )
        if candidate in sources:
            return sources[candidate]
        parts = parts[:-1] if parts[-1] != "index.html" else parts[:-2]
    return None


def locate(message: str, text: str) -> int:
    """The line of a source file that holds what a message quotes ('...'), else 0: as link
    words ([here]), as HTML text (>here<), as a whole word, then anywhere in a line, so a
    quoted "here" is not found inside "where" on an earlier line."""
    lines = text.splitlines()
    for needle in re.findall(r"'([^']{2,})'", message):
        for candidate in dict.fromkeys((needle, needle.strip("./"))):
            if not candidate:
                continue
            word = re.escape(candidate)
            for pattern in (
                rf"\[\s*{word}\s*\]",
                rf">\s*{word}\s*<",
                rf"(?<!\w){word}(?!\w)",
                word,
            ):
                for number, line in enumerate(lines, start=1):
                    if re.search(pattern, line):
                        return number
    return 0


def named_by_source(
    problems: list[tuple[str, str]], sources: dict[str, Path], project: Path
) -> list[str]:
    """One line a problem, in order: the Markdown file (from `project`) and its line, what
    it was built as, the message; a page the theme makes is named by its path."""
    lines = []
    for path, message in sorted(set(problems)):
        source = source_of(path, sources)
        if source is None:
            lines.append(f"{path} (a page the theme makes): {message}")
            continue
        shown = source.resolve()
        shown_text = (
            shown.relative_to(project).as_posix() if shown.is_relative_to(project) else str(source)
        )
        line = locate(message, source.read_text(encoding="utf-8", errors="replace"))
        lines.append(f"{shown_text}{f', line {line}' if line else ''} (built as {path}): {message}")
    return lines
