"""The phone rule, for every text an editor writes: a page's body, every front-matter field,
and every value in the data files. The only number a reader may be given to call is the
helpline (written {helpline}, never typed), 999, or a number declared with its source in
pelicanconf.py (OTHER_PHONE_NUMBERS). Numbers are read by `numbers`, as a reader sees them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .numbers import Number, dialled
from .reading import Problem

DECLARED = "OTHER_PHONE_NUMBERS"


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def typed_helpline(helpline: str) -> str:
    return (
        f"write {{helpline}} where the helpline number goes, not the number itself "
        f"({helpline}): the build makes it a link to call, from the one number in pelicanconf.py"
    )


def allowed(number: Number, settings: dict[str, Any]) -> bool:
    return number.national in {digits(n) for n in settings.get(DECLARED, {})}


def is_helpline(number: Number, settings: dict[str, Any]) -> bool:
    return number.national == digits(settings["HELPLINE_NUMBER"])


def problem(number: Number, settings: dict[str, Any], where: str = "") -> str | None:
    """The message for a number a reader could call, or None when the site may give it."""
    if is_helpline(number, settings):
        return typed_helpline(settings["HELPLINE_NUMBER"])
    if allowed(number, settings):
        return None
    return (
        f"{number.shown}{where} is not the helpline number; the site gives only the helpline, "
        "written {helpline} (a number written in words, with letters for digits or split by "
        "markup counts too; another number the site must give is declared with its source "
        f"in pelicanconf.py, {DECLARED})"
    )


def in_text(text: str, settings: dict[str, Any], where: str = "") -> list[tuple[int, str]]:
    """(offset in `text`, message) for each number in `text` the site may not give."""
    found = []
    for number in dialled(text):
        message = problem(number, settings, where)
        if message:
            found.append((number.start, message))
    return found


def strings(value: Any) -> list[str]:
    """Every piece of text in a front-matter value (lists and mappings included)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k) + strings(v)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str | int | float) and not isinstance(value, bool) else []


def scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [s for item in node.value for s in scalars(item)]
    if isinstance(node, yaml.MappingNode):
        return [s for key, value in node.value for s in scalars(key) + scalars(value)]
    return []


def check_data_file(path: Path, shown: str, settings: dict[str, Any]) -> list[Problem]:
    """Every value in a YAML data file, at its own line. A file YAML cannot read is left to
    the plugin that reads it, which names the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return []
    key = (text, shown, repr([settings.get(name) for name in NUMBER_SETTINGS]))
    if key not in _DATA_FILES:
        try:
            root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            root = None
        if len(_DATA_FILES) >= 16:
            _DATA_FILES.clear()
        _DATA_FILES[key] = _problems(root, shown, settings)
    return list(_DATA_FILES[key])


# Every build checks the data files, and reading YAML with its lines is most of what that
# costs: the problems are kept by the file's text and the settings the phone rule reads.
NUMBER_SETTINGS = ("HELPLINE_NUMBER", "HELPLINE_TEL", DECLARED)
_DATA_FILES: dict[tuple[str, str, str], list[Problem]] = {}


def _problems(root: yaml.Node | None, shown: str, settings: dict[str, Any]) -> list[Problem]:
    problems = []
    for node in scalars(root) if root is not None else []:
        for offset, message in in_text(str(node.value), settings):
            line = node.start_mark.line + 1 + str(node.value).count("\n", 0, offset)
            problems.append(Problem(shown, line, message))
    return problems
