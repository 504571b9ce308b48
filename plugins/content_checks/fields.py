"""Front-matter fields: each file against its section's schema."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from .reading import Problem, Source, field_line

COMMON_OPTIONAL = {"slug", "status"}
SCHEMAS: dict[str, dict[str, set[str]]] = {
    "campaigns": {
        "required": {"title", "region", "description", "launch_date", "partners", "summary"},
        "optional": {"figures", "related", "template"},
    },
    "faq": {"required": {"title", "audience", "description"}, "optional": {"order"}},
    "resources": {
        "required": {"title", "description", "summary"},
        "optional": {"order", "related", "template"},
    },
    "news": {
        "required": {"title", "date", "description", "summary"},
        "optional": {"modified"},
    },
    "pages": {
        "required": {"title", "description"},
        "optional": {"template", "save_as", "url", "summary", "order"},
    },
}
AUDIENCES = ("yourself", "someone-else", "campaigns", "law")
STATUSES = ("published", "hidden", "draft")
DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def iso_suggestion(value: str) -> str:
    match = DMY.match(value.strip())
    if match:
        day, month, year = match.groups()
        return f"write it as {year}-{int(month):02d}-{int(day):02d}"
    return "write it as YYYY-MM-DD, for example 2019-03-14"


def is_date(value: Any, month_only_ok: bool = False) -> bool:
    if isinstance(value, dt.date):
        return True
    text = str(value).strip()
    try:
        if month_only_ok and re.fullmatch(r"\d{4}-\d{2}", text):
            dt.date.fromisoformat(text + "-01")
            return True
        dt.date.fromisoformat(text)
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None
    except ValueError:
        return False


def check_fields(src: Source, settings: dict[str, Any]) -> list[Problem]:
    schema = SCHEMAS.get(src.section, SCHEMAS["pages"])
    allowed = schema["required"] | schema["optional"] | COMMON_OPTIONAL
    meta = src.meta
    problems: list[Problem] = []

    def add(name: str | None, message: str) -> None:
        """A problem on the line of field `name` (None: the field is missing, no line)."""
        problems.append(Problem(src.path, field_line(src.yaml_text, name) if name else 0, message))

    for name in sorted(schema["required"] - set(meta)):
        hint = (
            "one plain sentence saying what the page is for"
            if name == "description"
            else "see docs/editing.md for what to write"
        )
        add(None, f"{name} is missing; add a line '{name}: ...' to the front matter ({hint})")
    for name in meta:
        if name not in allowed:
            close = difflib.get_close_matches(name, sorted(allowed), n=1)
            fix = (
                f"did you mean {close[0]}?"
                if close
                else f"the fields for this page are: {', '.join(sorted(allowed))}"
            )
            add(name, f"{name} is not a field of this page; {fix}")
    for name in ("title", "description", "summary", "region"):
        if name in meta and not str(meta[name] or "").strip():
            add(name, f"{name} is empty; write it after '{name}: '")
    limit = settings["CONTENT_CHECKS_MAX_DESCRIPTION"]
    if len(str(meta.get("description") or "")) > limit:
        add(
            "description",
            f"description is {len(str(meta['description']))} characters long; shorten it to {limit} or fewer",
        )
    if "launch_date" in meta and not is_date(meta["launch_date"], month_only_ok=True):
        value = str(meta["launch_date"])
        add("launch_date", f'launch_date "{value}" is not a date; {iso_suggestion(value)}')
    for name in ("date", "modified"):
        if name in meta and not is_date(meta[name]):
            add(name, f'{name} "{meta[name]}" is not a date; {iso_suggestion(str(meta[name]))}')
    if "partners" in meta and (not isinstance(meta["partners"], list) or not meta["partners"]):
        add(
            "partners",
            "partners must be a list with one partner per line, each line starting with '  - '",
        )
    if "figures" in meta:
        known = settings.get("FIGURES", {})
        if not isinstance(meta["figures"], list):
            add(
                "figures",
                "figures must be a list of figure keys from data/figures.yaml, like [scotland-before, scotland-after], or [] for none",
            )
        else:
            for key in meta["figures"]:
                if str(key) not in known:
                    add(
                        "figures",
                        f"figure {key!r} is not in data/figures.yaml; add it there with its source, or correct the key",
                    )
    if "audience" in meta and meta["audience"] not in AUDIENCES:
        add(
            "audience",
            f'audience "{meta["audience"]}" is not allowed; use one of: {", ".join(AUDIENCES)}',
        )
    if "status" in meta and meta["status"] not in STATUSES:
        add(
            "status",
            f'status "{meta["status"]}" is not allowed; use draft, or remove the line to publish',
        )
    if "order" in meta and not isinstance(meta["order"], int):
        add("order", f'order "{meta["order"]}" is not a whole number; write a number such as 3')
    if src.section == "faq" and not str(meta.get("title", "?")).rstrip().endswith("?"):
        add("title", "an FAQ title is a question; end it with a question mark")
    return problems
