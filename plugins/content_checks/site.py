"""Problems between files: two pages with one slug, a published page linking to a draft.

Each file is reduced to its `Facts` once (kept in the cache with its own problems), so these
checks never need to read a file again."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from content_model import GENERATED_FOLDERS, section_of

from .body import body_lines
from .links import FILENAME_LINK, link_target
from .reading import Problem, Source, field_line


@dataclass(frozen=True)
class Facts:
    """What the site-wide checks need to know of one file."""

    path: str
    section: str
    slug: str
    slug_line: int
    draft: bool
    # (line, the link's path as written, the file it names relative to content/, or "")
    links: tuple[tuple[int, str, str], ...]

    def as_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Facts:
        return cls(**{**data, "links": tuple(tuple(link) for link in data["links"])})


def facts_of(src: Source, root: Path) -> Facts:
    links = []
    for number, line in body_lines(src):
        for link in FILENAME_LINK.finditer(line):
            target = link_target(src, link, root)
            inside = target.relative_to(root).as_posix() if target.is_relative_to(root) else ""
            links.append((number, link["path"], inside))
    return Facts(
        path=src.path,
        section=src.section,
        slug=str(src.meta.get("slug") or Path(src.path).stem),
        slug_line=field_line(src.yaml_text, "slug"),
        draft=src.meta.get("status") == "draft",
        links=tuple(links),
    )


def check_site(files: list[Facts]) -> list[Problem]:
    """Problems between files: duplicate slugs, published pages linking to drafts."""
    problems = []
    by_slug: dict[tuple[str, str], list[Facts]] = {}
    for file in files:
        by_slug.setdefault((file.section, file.slug), []).append(file)
    for (_, slug), group in sorted(by_slug.items()):
        if len(group) > 1:
            names = " and ".join(f.path for f in group)
            for file in group:
                problems.append(
                    Problem(
                        file.path,
                        file.slug_line,
                        f'slug "{slug}" is used by {names}; give each page its own slug (or file name)',
                    )
                )
    for file in files:
        if section_of(file.section).url is None and file.section != "news":
            taken = GENERATED_FOLDERS.get(file.slug)
            if taken:
                problems.append(
                    Problem(
                        file.path,
                        file.slug_line,
                        f'slug "{file.slug}" would put this page at {file.slug}/, where the site '
                        f"writes {taken}; give the page another slug (or file name)",
                    )
                )
    drafts = {f.path.removeprefix("content/") for f in files if f.draft}
    for file in files:
        if file.draft:
            continue
        for number, written, target in file.links:
            if target in drafts:
                problems.append(
                    Problem(
                        file.path,
                        number,
                        f"this published page links to {written}, which is a draft; publish that page first (remove its status: draft) or remove the link",
                    )
                )
    return problems
