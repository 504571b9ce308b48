"""Reading ease: the Flesch score of a Markdown body, and its hardest sentences.
`make readability` (scripts/readability.py) prints it for every page."""

from __future__ import annotations

import collections
import functools
import re
from typing import Any

from .reading import Problem, Source


def markdown_text(body: str) -> str:
    """Plain sentences from Markdown, for the readability score. Wrapped lines are joined;
    headings, list items and table rows count as sentences of their own."""
    text = re.sub(r"```.*?```", " ", body, flags=re.S)
    text = re.sub(r"^\s*!!!.*$", "", text, flags=re.M)
    # Link words hold no [ or ]: a run of [ fails at once, not after scanning the page.
    text = re.sub(r"!\[[^\[\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\[\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{figure:[^}]*\}", "1000", text)
    units: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or set(stripped) <= set("|-: "):
            units.append("")
            continue
        starts_unit = re.match(r"^(#+|[-*]|\d+\.|\|)\s*", stripped)
        stripped = re.sub(r"^(#+|[-*]|\d+\.|\|)\s*", "", stripped)
        stripped = re.sub(r"[*_`|]", " ", stripped)
        if starts_unit or not units or not units[-1]:
            units.append(stripped)
        else:
            units[-1] += " " + stripped
    sentences = [u.strip() for u in units if u.strip()]
    return " ".join(u if u[-1] in ".!?:" else u + "." for u in sentences)


WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


_SYLLABLES: dict[str, int] = {}


def syllables(word: str, dictionary: Any) -> int:
    """Syllables in a word, from pyphen's hyphenation points (a word has at least one).
    Kept per word: a site repeats a few thousand words many times over."""
    key = word.lower()
    if key not in _SYLLABLES:
        _SYLLABLES[key] = len(dictionary.positions(key)) + 1
    return _SYLLABLES[key]


def reading_ease(text: str, dictionary: Any) -> tuple[float, int]:
    """(Flesch reading ease, words): 206.835 - 1.015 words/sentence - 84.6 syllables/word."""
    sentences = [s for s in re.split(r"[.!?]+(?:\s+|$)", text) if WORD.search(s)]
    words = WORD.findall(text)
    if not words:
        return 100.0, 0
    count = sum(syllables(w, dictionary) * n for w, n in collections.Counter(words).items())
    score = 206.835 - 1.015 * len(words) / max(len(sentences), 1) - 84.6 * count / len(words)
    return score, len(words)


@functools.cache
def english() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


def reading_score(body: str) -> tuple[float, int]:
    """(Flesch reading ease, words) of a Markdown body."""
    return reading_ease(markdown_text(body), english())


def hardest_sentences(body: str, count: int = 3) -> list[str]:
    text = markdown_text(body)
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]
    return sorted(sentences, key=lambda s: reading_ease(s, english())[0])[:count]


def readability(body: str) -> tuple[float, int, list[str]]:
    """(Flesch reading ease, words, the three hardest sentences)."""
    score, words = reading_score(body)
    return score, words, hardest_sentences(body)


def check_readability(src: Source, settings: dict[str, Any]) -> list[Problem]:
    score, words = reading_score(src.body)
    if words < settings["CONTENT_CHECKS_MIN_WORDS_FOR_READING_EASE"]:
        return []
    minimum = settings["CONTENT_CHECKS_MIN_READING_EASE"]
    if score >= minimum:
        return []
    hardest = hardest_sentences(src.body)  # only when the page fails: sorting costs time
    quoted = " | ".join(f'"{s}"' for s in hardest)
    return [
        Problem(
            src.path,
            src.body_line,
            f"the text is hard to read (reading ease {score:.0f}, the site needs {minimum} or more); use shorter sentences and shorter words, starting with: {quoted}",
        )
    ]
