"""The dark colour scheme changes colours and nothing else: the browser layer relies on it,
running in the dark scheme only axe-core's rules that read colours (tests/support/pagerun.py),
since every other rule would answer as in the light scheme at the same width."""

from __future__ import annotations

import re
from pathlib import Path

THEME = Path(__file__).resolve().parents[2] / "theme"
DARK = re.compile(r"@media[^{]*prefers-color-scheme\s*:\s*dark[^{]*\{")
# What a colour scheme may set: colours, and the theme's colour settings (whose values are
# colours, used only where a colour goes).
COLOUR_PROPERTY = re.compile(
    r"--app-colour-[\w-]+|color|background-color|border(-(top|right|bottom|left|block|inline)"
    r"(-(start|end))?)?-color|outline-color|text-decoration-color|caret-color|accent-color"
    r"|fill|stroke|color-scheme"
)


def blocks(css: str) -> list[str]:
    """The text inside each dark-scheme @media block."""
    found = []
    for match in DARK.finditer(css):
        depth, start = 1, match.end()
        for index in range(start, len(css)):
            depth += {"{": 1, "}": -1}.get(css[index], 0)
            if depth == 0:
                found.append(css[start:index])
                break
    return found


def properties(block: str) -> list[str]:
    """Every property a block's rules declare."""
    names = []
    for body in re.findall(r"\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", block, flags=re.S)):
        names += [d.split(":", 1)[0].strip() for d in body.split(";") if ":" in d]
    return names


def test_the_dark_scheme_sets_colours_only():
    sheets = sorted((THEME / "static" / "css").rglob("*.css"))
    declared = {
        (sheet.name, name)
        for sheet in sheets
        for b in blocks(sheet.read_text())
        for name in properties(b)
    }
    assert declared, "no dark-scheme rules found: the check reads nothing"
    assert {d for d in declared if not COLOUR_PROPERTY.fullmatch(d[1])} == set()


def test_nothing_but_the_stylesheets_asks_for_the_colour_scheme():
    """Pictures (<source media>) or scripts (matchMedia) that follow the scheme could change
    more than colours."""
    others = [
        p.relative_to(THEME)
        for p in THEME.rglob("*")
        if p.is_file()
        and p.suffix in {".html", ".js", ".svg"}
        and "prefers-color-scheme" in p.read_text()
    ]
    assert others == []


def test_the_check_finds_a_dark_scheme_rule_that_changes_the_layout():
    css = """@media (prefers-color-scheme: dark) {
      :root { --app-colour-text: #fff; }
      .app-header { color: #fff; display: none; }
    }"""
    names = [n for b in blocks(css) for n in properties(b)]
    assert names == ["--app-colour-text", "color", "display"]
    assert [n for n in names if not COLOUR_PROPERTY.fullmatch(n)] == ["display"]
