"""The body of a content file: headings, links, images and phone numbers.

What HTML a body may carry is not checked here, by looking for forbidden words: the
html_allowlist plugin checks what the Markdown actually became against a list of what is
allowed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from content_model import SCAFFOLD_PLACEHOLDERS, file_for_url

from . import phones
from .fields import nearest_figure, value_line
from .files import PICTURES, Listing
from .links import (
    FILENAME_LINK,
    ROOT_RELATIVE,
    SPACE_IN_ADDRESS,
    link_target,
    nearest_file,
    published_file_problem,
    tidy_name,
)
from .markup import (
    ATTRIBUTE_LIST,
    CALLOUTS,
    FOOTNOTE,
    check_classes_and_ids,
    check_tables,
    heading_id,
    theme_ids,
)
from .numbers import FIGURE_CODE, statistics
from .phones import typed_helpline
from .reading import Problem, Source

# Link words hold no [ or ]: a run of [ then fails at once, not after scanning the line.
IMAGE = re.compile(r"!\[(?P<alt>[^\[\]]*)\]\((?P<src>[^)\s]+)")
HTML_IMAGE = re.compile(r"<img\b(?![^>]*\balt\s*=)[^>]*>", re.I)
SETEXT_H1 = re.compile(r"^=+\s*$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+\S", re.M)
TEL_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\(tel:(?P<number>[^)]*)\)")
# A word in braces outside a link's address: {helpline}, or a misspelling of it.
PLACEHOLDER = re.compile(r"(?<![(:])\{(?P<name>[A-Za-z_-]+)\}")
PELICAN_PLACEHOLDERS = {"filename", "static", "attach", "index", "tag", "category", "author"}


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


def check_body(
    src: Source, content_root: Path, settings: dict[str, Any], listing: Listing | None = None
) -> list[Problem]:
    """The body's problems; whether a file a link names is there is asked of `listing` (the
    disk when None)."""
    listing = listing or Listing(content_root)
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
            target = file_for_url(url, content_root, listing.is_file)
            static = listing.is_file(content_root / url.split("#")[0].lstrip("/"))
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
        identifier = heading_id(line[len(heading["hashes"]) :]) if heading else ""
        if identifier in reserved:
            add(
                number,
                f"the heading would get the id {identifier}, "
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
            if not listing.is_file(target):
                kind = (
                    "image"
                    if link["what"] != "filename" or target.suffix.lower() in PICTURES
                    else "page"
                )
                add(
                    number,
                    f"the link to {link['path']} finds no {kind}; check the path inside content/"
                    + nearest_file(target, content_root, kind, listing),
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
