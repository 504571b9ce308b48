"""plugins/html_allowlist: what rendered Markdown may contain, and what is reported when it
holds anything else."""

import pytest
from html_allowlist.html_allowlist import body_html, line_of, removed, sanitize

# What the site's own Markdown and call-outs produce: nothing of it may be reported.
ALLOWED = [
    '<h2 id="getting-help">Getting help</h2><p>Call <a href="tel:08081000900">0808 1000 900</a>.</p>',
    '<p>See <a href="{filename}/resources/helpline.md#top">the helpline</a> or '
    '<a href="https://get-help.stopitnow.org.uk/">Get Help</a>, or write to '
    '<a href="mailto:press@example.org">us</a>.</p>',
    '<p><img alt="A poster" src="{static}/images/poster.png"></p>',
    '<div class="app-helpline-callout"><p class="app-helpline-callout__heading">Talk</p></div>',
    '<details class="app-details"><summary class="app-details__summary">More</summary>'
    "<div>Text</div></details>",
    "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
    '<p>It&rsquo;s <span class="app-figure" data-figure="x">80,000</span>.<br />Next</p>',
    "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
]


@pytest.mark.parametrize("html", ALLOWED)
def test_what_the_sites_markdown_produces_is_allowed_as_it_is(html):
    assert removed(html) == []


HOSTILE = {
    "script": ("<script>alert(1)</script>", "<script> is not allowed"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://x.example/">', "<meta>"),
    "base": ('<base href="https://x.example/">', "<base>"),
    "form": ('<form action="https://x.example/"><input></form>', "<form>"),
    "iframe": ('<iframe src="https://x.example/"></iframe>', "<iframe>"),
    "video poster": ('<video poster="https://x.example/p.png"></video>', "<video>"),
    "link prefetch": ('<link rel="prefetch" href="https://x.example/">', "<link>"),
    "svg": ('<svg onload="alert(1)"></svg>', "<svg>"),
    "style element": ("<style>body{}</style>", "<style>"),
    "event attribute": ('<p onclick="alert(1)">x</p>', "onclick= attribute on <p>"),
    "style attribute": ('<p style="color:red">x</p>', "style= attribute on <p>"),
    "srcset": ('<img alt="x" src="a.png" srcset="https://x.example/a.png 2x">', "srcset="),
    "javascript link": ('<a href="javascript:alert(1)">x</a>', "'javascript:alert(1)'"),
    "upper case": ('<a href="JAVASCRIPT:alert(1)">x</a>', "'JAVASCRIPT:alert(1)'"),
    "entity": ('<a href="&#106;avascript:alert(1)">x</a>', "'javascript:alert(1)'"),
    "tab inside": ('<a href="java\tscript:alert(1)">x</a>', "is not allowed"),
    "data link": ('<a href="data:text/html,x">x</a>', "'data:text/html,x'"),
    "vbscript link": ('<a href="vbscript:x">x</a>', "'vbscript:x'"),
    "http link": ('<a href="http://x.example/">x</a>', "'http://x.example/'"),
    "protocol-relative": ('<a href="//x.example/">x</a>', "'//x.example/'"),
    "external image": ('<img alt="x" src="https://x.example/a.png">', "image address"),
    "comment": ("<p>x</p><!-- a private note -->", "an HTML comment"),
    "bad id": ('<p id="a b&quot;c">x</p>', "id= attribute"),
    # The theme's look and ids are never a body's, whatever the content checks let through.
    "exit overlay class": (
        '<a class="app-exit-this-page-overlay" href="https://x.example/">x</a>',
        "class= attribute on <a>",
    ),
    "exit button class": (
        '<a class="app-exit-this-page__button" href="#">Exit</a>',
        "class= attribute",
    ),
    "safety bar class": ('<div class="app-safety-bar">x</div>', "class= attribute on <div>"),
    "a call-out class beside another": (
        '<div class="app-inset-text app-skip-link">x</div>',
        "class=",
    ),
    "id on a paragraph": ('<p id="main-content">x</p>', "id= attribute on <p>"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_anything_else_is_reported_and_sanitizing_removes_it(case):
    html, expected = HOSTILE[case]
    messages = [message for message, _ in removed(html)]
    assert messages, html
    assert any(expected in m for m in messages), messages
    assert removed(sanitize(html)) == []


def test_the_filter_marks_only_sanitized_html_safe():
    assert str(body_html('<p onclick="x">Hi</p><script>x</script>')) == "<p>Hi</p>"


def test_a_problem_is_placed_on_the_first_line_that_holds_it():
    assert line_of("---\ntitle: x\n---\nText\n<SCRIPT>x</script>\n", "<script") == 5
    assert line_of("text", "") == 0


def test_a_body_found_clean_is_not_compared_again_and_one_with_a_problem_always_is(tmp_path):
    """The comparison with what sanitizing keeps is skipped only for a body the same code has
    already found clean (kept in the cache folder by its digest); a body with a problem is
    never remembered, and a cache made by other code is not used."""
    import json
    from unittest.mock import patch

    from html_allowlist import html_allowlist as allowlist

    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path)}
    clean, dirty = "<p>Call us.</p>", '<p onclick="x()">Call us.</p>'
    allowlist._CLEAN_KEPT.update(file=None)
    allowlist.load_clean(settings)
    assert allowlist.removed_unless_known(clean) == []
    assert allowlist.removed_unless_known(dirty) != []
    allowlist.save_clean()
    kept = json.loads((tmp_path / allowlist.CLEAN_FILE).read_text())
    assert len(kept["clean"]) == 1

    allowlist._CLEAN_KEPT.update(file=None)  # as a new process would start
    allowlist.load_clean(settings)
    compared = []
    real = allowlist.removed
    with patch.object(allowlist, "removed", side_effect=lambda h: compared.append(h) or real(h)):
        assert allowlist.removed_unless_known(clean) == []
        assert allowlist.removed_unless_known(dirty) != []
    assert compared == [dirty]

    kept["code"] = "other code"
    (tmp_path / allowlist.CLEAN_FILE).write_text(json.dumps(kept))
    allowlist._CLEAN_KEPT.update(file=None)
    allowlist.load_clean(settings)
    assert allowlist._CLEAN == set()
