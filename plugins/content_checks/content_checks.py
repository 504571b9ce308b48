"""Pure functions first, the signal handler after, register() at the bottom."""

from __future__ import annotations

import collections
import datetime as dt
import difflib
import functools
import hashlib
import logging
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "CONTENT_CHECKS_MIN_READING_EASE": 45,
    "CONTENT_CHECKS_MIN_WORDS_FOR_READING_EASE": 60,
    "CONTENT_CHECKS_MAX_DESCRIPTION": 160,
    "CONTENT_CHECKS_HELPLINE": "0808 1000 900",
    "CONTENT_CHECKS_HELPLINE_TEL": "tel:08081000900",
}

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
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*\n(?P<body>.*)\Z", re.S)
PHONE = re.compile(r"(?<![\d/])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
FILENAME_LINK = re.compile(r"\{(?:filename|static|attach)\}/?(?P<path>[^)#\s\"']+)")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")
RAW_HTML = re.compile(r"<\s*(?P<tag>script|iframe|object|embed|style|form)\b", re.I)
HTML_IMAGE = re.compile(r"<img\b(?![^>]*\balt\s*=)[^>]*>", re.I)
SETEXT_H1 = re.compile(r"^=+\s*$")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
EVENT_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_LINK = re.compile(
    r"(?:\]\(\s*|\]:\s*|href\s*=\s*[\"']?\s*)(?P<scheme>javascript|vbscript|data):", re.I
)
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+\S", re.M)
DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


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


def parse_front_matter(text: str) -> Any:
    """YAML front matter, parsed with libyaml when present. Errors come from the
    pure-Python parser, whose messages the editors' guide quotes."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # CSafeLoader or SafeLoader: both safe
    except yaml.YAMLError:
        return yaml.safe_load(text)  # raises with the message editors see


def read_source(
    file: Path, root: Path, raw: bytes | None = None
) -> tuple[Source | None, list[Problem]]:
    """Parse one file's front matter (its bytes, if already read); problems if it cannot be
    read or parsed."""
    shown = f"content/{file.relative_to(root).as_posix()}"
    section = file.relative_to(root).parts[0] if len(file.relative_to(root).parts) > 1 else ""
    raw = file.read_bytes() if raw is None else raw
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
    try:
        meta = parse_front_matter(match["yaml"])
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
    the linking file's own folder, as Pelican resolves it."""
    raw = link[0].split("}", 1)[1].split("#")[0]
    if raw.startswith("/"):
        return content_root / raw.lstrip("/")
    return (content_root / src.path.removeprefix("content/")).parent.joinpath(raw).resolve()


def check_body(src: Source, content_root: Path, settings: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []

    def add(number: int, message: str) -> None:
        problems.append(Problem(src.path, number, message))

    if not src.body.strip() and src.meta.get("template") not in {"sitemap"}:
        add(
            src.body_line,
            "the page has no text after the front matter; write the page's words below the second ---",
        )
    previous = 1
    helpline = settings["CONTENT_CHECKS_HELPLINE"]
    tel_link = settings["CONTENT_CHECKS_HELPLINE_TEL"]
    for number, line in body_lines(src):
        heading = HEADING.match(line)
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
        for tag in RAW_HTML.finditer(line):
            add(
                number,
                f"<{tag['tag'].lower()}> is not allowed in content; pages must not carry scripts, frames or forms, so remove it",
            )
        if EVENT_ATTRIBUTE.search(line):
            add(
                number,
                "an HTML on...= attribute runs a script and is not allowed in content; remove it",
            )
        if HTML_IMAGE.search(line):
            add(
                number,
                "an HTML <img> has no alt text; use Markdown instead: ![what the picture shows](path)",
            )
        for link in JAVASCRIPT_LINK.finditer(line):
            add(
                number,
                f"a {link['scheme'].lower()}: link is not allowed; link to a page with https:// or {{filename}}/...",
            )
        for image in IMAGE.finditer(line):
            if not image["alt"].strip():
                add(
                    number,
                    f"the image {image['src']} has no description; write one between the square brackets: ![what the picture shows]({image['src']})",
                )
        for link in FILENAME_LINK.finditer(line):
            if not link_target(src, link, content_root).is_file():
                kind = "image" if link["path"].lstrip("./").startswith("images/") else "page"
                add(
                    number,
                    f"the link to {link['path']} finds no {kind}; check the path inside content/ (for example resources/helpline.md)",
                )
        for tel in re.finditer(r"\(tel:([^)]*)\)", line):
            if not same_number(tel[1], helpline):
                add(
                    number,
                    f"tel:{tel[1]} is not the helpline; the only phone link is [{helpline}]({tel_link})",
                )
        for phone in PHONE.finditer(re.sub(r"\(tel:[^)]*\)", "", line)):
            if not same_number(phone[0], helpline):
                add(
                    number,
                    f"{phone[0].strip()} is not the helpline number; the site gives only {helpline}",
                )
    return problems


def markdown_text(body: str) -> str:
    """Plain sentences from Markdown, for the readability score. Wrapped lines are joined;
    headings, list items and table rows count as sentences of their own."""
    text = re.sub(r"```.*?```", " ", body, flags=re.S)
    text = re.sub(r"^\s*!!!.*$", "", text, flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
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


def check_site(sources: list[Source], root: Path) -> list[Problem]:
    """Problems between files: duplicate slugs, published pages linking to drafts."""
    problems = []
    by_slug: dict[tuple[str, str], list[Source]] = {}
    for src in sources:
        slug = str(src.meta.get("slug") or Path(src.path).stem)
        by_slug.setdefault((src.section, slug), []).append(src)
    for (_, slug), group in sorted(by_slug.items()):
        if len(group) > 1:
            names = " and ".join(s.path for s in group)
            for src in group:
                problems.append(
                    Problem(
                        src.path,
                        field_line(src.yaml_text, "slug"),
                        f'slug "{slug}" is used by {names}; give each page its own slug (or file name)',
                    )
                )
    drafts = {
        src.path.removeprefix("content/") for src in sources if src.meta.get("status") == "draft"
    }
    for src in sources:
        if src.meta.get("status") == "draft":
            continue
        for number, line in body_lines(src):
            for link in FILENAME_LINK.finditer(line):
                target = link_target(src, link, root)
                if target.is_relative_to(root) and target.relative_to(root).as_posix() in drafts:
                    problems.append(
                        Problem(
                            src.path,
                            number,
                            f"this published page links to {link['path']}, which is a draft; publish that page first (remove its status: draft) or remove the link",
                        )
                    )
    return problems


_FILE_CHECKS: dict[Any, Any] = {}


def check_file(
    file: Path, content_root: Path, settings: dict[str, Any], raw: bytes | None = None
) -> tuple[Source | None, list[Problem]]:
    """One file's own problems (not those between files), and the file as read."""
    src, problems = read_source(file, content_root, raw)
    if src is not None:
        problems += check_fields(src, settings)
        problems += check_body(src, content_root, settings)
        problems += check_readability(src, settings)
    return src, problems


def check_content(content_root: Path, settings: dict[str, Any]) -> tuple[list[Problem], int]:
    """Every problem in every Markdown file under content_root, and how many files."""
    merged = {**DEFAULTS, **settings}
    content_root = content_root.resolve()
    problems: list[Problem] = []
    sources = []
    everything = sorted(p for p in content_root.rglob("*") if p.is_file())
    files = [p for p in everything if p.suffix in MARKDOWN_SUFFIXES]
    # A file's own problems depend on its bytes, these settings and which files exist (for
    # its links); the preview rebuilds often, so they are kept until one of those changes.
    # With Pelican's content cache on, they are kept on disk too, for the next build.
    context = (
        repr(sorted((k, v) for k, v in merged.items() if k.startswith("CONTENT_CHECKS_"))),
        tuple(sorted(merged.get("FIGURES", {}))),
        tuple(str(p) for p in everything),
        hashlib.blake2b(Path(__file__).read_bytes()).hexdigest(),  # these checks themselves
    )
    stored = (
        Path(merged["CACHE_PATH"]) / "content-checks.pickle"
        if merged.get("CACHE_CONTENT")
        else None
    )
    if _FILE_CHECKS.get("context") != context and stored is not None and stored.is_file():
        try:
            _FILE_CHECKS.clear()
            _FILE_CHECKS.update(pickle.loads(stored.read_bytes()))
        except Exception:  # an unreadable cache is only a slower build
            _FILE_CHECKS.clear()
    if _FILE_CHECKS.get("context") != context:
        _FILE_CHECKS.clear()
        _FILE_CHECKS["context"] = context
    current, added = [], False
    for file in files:
        raw = file.read_bytes()
        key = (str(file), hashlib.blake2b(raw).hexdigest())
        if key not in _FILE_CHECKS:
            _FILE_CHECKS[key] = check_file(file, content_root, merged, raw)
            added = True
        current.append(key)
        src, found = _FILE_CHECKS[key]
        problems += found
        if src is not None:
            sources.append(src)
    # Only today's files are kept: a long preview session does not pile up old versions.
    kept = {"context": context} | {key: _FILE_CHECKS[key] for key in current}
    pruned = len(kept) != len(_FILE_CHECKS)
    _FILE_CHECKS.clear()
    _FILE_CHECKS.update(kept)
    if stored is not None and (added or pruned):
        stored.parent.mkdir(parents=True, exist_ok=True)
        temporary = stored.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, stored)
    problems += check_site(sources, content_root.resolve())
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message)), len(files)


def report(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    lines = [str(p) for p in problems]
    noun = "problem" if len(problems) == 1 else "problems"
    lines.append(
        f"{len(problems)} {noun} in {files} {'file' if files == 1 else 'files'}: the site was not built. How to fix each: docs/errors.md"
    )
    return "\n".join(lines)


# --- Signal handler ----------------------------------------------------------


def check_before_reading(pelican: Any) -> None:
    """initialized (after figures): check every file before Pelican reads any."""
    problems, _ = check_content(Path(pelican.settings["PATH"]), pelican.settings)
    if problems:
        logger.error("Content problems:\n%s", report(problems))


def register() -> None:
    signals.initialized.connect(check_before_reading)
