"""The body of a content file: headings, links, images and phone numbers.

What HTML a body may carry is not checked here, by looking for forbidden words: the
html_allowlist plugin checks what the Markdown actually became against a list of what is
allowed."""

from __future__ import annotations

import difflib
import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from content_model import SCAFFOLD_PLACEHOLDERS, file_for_url
from markdown.extensions.toc import slugify

from . import phones
from .fields import nearest_figure, value_line
from .files import PICTURES
from .numbers import statistics
from .phones import typed_helpline
from .reading import Problem, Source

# Pelican reads {static} and its older spelling |static| alike.
FILENAME_LINK = re.compile(
    r"[{|](?P<what>filename|static|attach)[}|](?P<root>/?)(?P<path>[^)#?\s\"'<>]+)"
)
# Link words hold no [ or ]: a run of [ then fails at once, not after scanning the line.
IMAGE = re.compile(r"!\[(?P<alt>[^\[\]]*)\]\((?P<src>[^)\s]+)")
HTML_IMAGE = re.compile(r"<img\b(?![^>]*\balt\s*=)[^>]*>", re.I)
SETEXT_H1 = re.compile(r"^=+\s*$")
# A link or image address that starts at the site root: /resources/helpline/, not //host/.
ROOT_RELATIVE = re.compile(
    r"(?:\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?|(?:href|src)\s*=\s*[\"']?)(?P<url>/(?!/)[^)\s\"'>]*)"
)
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+\S", re.M)
TEL_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\(tel:(?P<number>[^)]*)\)")
# A word in braces outside a link's address: {helpline}, or a misspelling of it.
PLACEHOLDER = re.compile(r"(?<![(:])\{(?P<name>[A-Za-z_-]+)\}")
# A figure from the data file: {figure:key}, {figure:key:text} or {figure:key:source}.
FIGURE_CODE = re.compile(r"\{figure:(?P<key>[^}:]*)(?::[^}]*)?\}")
PELICAN_PLACEHOLDERS = {"filename", "static", "attach", "index", "tag", "category", "author"}
# Markdown a site without footnotes or attribute lists would publish as it is typed.
FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
ATTRIBUTE_LIST = re.compile(r"\{\s*:?\s*[.#:][^}]*\}")
# A tag of raw HTML, over as many lines as it takes.
TAG = re.compile(r"<[A-Za-z][^<>]*>", re.S)
# The ids the theme's templates give their own elements (main-content, the skip link's
# target): a heading in content that made one would make two on a page.
THEME_ID = re.compile(r'\bid="(?P<id>[^"{}]+)"')
CALLOUTS = "!!! note, !!! warning, !!! helpline or !!! details (docs/editing.md)"


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs if name in {"class", "id"}]

    handle_startendtag = handle_starttag


def classes_and_ids(html: str) -> list[tuple[str, str, str]]:
    """(tag, "class" or "id", value) for each class or id written in raw HTML."""
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.found


@functools.lru_cache(maxsize=8)
def theme_ids(theme: str) -> frozenset[str]:
    """Every fixed id in the theme's templates."""
    return frozenset(
        match["id"]
        for template in sorted(Path(theme, "templates").rglob("*.html"))
        for match in THEME_ID.finditer(template.read_text(encoding="utf-8"))
    )


def heading_id(text: str) -> str:
    """The id the Markdown toc extension gives a heading with this text."""
    plain = re.sub(r"\[([^\[\]]*)\]\([^)]*\)", r"\1", text)
    return slugify(re.sub(r"[*_`]", "", plain).strip(), "-")


TABLE_ROW = re.compile(r"^\s{0,3}\|")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
TABLES_HELP = "docs/editing.md, Tables"


def check_tables(src: Source) -> list[Problem]:
    """A table needs its row of headings, then a line of dashes: without them Markdown
    publishes the rows as a paragraph of pipes; with empty headings, a screen reader reads
    each cell with nothing to say what it is."""
    problems = []
    lines = src.body.splitlines()
    index = 0
    while index < len(lines):
        if not TABLE_ROW.match(lines[index]):
            index += 1
            continue
        start = index
        while index < len(lines) and (
            TABLE_ROW.match(lines[index]) or TABLE_RULE.match(lines[index])
        ):
            index += 1
        block, number = lines[start:index], src.body_line + start
        if len(block) < 2 or not TABLE_RULE.match(block[1]):
            problems.append(
                Problem(
                    src.path,
                    number,
                    "this looks like a table without its row of headings: write the headings "
                    "first (| Year | People |), then a line of dashes (| --- | --- |), then the "
                    f"rows ({TABLES_HELP})",
                )
            )
            continue
        headings = [cell.strip() for cell in block[0].strip().strip("|").split("|")]
        if not any(headings):
            message = (
                "the table's first row, its headings, is empty; write a heading for each column"
            )
        elif not all(headings):
            message = "a column of this table has no heading; write one in its first row"
        else:
            continue
        problems.append(Problem(src.path, number, f"{message} ({TABLES_HELP})"))
    return problems


def check_unfinished(src: Source) -> list[Problem]:
    """A published page still holding what a scaffold wrote for the editor to replace, or a
    statistic typed as text, not taken from the data file with its source."""
    problems = []
    if src.meta.get("status") != "draft":
        # The fields as YAML reads them (a scaffold writes a quote inside a value as \"),
        # then the text of the page.
        found = [
            (value_line(src.yaml_text, name, str(value)), str(value))
            for name, field in src.meta.items()
            for value in phones.strings(field)
        ]
        found += [(number, line) for number, line in body_lines(src)]
        for number, text in found:
            for placeholder in SCAFFOLD_PLACEHOLDERS:
                if placeholder in text:
                    problems.append(
                        Problem(
                            src.path,
                            number,
                            f'"{placeholder.strip()}…" is what the scaffold wrote for you to '
                            "replace; write your own words here before the page is published "
                            "(or keep status: draft while you work on it)",
                        )
                    )
    for statistic in statistics(src.body):
        problems.append(
            Problem(
                src.path,
                src.body_line + src.body.count("\n", 0, statistic.start),
                f"{statistic.shown} looks like a figure typed into the text; every figure the "
                "site states comes from data/figures.yaml with its source: write "
                "{figure:key} (add the figure there first if it is new)",
            )
        )
    return problems


def check_classes_and_ids(src: Source) -> list[Problem]:
    """Raw HTML that sets a class or an id: content never wears the theme's look (a second
    "Exit this page", a fake helpline box) or takes one of its ids. The whole body is read,
    code included: whatever Markdown would publish as HTML is seen."""
    problems = []
    for tag in TAG.finditer(src.body):
        for name, attribute, value in classes_and_ids(tag[0]):
            number = src.body_line + src.body.count("\n", 0, tag.start())
            problems.append(
                Problem(
                    src.path,
                    number,
                    f'{attribute}="{value}" on <{name}>: content cannot set classes or ids, '
                    f"the theme decides how pages look; remove it (for a box, use {CALLOUTS})",
                )
            )
    return problems


def body_lines(src: Source) -> list[tuple[int, str]]:
    """(file line number, text) for each body line outside fenced code blocks."""
    lines, fenced = [], False
    for offset, line in enumerate(src.body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((src.body_line + offset, line))
    return lines


def same_number(text: str, helpline: str) -> bool:
    """Whether a written number is the helpline, in any of its forms (+44 808..., 0808...)."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits == re.sub(r"\D", "", helpline)


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


def nearest_file(target: Path, content_root: Path, kind: str) -> str:
    """The closest existing file ("; did you mean …?") to the existing file closest to a link that finds nothing (a
    renamed page), else an example of the right kind. Only read when a link is broken."""
    wanted = PICTURES if kind == "image" else {".md"}
    files = [
        p.relative_to(content_root).as_posix()
        for p in content_root.rglob("*")
        if p.suffix.lower() in wanted and p.is_file()
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


def check_body(src: Source, content_root: Path, settings: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []

    def add(number: int, message: str) -> None:
        problems.append(Problem(src.path, number, message))

    if not src.body.strip():
        add(
            src.body_line,
            "the page has no text after the front matter; write the page's words below the second ---",
        )
    problems += check_classes_and_ids(src)
    problems += check_tables(src)
    problems += check_unfinished(src)
    # Numbers a reader could call, read over the whole body (code included: a reader can dial
    # that too), since a number may run over a soft line break or through markup.
    for offset, message in phones.in_text(src.body, settings):
        add(src.body_line + src.body.count("\n", 0, offset), message)
    reserved = theme_ids(settings["THEME"]) if settings.get("THEME") else frozenset()
    if src.section == "faq" and Path(src.path).stem in reserved:
        add(
            1,
            f"the file name {Path(src.path).name} would give the answer the id "
            f"{Path(src.path).stem}, which the page itself uses; rename the file",
        )
    previous = 1
    # The site's one helpline number, from pelicanconf.py.
    helpline = settings["HELPLINE_NUMBER"]
    for number, line in body_lines(src):
        for link in ROOT_RELATIVE.finditer(line):
            url = link["url"]
            target = file_for_url(url, content_root)
            static = (content_root / url.split("#")[0].lstrip("/")).is_file()
            anchor = "#" + url.split("#", 1)[1] if "#" in url else ""
            if static:
                fix = f"write it as {{static}}{url}"
            elif target:
                # An FAQ's anchor is its file: {filename}/faq/x.md already leads to faq/#x.
                fix = f"write it as {{filename}}/{target}{'' if target.startswith('faq/') else anchor}"
            else:
                fix = "link to the page's file instead, with {filename}/ and its path in content/"
            add(
                number,
                f"the link {url} starts with /, so it breaks when the site lives under a "
                f"sub-path (as on GitHub Pages); {fix}",
            )
        heading = HEADING.match(line)
        if heading and heading_id(line[len(heading["hashes"]) :]) in reserved:
            add(
                number,
                f"the heading would get the id {heading_id(line[len(heading['hashes']) :])}, "
                "which the page itself uses (for the skip link or a part of the page); "
                "word the heading differently",
            )
        if FOOTNOTE.search(line):
            add(
                number,
                f"{FOOTNOTE.search(line)[0]} is a footnote, which this site does not use (two "
                "answers on the FAQ page would both make the first one); say where a fact comes "
                "from in the sentence, or link to the source",
            )
        if ATTRIBUTE_LIST.search(line):
            add(
                number,
                f"{ATTRIBUTE_LIST.search(line)[0]} is an attribute list, which this site does "
                "not use: content cannot set classes, ids or other attributes, the theme "
                f"decides how pages look; remove it (for a box, use {CALLOUTS})",
            )
        if heading:
            level = len(heading["hashes"])
            if level == 1:
                add(
                    number,
                    "a heading with one # repeats the page title; start headings in the text at ## (two #)",
                )
            elif level > previous + 1:
                add(
                    number,
                    f"the heading jumps from level {previous} to level {level}; use {'#' * (previous + 1)} here",
                )
            if src.section == "faq":
                add(number, "an FAQ answer has no headings; write the answer as paragraphs")
            previous = max(level, 1)
        if SETEXT_H1.match(line) and number > src.body_line:
            add(
                number,
                "a line of = under text makes a second page title; start headings in the text at ## (two #)",
            )
        if HTML_IMAGE.search(line):
            add(
                number,
                "an HTML <img> has no alt text; use Markdown instead: ![what the picture shows](path)",
            )
        for image in IMAGE.finditer(line):
            if not image["alt"].strip():
                add(
                    number,
                    f"the image {image['src']} has no description; write one between the square brackets: ![what the picture shows]({image['src']})",
                )
        spaced = SPACE_IN_ADDRESS.search(line)
        if spaced:
            name = spaced["address"].split("}", 1)[-1].lstrip("/")
            add(
                number,
                f'the address "{spaced["address"].strip()}" has a space in it, which breaks the '
                f"link; rename the file without spaces (for example {tidy_name(name)}) and link "
                "to it by that name",
            )
        for link in FILENAME_LINK.finditer(line):
            if spaced and spaced.start("address") <= link.start() < spaced.end("address"):
                continue  # said above
            target = link_target(src, link, content_root)
            if link["what"] != "filename":
                refused = published_file_problem(
                    target, link["path"], content_root, settings.get("STATIC_PATHS", [])
                )
                if refused:
                    add(number, refused)
                    continue
            if not target.is_file():
                kind = (
                    "image"
                    if link["what"] != "filename" or target.suffix.lower() in PICTURES
                    else "page"
                )
                add(
                    number,
                    f"the link to {link['path']} finds no {kind}; check the path inside content/"
                    + nearest_file(target, content_root, kind),
                )
        for tel in TEL_LINK.finditer(line):
            if same_number(tel["number"], helpline):
                add(number, typed_helpline(helpline))
            else:
                add(
                    number,
                    f"tel:{tel['number']} is not the helpline; the site has one phone number, "
                    "written {helpline}",
                )
        for figure in FIGURE_CODE.finditer(line):
            known = settings.get("FIGURES", {})
            if figure["key"] not in known:
                add(
                    number,
                    f"{figure[0]} names no figure in data/figures.yaml; use one of its keys"
                    + nearest_figure(figure["key"], known),
                )
        for placeholder in PLACEHOLDER.finditer(line):
            name = placeholder["name"]
            if name != "helpline" and name not in PELICAN_PLACEHOLDERS:
                add(
                    number,
                    f"{{{name}}} is not something the build fills in; write {{helpline}} for "
                    "the helpline number",
                )
    return problems
