"""Every number in a text, found as a reader would see it and sorted: the one place that
decides which numbers a page may show.

A number is read after the text is normalised the way a browser shows it: markup inside it
joined (`08**00**`, `<em>0</em>800`), entities decoded (`&#48;`), Unicode folded (NFKC:
fullwidth and other digit forms), invisible and formatting characters removed (a zero-width
space, a soft hyphen), and letters that stand for digits read as digits when they sit in a
run of digits (`08OO`). A run never joins across a block or a table cell; it does across
inline markup and a soft line break.

A run dials (is a phone number a reader could call) when it has 10 or more digits and starts
with 0, or starts with + or 00 and has 7 to 15 digits after it, or is a run of digit words
(zero, oh, one ... nine, double, triple, hundred) that spells 7 or more digits.
"""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata
from dataclasses import dataclass

# Markup that ends a block: a number never runs on from one block (or table cell) to the next.
BLOCK_TAGS = (
    "address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|figcaption|figure|"
    "footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|"
    "thead|tr|ul"
)
BREAK = "\x00"  # not a space, a digit or a separator: nothing runs across it
TAG = re.compile(rf"<(?P<block>/?(?:{BLOCK_TAGS})\b)?[^<>]*>", re.I | re.S)
ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?")
# A Markdown link or image: its words are shown, its address is not.
LINK_ADDRESS = re.compile(r"\]\((?:<[^>]*>|[^()\s]*(?:\([^()]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.M)
# Lines that start a new block in Markdown: a blank line, a heading, a list item, a quote, a
# table row, a call-out.
NEW_BLOCK = re.compile(r"^\s*(?:$|#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||!!!|```|~~~)")
INLINE_MARKS = set("*_~`\\[]!")
# Characters that show exactly as written, in Markdown or not: no markup, entity, line end,
# table cell, invisible character or form NFKC would change.
PLAIN = re.compile(r"[A-Za-z0-9 ,.;:'\"?()/+=%$#@^{}-]+")
# Letters a reader may take for digits, inside a run of digits.
LOOKALIKES = {"O": "0", "o": "0", "I": "1", "l": "1"}
SEPARATORS = " \t\u00a0.-()/"
DIGIT_WORDS = {
    "zero": "0", "oh": "0", "nought": "0", "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
REPEATS = {"double": 2, "triple": 3}
WORD_RUN = re.compile(
    r"\b(?:(?:double|triple)[\s,-]+)?(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|\d+)"
    r"(?:(?:[\s,-]+(?:(?:double|triple)[\s,-]+)?(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|hundred|\d+)))*\b",
    re.I,
)
DIGIT_RUN = re.compile(r"\+?\(?\d[\d \t\u00a0.\-()/]*")


@dataclass(frozen=True)
class Number:
    """A number as the reader sees it (`shown`), its digits as dialled, and where it starts
    in the original text."""

    shown: str
    digits: str
    start: int
    international: bool = False
    spelled: bool = False  # written in words

    @property
    def dials(self) -> bool:
        if self.spelled:
            return len(self.digits) >= 7
        if self.international:
            return 7 <= len(self.digits) <= 15
        return len(self.digits) >= 10 and self.digits.startswith("0")

    @property
    def national(self) -> str:
        """The number as dialled from the UK: +44 808... and 0044 (0)808... are 0808..."""
        if self.international and self.digits.startswith("44"):
            rest = self.digits[2:]
            return "0" + rest.removeprefix("0")
        return self.digits if not self.international else "+" + self.digits


def visible(text: str, markdown: bool = True) -> tuple[str, list[int]]:
    """The text as a reader sees it, with a break between blocks, and for each character of
    it the position in `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    hidden = [False] * (len(text) + 1)
    if markdown:
        for pattern in (LINK_ADDRESS, REFERENCE):
            for match in pattern.finditer(text):
                for i in range(match.start() + (1 if pattern is LINK_ADDRESS else 0), match.end()):
                    hidden[i] = True
    position = 0
    line_start = True
    while position < len(text):
        char = text[position]
        if line_start and markdown:
            end = text.find("\n", position)
            line = text[position : end if end >= 0 else len(text)]
            if NEW_BLOCK.match(line):
                out.append(BREAK)
                where.append(position)
            line_start = False
        if hidden[position]:
            position += 1
            continue
        plain = PLAIN.match(text, position)
        if plain:  # a stretch that shows as it is written: taken whole, not a character at a time
            end = plain.end()
            with contextlib.suppress(ValueError):
                end = hidden.index(True, position, end)
            out.append(text[position:end])
            where.extend(range(position, end))
            position = end
            continue
        if char == "<":
            tag = TAG.match(text, position)
            if tag:
                if tag["block"]:
                    out.append(BREAK)
                    where.append(position)
                position = tag.end()
                continue
        if char == "&":
            entity = ENTITY.match(text, position)
            if entity:
                decoded = html.unescape(entity[0])
                for piece in unicodedata.normalize("NFKC", decoded):
                    out.append(piece)
                    where.append(position)
                position = entity.end()
                continue
        if char == "\n":
            line_start = True
            out.append(" ")
            where.append(position)
            position += 1
            continue
        if markdown and char in INLINE_MARKS:
            position += 1
            continue
        if char == "|":
            out.append(BREAK)
            where.append(position)
            position += 1
            continue
        if unicodedata.category(char) in {"Cf", "Mn", "Me"}:
            position += 1
            continue
        for piece in unicodedata.normalize("NFKC", char):
            out.append(piece)
            where.append(position)
        position += 1
    return "".join(out), where


# A word (letters and digits) with a digit in it, found in time that grows with the text.
WORD_WITH_A_DIGIT = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]*?[0-9][0-9A-Za-z]*")


def read_lookalikes(text: str) -> str:
    """Letters that stand for digits, read as digits where they sit in a word with a digit
    (08OO), or between two runs of digits (0800 OO1)."""

    def swap(match: re.Match[str]) -> str:
        word = match[0]
        if any(c.isdigit() for c in word) and all(c.isdigit() or c in LOOKALIKES for c in word):
            return "".join(LOOKALIKES.get(c, c) for c in word)
        return word

    return WORD_WITH_A_DIGIT.sub(swap, text)


def word_digits(run: str) -> str:
    digits, repeat = [], 1
    for word in re.split(r"[\s,-]+", run.lower()):
        if word in REPEATS:
            repeat = REPEATS[word]
        elif word == "hundred":
            digits.append("00")
        elif word:
            digits.append((DIGIT_WORDS.get(word) or word) * repeat)
            repeat = 1
    return "".join(digits)


def numbers_in(text: str, markdown: bool = True) -> list[Number]:
    """Every run of digits, or of digit words, in `text`, as a reader would see it."""
    shown, where = visible(text, markdown)
    readable = read_lookalikes(shown)
    found = []
    for run in DIGIT_RUN.finditer(readable):
        body = run[0].rstrip(SEPARATORS)
        start = run.start()
        if start > 0 and readable[start - 1] == "+" and not body.startswith("+"):
            start, body = start - 1, "+" + body
        digits = re.sub(r"\D", "", body)
        international = body.startswith("+") or digits.startswith("00")
        if digits.startswith("00") and not body.startswith("+"):
            digits = digits[2:]
        found.append(
            Number(shown[start : start + len(body)].strip(), digits, where[start], international)
        )
    for run in WORD_RUN.finditer(readable):
        if not re.search(r"[A-Za-z]", run[0]):
            continue  # digits alone: read above
        digits = word_digits(run[0])
        found.append(
            Number(shown[run.start() : run.end()], digits, where[run.start()], spelled=True)
        )
    return found


def dialled(text: str, markdown: bool = True) -> list[Number]:
    """The numbers in `text` a reader could call."""
    return [number for number in numbers_in(text, markdown) if number.dials]


# A number that states a quantity: 1,240 / 72% / 19 million / any number of three or more
# digits. Not a statistic: a year, 999, a date (its parts joined by / . or -), a number in a
# phone number (read above), a measurement (320 pixels; zoom in up to 400%).
STATISTIC = re.compile(
    r"(?<![\w/#.,:-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?%|\d+(?:\.\d+)?\s(?:million|thousand|billion)"
    r"|\d{3,})(?![\w/-]|[.,]\d)"
)
YEAR_OR_EMERGENCY = re.compile(r"^(?:1[89]|20)\d\d$|^999$")
MEASUREMENT = re.compile(
    r"\s?(?:pixels?|px|pt|cm|mm|kb|mb|gb|dpi)\b|(?<=zoom in up to \d{3}%)", re.I
)
# A figure from the data file: {figure:key}, {figure:key:text} or {figure:key:source}.
FIGURE_CODE = re.compile(r"\{figure:(?P<key>[^}:]*)(?::[^}]*)?\}")


def statistics(text: str, markdown: bool = True) -> list[Number]:
    """Every number in `text` that states a quantity, as a reader sees it: each must come
    from the data file ({figure:key}), where its source is written."""
    blanked = FIGURE_CODE.sub(lambda m: " " * len(m[0]), text)
    shown, where = visible(blanked, markdown)
    phones = [(n.start, n.start + len(n.shown)) for n in numbers_in(blanked, markdown) if n.dials]
    found = []
    for match in STATISTIC.finditer(shown):
        value = match[0]
        after = shown[match.end() : match.end() + 8]
        before = shown[max(0, match.start() - 16) : match.start()]
        if YEAR_OR_EMERGENCY.match(value) or MEASUREMENT.match(after):
            continue
        if value.endswith("%") and before.lower().endswith("zoom in up to "):
            continue
        start = where[match.start()]
        if any(a <= start < b for a, b in phones):
            continue
        found.append(Number(value, re.sub(r"\D", "", value), start))
    return found
