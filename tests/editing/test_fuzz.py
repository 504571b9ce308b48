"""Fuzzing the build with hostile front matter and Markdown (Hypothesis).

For every generated page (four to a build), the build either fails with a message naming the
file (and, for what is inside it, the line), leaving output/ exactly as it was, or the page
builds (alone, when another page of its build was refused) and the site holds no script of content's making, no event handler, no javascript:/data:/vbscript: address,
no meta refresh, no <base>, no form but the theme's search, no frame and nothing loaded from
another site.

The seed is fixed (derandomize) and the example count bounded, so `make test` runs the same
cases every time; FUZZ_EXAMPLES=2000 make test-fuzz runs a larger search on demand.
"""

from __future__ import annotations

import logging
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from build import build, write_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.building import RENDER_BUDGET, minimal_content

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))

HOSTILE_BODY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: JAVASCRIPT:alert(1)",
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "<a href='java\tscript:alert(1)'>x</a>",
    'A paragraph.\n{: onclick="alert(1)" }',
    'A paragraph.\n{: style="position:fixed;top:0" }',
    '<meta http-equiv="refresh" content="0;url=https://x.example/">',
    '<base href="https://x.example/">',
    '<iframe src="https://x.example/"></iframe>',
    '<form action="https://x.example/"><input name="q"></form>',
    "![x](https://x.example/a.png)",
    '<img src="a.png" alt="x" srcset="https://x.example/a.png 2x">',
    '<video poster="https://x.example/p.png"></video>',
    '<link rel="prefetch" href="https://x.example/">',
    "<!-- an internal note -->",
    " ```\n<script>alert(1)</script>\n ```",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<style>body { display: none }</style>",
    '<object data="https://x.example/x"></object>',
    "[x](data:text/html,<script>alert(1)</script>)",
    '<a href="vbscript:msgbox(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '<p style="background:url(https://x.example/)">x</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "[x](//x.example/)",
    '<a href="http://x.example/">x</a>',
    "{{ 7 * 7 }} {% raw %}",
    "## A heading\n\nWords.",
    "A plain sentence about getting help.",
    "- one\n- two",
    '<p id="main-content">x</p>',
    # Files a link could publish: only pictures from content/images/ ever are.
    "[x]({static}/pages/fuzz-0.md)",
    "[x]({static}/../pelicanconf.py)",
    "[x](|static|/_headers)",
    "[x]({attach}../images/../../README.md)",
    "![x]({static}/%2e%2e/README.md)",
    "[x]({static}/robots.txt)",
    # The theme's look and ids, worn by content.
    "[Continue](https://x.example/){: .app-exit-this-page-overlay }",
    "Words.\n{: #main-content }",
    "## Help {#app-search}",
    '<div class="app-safety-bar"><a href="https://x.example/">Exit this page</a></div>',
    '<div class="app-helpline-callout">Call us</div>',
    '<p class="app-exit-this-page__button">Exit</p>',
    "## Main content\n\nWords.",
    "A fact.[^1]\n\n[^1]: A source.",
]
# Allowed, some of it close to the line: pages made of these must build, and must be safe.
TRICKY_BUT_ALLOWED = [
    "A plain sentence about getting help.",
    "## A heading\n\nWords under it.",
    "- one\n- two",
    '<abbr title="Child Exploitation and Online Protection">CEOP</abbr> said so.',
    "Read <https://get-help.stopitnow.org.uk/> for help.",
    '[Get Help](https://get-help.stopitnow.org.uk/ "javascript:alert(1)")',
    '<a href="tel:08081000900">Call the helpline</a>',
    "<details><summary>More</summary>Hidden <em>text</em>.</details>",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "`<script>alert(1)</script>` in code is text.",
    "    <iframe src=x></iframe>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "A sentence with javascript:alert(1) written as words.",
    "!!! note\n    A note with <strong>bold</strong> words.",
]
HOSTILE_VALUES = [
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "<meta http-equiv=refresh content=0;url=//x.example/>",
    "{a: b}",
    "[1, [2, [3, [4]]]]",
    "&a [x, x]",
    "*a",
    "2019-02-30",
    "yes",
    '""',
    "x" * 200,
    "\u202eevil",
    "{{ SITENAME }}",
    "'</title><script>alert(1)</script>'",
    "A plain title",
    "a-plain-slug",
]
FIELDS = ["title", "description", "summary", "slug", "status", "save_as", "template", "url"]
# Printable text with the characters Markdown and YAML treat specially.
TEXT = st.text(
    alphabet=st.sampled_from(list("abc XYZ019<>&\"'=:/#[](){}!*-_|`\\\n\t")), max_size=40
)
SAFE_TEXT = "A fuzz page"
# Pages built together in one build (each its own file, title and description, as every page's
# must differ): a problem in one must be reported, and must not keep the others from being
# checked (those the report does not name are built again without it, and must build).
BATCH = 4
NUMBERS = ["one", "two", "three", "four"]
OUTCOMES: list[bool] = []  # built or refused, per example: both must happen


# A phone number in a disguise of its own per digit (the same kinds as the unit tests of
# plugins/content_checks/numbers.py), for the body or any field.
DISGUISES = [
    lambda d: d,
    lambda d: chr(0xFF10 + int(d)),
    lambda d: f"&#{ord(d)};",
    lambda d: d + "\u200b",
    lambda d: f"*{d}*",
    lambda d: f"<b>{d}</b>",
    lambda d: "O" if d == "0" else d,
    lambda d: d + " ",
    lambda d: d + "-",
]
DIGIT_WORDS = "zero one two three four five six seven eight nine".split()


@st.composite
def disguised_numbers(draw) -> str:
    number = (
        "0" + draw(st.sampled_from("1234789")) + draw(st.text("0123456789", min_size=9, max_size=9))
    )
    if draw(st.booleans()):
        return " ".join(DIGIT_WORDS[int(d)] for d in number)
    ways = draw(st.lists(st.sampled_from(DISGUISES), min_size=len(number), max_size=len(number)))
    return "".join(way(digit) for way, digit in zip(ways, number, strict=True))


NUMBER_FIELDS = ["title", "description", "summary", "search_terms", "order", "region"]

# Pathological nesting (plugins/render_budget): lists, quotes, brackets, emphasis and raw HTML
# opened hundreds of times, a few KB in all. The page builds, or the build stops naming it
# ("too complex", past the tests' 0.3 s budget); never a traceback, never "Could not process".
NESTING = ["- ", "1. ", "> ", "> - ", "[", "](", "![", "*", "_", "**", "*[", "_a*", "`", "<div>"]


@st.composite
def pathological_nesting(draw) -> str:
    units = draw(st.lists(st.sampled_from(NESTING), min_size=1, max_size=3))
    return "".join(units) * draw(st.integers(50, 1200)) + "x"


@st.composite
def pages(draw, number: int = 0) -> str:
    meta = {
        "title": f"{SAFE_TEXT} {NUMBERS[number]}",
        "description": f"Page {NUMBERS[number]} made by the fuzzer.",
    }
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=2, unique=True)):
        meta[name] = draw(st.one_of(st.sampled_from(HOSTILE_VALUES), TEXT))
    piece = st.one_of(st.sampled_from(TRICKY_BUT_ALLOWED), st.sampled_from(HOSTILE_BODY), TEXT)
    body = draw(st.lists(piece, min_size=1, max_size=3))
    if draw(st.integers(0, 3)) == 0:
        body.append(draw(pathological_nesting()))
    if draw(st.integers(0, 3)) == 0:  # a phone number, in the body or in a field
        number = draw(disguised_numbers())
        where = draw(st.sampled_from(["body", *NUMBER_FIELDS]))
        if where == "body":
            body.append(f"Call us on {number}.")
        elif where == "search_terms":
            meta[where] = f"[{number!r}]".replace("'", '"')
        else:
            meta[where] = f'"Call {number}"'.replace("\\", "")
    lines = []
    for name, value in meta.items():
        value = value.replace("\n", " ")
        lines.append(f"{name}: {value}")
    return "---\n" + "\n".join(lines) + "\n---\n" + "\n\n".join(body) + "\n"


URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "poster",
        "data",
        "srcset",
        "xlink:href",
        "background",
        "cite",
    }
)


class Dangers(HTMLParser):
    """What a built page must never hold, as (where, what) pairs."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name, self.found = name, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        where = f"{self.name}: <{tag}>"
        if tag == "script" and not (
            values.get("type") == "application/ld+json"
            or (values.get("type") == "module" and "/theme/js/" in values.get("src", ""))
        ):
            self.found.append((where, "a script the theme did not write"))
        if tag in {"base", "iframe", "frame", "frameset", "object", "embed", "applet"}:
            self.found.append((where, "not allowed"))
        theme_search = values.get("data-module") == "app-search" and "//" not in values.get(
            "action", ""
        )
        if tag == "form" and not theme_search:
            self.found.append((where, "a form other than the search"))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append((where, "a meta refresh"))
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append((where, f"an event handler {name}"))
            if name in URL_ATTRIBUTES:
                for url in re.split(r",\s*", value) if name == "srcset" else [value]:
                    url = url.strip().split(" ")[0]
                    scheme = re.sub(r"[\s\x00-\x1f]", "", urlsplit(url).scheme).lower()
                    if scheme in {"javascript", "data", "vbscript"}:
                        self.found.append((where, f"a {scheme}: address"))
                    loads = not (
                        tag == "a"
                        or (tag == "link" and values.get("rel") in {"canonical", "alternate"})
                    )
                    external = url.startswith("//") or (
                        scheme in {"http", "https"} and "127.0.0.1" not in url
                    )
                    if loads and external:
                        self.found.append((where, f"{url} loaded from another site"))


# The theme's own components, which content may never add to or copy: a page built from
# the fuzzer's file has as many of each as a page built from the same template by the site.
THEME_ONLY = re.compile(r"\bapp-(?:exit|safety|skip|help-block|header|helpline-callout)[\w-]*")


def theme_classes(html: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for attribute in re.findall(r'class="([^"]*)"', html):
        for name in THEME_ONLY.findall(attribute):
            counts[name] = counts.get(name, 0) + 1
    return counts


def numbers_a_reader_could_call(html: str) -> list[str]:
    """Every number in a built page a reader could call that is not the helpline or a
    declared number, read as the build reads content (plugins/content_checks/numbers.py)."""
    from content_checks.numbers import dialled

    from pelicanconf import HELPLINE_NUMBER, OTHER_PHONE_NUMBERS

    allowed = {re.sub(r"\D", "", n) for n in [HELPLINE_NUMBER, *OTHER_PHONE_NUMBERS]}
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return [n.shown for n in dialled(text, markdown=False) if n.national not in allowed]


def dangers(site: Path) -> list[tuple[str, str]]:
    found = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        parser = Dangers(page.relative_to(site).as_posix())
        parser.feed(html)
        found += parser.found
        found += [
            (parser.name, f"a number to call: {n}") for n in numbers_a_reader_could_call(html)
        ]
    same_template = site / "privacy" / "index.html"
    for fuzzed in sorted(site.glob("fuzz*/index.html")):
        if same_template.is_file():
            mine = theme_classes(fuzzed.read_text(encoding="utf-8"))
            theirs = theme_classes(same_template.read_text(encoding="utf-8"))
            if mine != theirs:
                where = fuzzed.relative_to(site).as_posix()
                found.append((where, f"the theme's components {mine} != {theirs}"))
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def site_to_fuzz(tmp_path_factory):
    """The minimal site (tests/support/building.py) and its good build: each example adds
    one page to it. (The built pages are checked in every build, so the theme's links must
    all lead somewhere.) Pages that do not change are reused from the last build, so each
    example costs little."""
    tmp = tmp_path_factory.mktemp("fuzz")
    minimal_content(tmp / "content")
    settings_file = write_settings(
        tmp / "settings.py", tmp / "content", RENDER_BUDGET_SECONDS=RENDER_BUDGET
    )
    output = tmp / "output"
    assert build(settings_file, output, search="none").ok
    return tmp, settings_file, output


def test_the_checker_finds_each_danger_it_looks_for(tmp_path):
    """The property below is only as good as this checker: prove it can fail."""
    (tmp_path / "bad.html").write_text(
        '<script>x</script><base href="/"><form action="https://x.example/"></form>'
        '<meta http-equiv="refresh" content="0"><p onclick="x"><a href="javascript:x">x</a>'
        '<img src="https://x.example/a.png"><iframe></iframe>'
    )
    (tmp_path / "call.html").write_text("<p>Call 0800 <b>123</b> 4567 now</p>")
    found = {what for _, what in dangers(tmp_path)}
    assert "a number to call: 0800 123 4567" in found
    (tmp_path / "fuzz").mkdir()
    (tmp_path / "privacy").mkdir()
    (tmp_path / "privacy" / "index.html").write_text('<a class="app-exit-this-page__button">')
    (tmp_path / "fuzz" / "index.html").write_text('<a class="app-exit-this-page__button"></a>' * 2)
    assert any("the theme's components" in what for _, what in dangers(tmp_path))
    assert {
        "a script the theme did not write", "not allowed", "a form other than the search",
        "a meta refresh", "an event handler onclick", "a javascript: address",
        "https://x.example/a.png loaded from another site",
    } <= found  # fmt: skip


def build_with(tmp: Path, settings_file: Path, output: Path, texts: dict[str, str]):
    """Build with each of `texts` written as content/<name>, then take the files away."""
    for name, text in texts.items():
        (tmp / name).write_text(text, encoding="utf-8")
    try:
        return build(settings_file, output, search="none")
    finally:
        for name in texts:
            (tmp / name).unlink()
        logging.getLogger().handlers[:] = [
            h for h in logging.getLogger().handlers if type(h).__name__ != "Capture"
        ]


@settings(
    max_examples=max(1, EXAMPLES // BATCH),
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.tuples(*(pages(number) for number in range(BATCH))))
def test_hostile_pages_either_fail_the_build_with_their_files_named_or_publish_nothing_dangerous(
    site_to_fuzz, texts
):
    tmp, settings_file, output = site_to_fuzz
    before = snapshot(output)
    pages = {f"content/pages/fuzz-{number}.md": text for number, text in enumerate(texts)}
    result = build_with(tmp, settings_file, output, pages)
    if not result.ok:
        assert "Traceback" not in result.error
        assert "Could not process" not in result.error, result.error
        assert "could not be built: Markdown" not in result.error, result.error
        named = [name for name in pages if name in result.error]
        assert named, result.error
        assert snapshot(output) == before
        OUTCOMES.extend([False] * len(named))
        # The pages the report did not name had no problem: without the others, they build.
        pages = {name: text for name, text in pages.items() if name not in named}
        if not pages:
            return
        result = build_with(tmp, settings_file, output, pages)
        assert result.ok, f"a page the report did not name does not build:\n{result.error}"
    OUTCOMES.extend([True] * len(pages))
    # (The pages stay in output/ until the next example's build replaces the site: that build
    # starts from what is there, as an editor's next build does, and a failed one must leave
    # it exactly so.)
    assert dangers(output) == [], pages


def test_the_fuzzer_tried_both_pages_that_build_and_pages_that_are_refused():
    """Runs after the property (file order): a fuzzer that only ever failed, or only ever
    built, would prove little."""
    assert OUTCOMES.count(True) >= 3 and OUTCOMES.count(False) >= 3, OUTCOMES
