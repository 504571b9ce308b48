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


# Limits on what one file may be: four times the longest real page (about 4 KB). Markdown's
# time has its own budget (plugins/render_budget); this bounds the checks that read a page
# before it, some of which grow with the square of the size on the worst inputs ("{figure:"
# over and over: 0.4 s at 16 KB, 2.4 s at 32 KB, 7 s at 64 KB; docs/security.md).
MAX_BYTES = 16 * 1024
MAX_DEPTH = 4  # front matter is fields, lists of text and the odd list of lists


class FrontMatterLimit(ValueError):
    """Front matter that is valid YAML but not what front matter is: (line, message)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def loader_class(base: type) -> type:
    """Safe YAML with dates left as text: a date is checked (and its mistakes explained) by
    the content model, not turned into a traceback by YAML."""
    resolvers = {
        first: [(tag, regexp) for tag, regexp in rules if tag != "tag:yaml.org,2002:timestamp"]
        for first, rules in base.yaml_implicit_resolvers.items()
    }
    return type("FrontMatterLoader", (base,), {"yaml_implicit_resolvers": resolvers})


LOADER = loader_class(getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when present
# The pure-Python parser, for its error messages, which the editors' guide quotes.
PY_LOADER = loader_class(yaml.SafeLoader)
NESTING_START = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
                 yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)  # fmt: skip
NESTING_END = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def check_limits(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Before building anything from the YAML: no anchors or aliases (a few hundred bytes of
    aliases expand to gigabytes), and no nesting deeper than front matter needs."""
    depth = 0
    for token in yaml.scan(text, Loader=LOADER):
        line = token.start_mark.line + 2
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            raise FrontMatterLimit(
                line,
                "YAML anchors and aliases (& and *) are not allowed here; write each value "
                "out in full",
            )
        if isinstance(token, NESTING_START):
            depth += 1
            if depth > max_depth:
                raise FrontMatterLimit(
                    line,
                    f"the YAML is nested more than {max_depth - 1} levels deep; fields are text "
                    "or lists of text, one per line",
                )
        elif isinstance(token, NESTING_END):
            depth -= 1


# The slips people make in front matter, each found on its own line and said in plain words,
# before YAML reads it (YAML would name a later line, or the wrong cause, or take the slip as
# part of the value).
FIELD = re.compile(r"^(?P<name>[A-Za-z_][\w-]*)[ \t]*:(?P<gap>[ \t]*)(?P<value>.*)$")
ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+(?P<value>.*)$")
CURLY_OPEN, CURLY_CLOSE = "\u201c\u2018\u201e", "\u201d\u2019\u201c"


def value_slip(name: str, value: str) -> str | None:
    """What is wrong with one value as written, or None."""
    value = value.strip()
    if not value:
        return None
    if value[0] in CURLY_OPEN and value[-1] in CURLY_CLOSE:
        return (
            f"the value is in curly quotes ({value[0]}…{value[-1]}), which are part of the text "
            f'to YAML, not quotes; use straight double quotes: {name}: "{value[1:-1]}"'
        )
    if value[0] in "\"'":
        quote = value[0]
        rest = value[1:]
        closed = rest.endswith(quote) and not (quote == '"' and rest.endswith('\\"'))
        if not closed or (quote == '"' and not rest):
            return (
                f"the value opens with {quote} but does not close on this line; add a closing "
                f"{quote} at the end of the value (each value is written on one line)"
            )
        return None
    if ": " in value and value[0] not in "[{":
        return (
            f'the value has a colon and a space in it ("{value[:40]}"); put the whole value in '
            f'double quotes: {name}: "{value}"'
        )
    return None


def front_matter_slips(yaml_text: str) -> list[tuple[int, str]]:
    """(file line, message) for each slip found (line 1 is the opening ---)."""
    slips = []
    previous_item_indent: int | None = None
    for number, line in enumerate(yaml_text.splitlines(), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        field, item = FIELD.match(line), ITEM.match(line)
        if "\t" in line[: len(line) - len(line.lstrip())]:
            slips.append(
                (number, "this line starts with a tab; indent with spaces (two for a list item)")
            )
        elif field and "\t" in field["gap"]:
            slips.append(
                (number, f"there is a tab after '{field['name']}:'; use one space after the colon")
            )
        elif field:
            slip = value_slip(field["name"], field["value"])
            if slip:
                slips.append((number, slip))
        elif item:
            indent = len(item["indent"])
            if previous_item_indent is not None and indent > previous_item_indent:
                slips.append(
                    (
                        number,
                        "this list item is indented further than the one above it, so it would "
                        "be read as part of that one; start each item with the same two spaces "
                        "and a hyphen",
                    )
                )
            slip = value_slip("  -", item["value"])
            if slip:
                slips.append((number, slip.replace(':   - "', ': - "')))
            previous_item_indent = indent
            continue
        elif line[0] in " \t" and FIELD.match(line.strip()):
            slips.append(
                (
                    number,
                    "this line starts with spaces; a field starts at the beginning of the line "
                    "(only list items are indented)",
                )
            )
        previous_item_indent = None
    return slips


def parse_front_matter(text: str) -> Any:
    """YAML front matter, within the limits above. Errors come from the pure-Python parser,
    whose messages the editors' guide quotes."""
    try:
        check_limits(text)
        return yaml.load(text, Loader=LOADER)  # a SafeLoader: builds no objects but data
    except yaml.YAMLError:
        return yaml.load(text, Loader=PY_LOADER)  # raises with the message editors see


def read_source(
    file: Path, root: Path, raw: bytes | None = None
) -> tuple[Source | None, list[Problem]]:
    """Parse one file's front matter (its bytes, if already read); problems if it cannot be
    read or parsed."""
    shown = f"content/{file.relative_to(root).as_posix()}"
    section = file.relative_to(root).parts[0] if len(file.relative_to(root).parts) > 1 else ""
    raw = file.read_bytes() if raw is None else raw
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(
                shown,
                1,
                f"the file is {len(raw) // 1024} KB; a page may be at most {MAX_BYTES // 1024} KB "
                "of text: split it into several pages, and keep pictures in content/images/",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(
                shown,
                1,
                "the file starts with an invisible mark (a byte-order mark) before the first "
                "---; save it again as UTF-8 without BOM (in most editors: File, Save with "
                "encoding, UTF-8)",
            )
        ]
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
    slips = front_matter_slips(match["yaml"])
    if slips:
        return None, [Problem(shown, line, message) for line, message in slips]
    try:
        meta = parse_front_matter(match["yaml"])
    except FrontMatterLimit as limit:
        return None, [Problem(shown, limit.line, limit.message)]
    except (ValueError, TypeError, RecursionError) as error:  # whatever YAML did not foresee
        return None, [
            Problem(shown, 2, f"the front matter cannot be read ({error}); check each field")
        ]
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
