"""Links to the site's own files: {filename} to a page, {static} and {attach} to a picture
(the only files a link may publish), and the fix when a link finds nothing."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from urllib.parse import unquote

from .files import PICTURES, Listing
from .reading import Source

# Pelican reads {static} and its older spelling |static| alike.
FILENAME_LINK = re.compile(
    r"[{|](?P<what>filename|static|attach)[}|](?P<root>/?)(?P<path>[^)#?\s\"'<>]+)"
)
# A link or image address that starts at the site root: /resources/helpline/, not //host/.
ROOT_RELATIVE = re.compile(
    r"(?:\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?|(?:href|src)\s*=\s*[\"']?)(?P<url>/(?!/)[^)\s\"'>]*)"
)


def link_target(src: Source, link: re.Match[str], content_root: Path) -> Path:
    """The file a {filename} link names: from content/ when the path starts with /, else from
    the linking file's own folder, as Pelican resolves it (%-escapes read as Pelican does)."""
    raw = unquote(link["root"] + link["path"])
    if raw.startswith("/"):
        return (content_root / raw.lstrip("/")).resolve()
    return (content_root / src.path.removeprefix("content/")).parent.joinpath(raw).resolve()


# A {filename}/{static}/{attach} address in a Markdown link or image with a space in it.
SPACE_IN_ADDRESS = re.compile(
    r"\]\(\s*(?P<address>[{|](?:filename|static|attach)[}|][^)\s]*\s[^)]*?)\s*\)"
)


def tidy_name(name: str) -> str:
    """A file name as the site writes them: lower case, hyphens for spaces."""
    folder, _, base = name.rpartition("/")
    tidy = re.sub(r"[^a-z0-9.]+", "-", base.lower()).strip("-")
    return f"{folder}/{tidy}" if folder else tidy


def nearest_file(target: Path, content_root: Path, kind: str, listing: Listing) -> str:
    """The closest existing file ("; did you mean …?") to the existing file closest to a link that finds nothing (a
    renamed page), else an example of the right kind. Only read when a link is broken."""
    wanted = PICTURES if kind == "image" else {".md"}
    files = [
        p.relative_to(content_root).as_posix()
        for p in listing.every_file()
        if p.suffix.lower() in wanted
    ]
    shown = (
        target.relative_to(content_root).as_posix()
        if target.is_relative_to(content_root)
        else target.name
    )
    folder = shown.rpartition("/")[0]
    # A file of that folder with a name close to the one linked (a rename).
    names = {Path(f).stem: f for f in files if f.rpartition("/")[0] == folder}
    close = [names[n] for n in difflib.get_close_matches(target.stem, names, n=1, cutoff=0.7)]
    if not close:  # a page moved to another folder: the same name elsewhere
        close = [f for f in files if Path(f).stem == target.stem]
    if close and close[0] != shown:
        return f"; did you mean {close[0]}?"
    return (
        " (for example images/poster.png)"
        if kind == "image"
        else " (for example resources/helpline.md)"
    )


def published_file_problem(
    target: Path, shown: str, content_root: Path, static_paths: list[str]
) -> str | None:
    """Why a {static} or {attach} link may not publish `target`, or None when it may: only a
    picture of the site's types, from the folders pelicanconf.py's STATIC_PATHS declares
    (content/images/). Anything else a link could copy (a script, a web page, an SVG, the
    site's own _headers or robots.txt, a file outside content/) is never published."""
    folders = [(content_root / folder).resolve() for folder in static_paths]
    where = " or ".join(f"content/{folder}/" for folder in static_paths) or "nowhere"
    if not target.is_relative_to(content_root):
        return (
            f"the link to {shown} leads outside content/; a link can publish only a picture "
            f"in {where}"
        )
    if not any(target.is_relative_to(folder) for folder in folders):
        return (
            f"the link to {shown} would publish a file from outside {where}; only pictures "
            f"there are published: put the picture in {where} and link to it there"
        )
    if target.suffix.lower() not in PICTURES:
        return (
            f"the link to {shown} would publish a {target.suffix or 'nameless'} file; only "
            f"pictures ({', '.join(sorted(PICTURES))}) are published"
        )
    return None
