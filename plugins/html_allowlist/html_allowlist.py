"""Pure functions first, signal handlers after, register() at the bottom."""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nh3
from callouts.callouts import CLASSES as CALLOUT_CLASSES
from markupsafe import Markup
from pelican import signals

logger = logging.getLogger(__name__)

# What the site's Markdown (with its extensions and call-outs) produces, and nothing else.
TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "span": {"aria-hidden", "data-figure"},  # data-figure: plugins/figures marks each figure
}
URL_SCHEMES = {"https", "mailto", "tel"}
NAME = re.compile(r"[A-Za-z][\w-]*")
# A link or image inside the site is a {filename}/{static} reference or a relative path.
INTERNAL = re.compile(r"(\{(filename|static|attach|index|tag|category|author)\}|[^:{}\s]*$)")


# The classes the pipeline itself gives a body (the call-outs, a figure's mark) and the
# elements that get an id (headings, from the Markdown toc extension): nothing else, so no
# body can wear the theme's look (a second "Exit this page", the safety bar) or its ids.
CLASSES = CALLOUT_CLASSES | {"app-figure"}
ID_TAGS = {"h2", "h3", "h4", "h5", "h6"}
HEADING_ID = re.compile(r"[A-Za-z0-9][\w-]*")


def allowed_value(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: the value kept, or None to remove the attribute."""
    if attribute == "class":
        return value if value.split() and set(value.split()) <= CLASSES else None
    if attribute == "id":  # a heading's, from its words: "## 2019 campaign" is 2019-campaign
        return value if tag in ID_TAGS and HEADING_ID.fullmatch(value) else None
    if attribute == "src":
        # Images come from the site itself: nothing is loaded from another site.
        return value if INTERNAL.match(value) and not value.startswith("//") else None
    if attribute == "href":
        if value.startswith("//"):
            return None
        scheme = urlsplit(value).scheme.lower()
        return value if scheme in URL_SCHEMES or INTERNAL.match(value) else None
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if value.isdigit() else None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "template", "textarea", "title", "noscript"},
        attributes=ATTRIBUTES,
        attribute_filter=allowed_value,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel=None,
    )


class Events(HTMLParser):
    """An HTML fragment as a list of parse events, so two serialisations of the same tree
    compare equal (quotes, entities, <br> and <br />)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, *sorted(f"{k}={v or ''}" for k, v in attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br /> is <br>

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("decl", data))

    handle_decl = handle_pi = unknown_decl


def events(html: str) -> list[tuple[str, ...]]:
    parser = Events()
    parser.feed(html)
    parser.close()
    return parser.events


def describe(event: tuple[str, ...], kept: tuple[str, ...] | None) -> tuple[str, str]:
    """(what was removed, a word to look for in the Markdown) for an event of the original
    that sanitizing removed or changed."""
    kind = event[0]
    if kind == "comment":
        return (
            "an HTML comment (<!-- ... -->) would be published in the page's source for anyone "
            "to read, and it is public in the repository too; keep notes for other editors in "
            "the pull request or an issue, not in content/",
            "<!--",
        )
    if kind in {"decl", "text"}:
        text = event[1].strip()[:60]
        return f"the text {text!r} is inside an element that is not allowed in content", text
    tag = event[1]
    if tag not in TAGS:
        return (
            f"<{tag}> is not allowed in content; pages carry no scripts, styles, frames, forms, "
            "media or page settings. Use Markdown for text, links and images",
            f"<{tag}",
        )
    before = dict(a.split("=", 1) for a in event[2:])
    after = dict(a.split("=", 1) for a in (kept or ())[2:]) if kept and kept[1] == tag else {}
    for name, value in before.items():
        if after.get(name) == value:
            continue
        if name in {"href", "src"}:
            where = "link" if name == "href" else "image"
            return (
                f"the {where} address {value!r} is not allowed; link to https://, mailto: or tel:, "
                "or to a page or image of the site with {filename}/...; images come from the "
                "site itself",
                value[:40],
            )
        return (
            f"the {name}= attribute on <{tag}> is not allowed in content"
            + ("; it runs a script" if name.startswith("on") else "")
            + "; remove it",
            name,
        )
    return f"<{tag}> changed when sanitized", f"<{tag}"


# Past this many events to compare, the two sides are compared in step rather than with
# difflib, whose time grows with the square of their length (400 headings took 9 s).
MAX_DIFF = 2_000


def changes(original: list[tuple[str, ...]], kept: list[tuple[str, ...]]) -> list[tuple]:
    """difflib's opcodes between two event lists, in time that grows with their length: the
    common start and end are set aside, lists of one length (attributes removed, no tags)
    are compared in step, and only a short remainder goes to difflib."""
    start = 0
    while start < min(len(original), len(kept)) and original[start] == kept[start]:
        start += 1
    end = 0
    while (
        end < min(len(original), len(kept)) - start
        and original[len(original) - 1 - end] == kept[len(kept) - 1 - end]
    ):
        end += 1
    a, b = original[start : len(original) - end], kept[start : len(kept) - end]
    if len(a) == len(b) or len(a) + len(b) > MAX_DIFF:
        return [
            (
                "replace",
                start + i,
                start + i + 1,
                start + min(i, len(b) - 1),
                start + min(i, len(b) - 1) + 1,
            )
            for i in range(len(a))
            if i >= len(b) or a[i] != b[i]
        ]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        (op, a1 + start, a2 + start, b1 + start, b2 + start)
        for op, a1, a2, b1, b2 in matcher.get_opcodes()
    ]


def removed(html: str) -> list[tuple[str, str]]:
    """What sanitizing would remove from `html`: (message, a word to find it by)."""
    clean = sanitize(html)
    if clean == html:
        return []
    original, kept = events(html), events(clean)
    if original == kept:
        return []
    found = []
    for op, a1, a2, b1, b2 in changes(original, kept):
        if op not in {"delete", "replace"}:
            continue
        # Tags and comments say what was removed; text and end tags only follow them.
        for event in original[a1:a2]:
            if event[0] == "decl":
                cdata = event[1].upper().startswith("CDATA[")
                found.append(
                    (
                        f"{'a CDATA section (<![CDATA[ ... ]]>)' if cdata else 'a declaration (<!...>)'}"
                        " is not allowed in content; write the text as it is",
                        "<![" if cdata else "<!",
                    )
                )
                break
            if event[0] == "comment" or (event[0] == "start" and event[1] not in TAGS):
                found.append(describe(event, None))
                break
            if event[0] == "start":
                twin = next((k for k in kept[b1:b2] if k[:2] == event[:2]), None)
                found.append(describe(event, twin))
                break
    return found or [("sanitizing would change this text", "")]


def squeezed(text: str) -> str:
    """`text` in lower case without its spaces (str.split's white space is re's \\s)."""
    return "".join(text.lower().split())


@functools.lru_cache(maxsize=4)
def squeezed_lines(text: str) -> tuple[str, ...]:
    """Each line of `text`, squeezed: worked out once for a page with many problems."""
    return tuple(squeezed(line) for line in text.splitlines())


def line_of(text: str, needle: str) -> int:
    """The line of `text` where `needle` first appears (any case), else 0. An address may be
    written with an entity for its first letter (&#106;avascript:): then the rest is found.
    Spaces are ignored: Markdown turns a tab into spaces."""
    lines = squeezed_lines(text)
    for candidate in (needle, needle[1:]) if len(needle) > 8 else (needle,):
        wanted = squeezed(candidate)  # Markdown turns a tab into spaces
        if wanted:
            for number, line in enumerate(lines, start=1):
                if wanted in line:
                    return number
    return 0


def body_html(value: Any) -> Markup:
    """Jinja filter: a body or summary, sanitized, marked safe for autoescaping."""
    return Markup(sanitize(str(value or "")))


# --- Signal handlers ---------------------------------------------------------

_PROBLEMS: list[str] = []


def add_filter(pelican: Any) -> None:
    """initialized: the templates' only way to print a body unescaped."""
    _PROBLEMS.clear()
    load_clean(pelican.settings)
    filters = dict(pelican.settings.get("JINJA_FILTERS", {}))
    filters["body_html"] = body_html
    pelican.settings["JINJA_FILTERS"] = filters


# Bodies already found to lose nothing to sanitizing, by a digest of their HTML: kept between
# builds in CACHE_PATH (when the content cache is on) with a digest of what decided it, so a
# build checks again only what changed (at 1,000 pages the comparison took most of a second).
# A digest found here only skips the report: every body is still sanitized as it is printed.
CLEAN_FILE = "html-allowlist.json"
_CLEAN: set[str] = set()
_SEEN: set[str] = set()
_CLEAN_KEPT: dict[str, Any] = {"file": None, "code": None}


def deciding_code() -> str:
    """What decides a body is clean: this module, the call-outs' classes and nh3's version."""
    import callouts.callouts

    digest = hashlib.blake2b(nh3.__version__.encode() if hasattr(nh3, "__version__") else b"")
    for module in (__file__, callouts.callouts.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def load_clean(settings: dict[str, Any]) -> None:
    """initialized: the bodies known to be clean, from the last build's cache if it was made
    by the same code (the build refuses a cache folder that git tracks before this runs)."""
    _SEEN.clear()
    if not settings.get("CACHE_CONTENT"):
        _CLEAN_KEPT.update(file=None)
        return
    file, code = Path(settings["CACHE_PATH"]) / CLEAN_FILE, deciding_code()
    if _CLEAN_KEPT["file"] != file or _CLEAN_KEPT["code"] != code:
        _CLEAN.clear()
        if settings.get("LOAD_CONTENT_CACHE"):
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
                data = json.loads(file.read_text(encoding="utf-8"))
                if data["code"] == code:
                    _CLEAN.update(str(h) for h in data["clean"])
    _CLEAN_KEPT.update(file=file, code=code)


def save_clean() -> None:
    """Keep this build's clean bodies only, written whole or not at all."""
    file = _CLEAN_KEPT["file"]
    if file is None:
        return
    from content_checks.cache import store_json

    _CLEAN.intersection_update(_SEEN)
    store_json(file, {"code": _CLEAN_KEPT["code"], "clean": sorted(_CLEAN)})


def removed_unless_known(html: str) -> list[tuple[str, str]]:
    key = hashlib.blake2b(html.encode("utf-8", "surrogatepass")).hexdigest()
    _SEEN.add(key)
    if key in _CLEAN:
        return []
    found = removed(html)
    if not found:
        _CLEAN.add(key)
    return found


def check_content(instance: Any) -> None:
    """content_object_init: the body and summary as rendered from Markdown, before any use."""
    source = getattr(instance, "source_path", None)
    if not source:
        return
    bodies = [getattr(instance, "_content", None) or ""]
    if "summary" in instance.metadata:
        bodies.append(str(instance.metadata.get("summary") or ""))
    found = [problem for html in bodies for problem in removed_unless_known(html)]
    if not found:
        return
    # Only a page with a problem is read again, to find its lines.
    text = Path(source).read_text(encoding="utf-8", errors="replace")
    root = Path(instance.settings["PATH"]).resolve().parent
    shown = Path(source).resolve()
    shown = shown.relative_to(root).as_posix() if shown.is_relative_to(root) else str(source)
    for message, needle in found:
        line = line_of(text, needle)
        where = f"{shown}, line {line}" if line else shown
        _PROBLEMS.append(f"{where}: {message}")


def report(generators: Any) -> None:
    """all_generators_finalized: every file's problems at once, before anything is written."""
    save_clean()
    if _PROBLEMS:
        problems = sorted(set(_PROBLEMS))
        _PROBLEMS.clear()
        # The pages are still written (sanitized), so the later checks run on the rest of the
        # site; what sanitizing removed from these files (a heading's id) is not blamed again.
        if generators:
            sanitized = generators[0].settings.setdefault("HTML_ALLOWLIST_SANITIZED", [])
            sanitized[:] = sorted({p.split(",")[0].split(":")[0] for p in problems})
        # One record a problem: the build reports every stage's problems together, sorted by
        # file and line. Nothing is removed silently: the page is not published.
        for problem in problems:
            logger.error("%s", problem)


def register() -> None:
    signals.initialized.connect(add_filter)
    signals.content_object_init.connect(check_content)
    signals.all_generators_finalized.connect(report)
