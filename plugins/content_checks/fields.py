"""Front-matter fields: each file against its section's fields in the content model."""

from __future__ import annotations

import difflib
import re
from typing import Any

import yaml
from content_model import (
    AUDIENCES,
    STATUSES,
    DateError,
    Field,
    parse_date,
    section_of,
)

from . import phones
from .reading import Problem, Source, field_line

MISSING_HINTS = {"description": "one plain sentence saying what the page is for"}
# A slug becomes part of an address and an id: lower-case words joined by hyphens, no more.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


TIMESTAMP = next(
    regexp
    for rules in yaml.SafeLoader.yaml_implicit_resolvers.values()
    for tag, regexp in rules
    if tag == "tag:yaml.org,2002:timestamp"
)


def impossible_date(value: Any) -> bool:
    """Text that YAML elsewhere (Pelican's own reader) would turn into a date, and fail to:
    2019-02-30 as a title would stop the build with a bare ValueError."""
    if not isinstance(value, str) or not TIMESTAMP.match(value):
        return False
    try:
        yaml.safe_load(value)
    except ValueError:
        return True
    return False


def plain_text(value: Any) -> bool:
    """Text YAML read as text (a bare number is text too); not a list, a mapping, a date, a
    yes/no or nothing."""
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def nearest_figure(key: Any, known: Any) -> str:
    """ "; did you mean …?" with the closest key of the data file, or nothing."""
    close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def value_problem(field: Field, value: Any, settings: dict[str, Any]) -> list[str]:
    """What is wrong with one field's value, by its kind, as messages for an editor."""
    name, kind = field.name, field.kind
    for item in value if isinstance(value, list) else [value]:
        if kind not in {"date", "month-or-date"} and impossible_date(item):
            return [
                f'{name} "{item}" looks like a date but is not a real one; if it is text, put '
                f'it in double quotes: "{item}"'
            ]
    if kind == "text":
        if value is not None and not plain_text(value):
            return [
                f"{name} must be plain text on one line after '{name}: '; put it in double "
                "quotes if it starts with a symbol or is yes, no or a date, like: "
                f'{name}: "..."'
            ]
        if not str(value or "").strip():
            return [f"{name} is empty; write it after '{name}: '"]
        limit = settings["CONTENT_CHECKS_MAX_DESCRIPTION"]
        if name == "description" and len(str(value)) > limit:
            return [
                f"description is {len(str(value))} characters long; shorten it to {limit} or fewer"
            ]
    elif kind in {"date", "month-or-date"}:
        try:
            parse_date(value, month_only_ok=kind == "month-or-date")
        except DateError as error:
            return [f'{name} "{value}" {error}']
    elif kind == "slug":
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            return [
                f'slug "{value}" is not allowed; a slug is lower-case letters and digits '
                "joined by hyphens, like north-east-england (or remove the line to use the "
                "file name)"
            ]
    elif kind == "list":
        if not isinstance(value, list) or (field.required and not value):
            return [
                f"{name} must be a list with one {'partner' if name == 'partners' else 'item'} per line, each line starting with '  - '"
            ]
        if not all(plain_text(item) for item in value):
            return [f"each item of {name} must be plain text on its own line after '  - '"]
    elif kind == "figures":
        if not isinstance(value, list):
            return [
                f"{name} must be a list of figure keys from data/figures.yaml, like [scotland-before, scotland-after], or [] for none"
            ]
        known = settings.get("FIGURES", {})
        return [
            f"figure {key!r} is not in data/figures.yaml; add it there with its source, or correct the key"
            + nearest_figure(key, known)
            for key in value
            if str(key) not in known
        ]
    elif kind == "audience":
        if value not in AUDIENCES:
            return [f'audience "{value}" is not allowed; use one of: {", ".join(AUDIENCES)}']
    elif kind == "status":
        if value not in STATUSES:
            return [f'status "{value}" is not allowed; use draft, or remove the line to publish']
    elif kind == "number":
        if not isinstance(value, int):
            return [f'{name} "{value}" is not a whole number; write a number such as 3']
    return []


def value_line(yaml_text: str, name: str, text: str) -> int:
    """The file line of `text` within field `name` (an item of a list is on its own line),
    else the field's own line."""
    start = field_line(yaml_text, name)
    lines = yaml_text.splitlines()
    needle = text.strip().splitlines()[0][:30] if text.strip() else ""
    for number in range(start, len(lines) + 2):
        line = lines[number - 2] if 0 <= number - 2 < len(lines) else ""
        if number > start and re.match(r"^\S", line):
            break  # the next field
        if needle and needle in line:
            return number
    return start


def check_fields(src: Source, settings: dict[str, Any]) -> list[Problem]:
    section = section_of(src.section)
    meta = src.meta
    problems: list[Problem] = []

    def add(name: str | None, message: str) -> None:
        """A problem on the line of field `name` (None: the field is missing, no line)."""
        problems.append(Problem(src.path, field_line(src.yaml_text, name) if name else 0, message))

    for name in sorted(section.required - set(meta)):
        hint = MISSING_HINTS.get(name, "see docs/editing.md for what to write")
        add(None, f"{name} is missing; add a line '{name}: ...' to the front matter ({hint})")
    allowed = sorted(f.name for f in section.all_fields)
    # Every field, whatever its kind, and every item of a list: each can reach a page (a
    # partner on the poster, a search term in what search shows).
    for name in meta:
        for text in phones.strings(meta[name]):
            for _, message in phones.in_text(str(text), settings, where=f" in the {name}"):
                if message.startswith("write {helpline}"):
                    message = f"{name}: {message}"
                line = value_line(src.yaml_text, name, str(text))
                problems.append(Problem(src.path, line, message))
    for name in meta:
        field = section.field(name)
        if field is None:
            close = difflib.get_close_matches(name, allowed, n=1)
            fix = (
                f"did you mean {close[0]}?"
                if close
                else f"the fields for this page are: {', '.join(allowed)}"
            )
            add(name, f"{name} is not a field of this page; {fix}")
            continue
        for message in value_problem(field, meta[name], settings):
            add(name, message)
    if section.title_is_question and not str(meta.get("title", "?")).rstrip().endswith("?"):
        add("title", "an FAQ title is a question; end it with a question mark")
    return problems
