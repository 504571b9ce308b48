"""plugins/content_checks, one module at a time: reading, fields, body, readability, site
(between files) and cache. The whole chain is exercised by tests/editing/test_bad_input.py."""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path

import pytest
from content_checks import body, cache, fields, readability, reading, site
from content_checks.content_checks import DEFAULTS
from content_checks.reading import Problem

import pelicanconf

SETTINGS = {
    **DEFAULTS,
    "FIGURES": {"known-figure": {}},
    "HELPLINE_NUMBER": pelicanconf.HELPLINE_NUMBER,
    "HELPLINE_TEL": pelicanconf.HELPLINE_TEL,
}


def source(tmp_path: Path, name: str, text: str) -> reading.Source:
    file = tmp_path / "content" / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    src, problems = reading.read_source(file, tmp_path / "content")
    assert problems == []
    return src


# --- reading -----------------------------------------------------------------


def test_reading_gives_the_front_matter_the_body_and_the_line_the_body_starts_on(tmp_path):
    src = source(tmp_path, "pages/a.md", "---\ntitle: A\ndescription: B\n---\nWords.\n")
    assert (src.path, src.section, src.meta["title"], src.body_line) == (
        "content/pages/a.md",
        "pages",
        "A",
        5,
    )


def test_reading_names_the_line_of_a_front_matter_mistake(tmp_path):
    file = tmp_path / "content" / "pages" / "a.md"
    file.parent.mkdir(parents=True)
    file.write_text("---\ntitle: A\ndescription: one: two\n---\nWords.\n")
    src, problems = reading.read_source(file, tmp_path / "content")
    assert src is None
    assert problems[0].line == 3 and "colon and a space" in problems[0].message


def test_a_yaml_mistake_the_slips_do_not_cover_is_still_named_at_its_line(tmp_path):
    file = tmp_path / "content" / "pages" / "a.md"
    file.parent.mkdir(parents=True)
    file.write_text("---\ntitle: A\ndescription: [one, two\n---\nWords.\n")
    src, problems = reading.read_source(file, tmp_path / "content")
    assert src is None
    assert problems[0].line >= 3 and "not valid" in problems[0].message


def test_reading_refuses_a_file_that_is_not_utf8_on_its_line(tmp_path):
    file = tmp_path / "content" / "pages" / "a.md"
    file.parent.mkdir(parents=True)
    file.write_bytes(b"---\ntitle: A\n\xff\n---\n")
    _, problems = reading.read_source(file, tmp_path / "content")
    assert problems[0].line == 3 and "UTF-8" in problems[0].message


# --- fields ------------------------------------------------------------------


def test_fields_suggest_the_field_an_editor_meant(tmp_path):
    src = source(
        tmp_path, "faq/q.md", "---\ntitle: Why?\naudince: yourself\ndescription: D\n---\nA.\n"
    )
    messages = [p.message for p in fields.check_fields(src, SETTINGS)]
    assert "audince is not a field of this page; did you mean audience?" in messages
    assert any(m.startswith("audience is missing") for m in messages)


def test_fields_accept_a_month_only_launch_date_but_not_a_day_first_one(tmp_path):
    text = (
        "---\ntitle: T\nregion: R\ndescription: D\nlaunch_date: {}\npartners: [P]\n"
        "summary: S\n---\nWords.\n"
    )
    good = source(tmp_path, "campaigns/a.md", text.format("2017-06"))
    assert fields.check_fields(good, SETTINGS) == []
    bad = source(tmp_path, "campaigns/b.md", text.format("14/03/2019"))
    [problem] = fields.check_fields(bad, SETTINGS)
    assert problem.message == 'launch_date "14/03/2019" is not a date; write it as 2019-03-14'


def test_fields_refuse_an_address_or_template_chosen_in_front_matter(tmp_path):
    text = "---\ntitle: T\ndescription: D\nsave_as: _headers\nurl: x\ntemplate: home\n---\nW.\n"
    src = source(tmp_path, "pages/p.md", text)
    messages = sorted(p.message.split(";")[0] for p in fields.check_fields(src, SETTINGS))
    assert messages == [
        "save_as is not a field of this page",
        "template is not a field of this page",
        "url is not a field of this page",
    ]


def test_fields_refuse_a_figure_that_is_not_in_the_data_file(tmp_path):
    text = (
        "---\ntitle: T\nregion: R\ndescription: D\nlaunch_date: 2019-03\npartners: [P]\n"
        "summary: S\nfigures: [known-figure, unknown-figure]\n---\nWords.\n"
    )
    src = source(tmp_path, "campaigns/c.md", text)
    problems = fields.check_fields(src, SETTINGS)
    assert [p.line for p in problems] == [8]
    assert "'unknown-figure' is not in data/figures.yaml" in problems[0].message


# --- body --------------------------------------------------------------------


def test_body_finds_a_heading_jump_an_image_without_alt_and_a_number_that_is_not_the_helpline(
    tmp_path,
):
    text = (
        "---\ntitle: T\ndescription: D\n---\n## A\n#### B\n<img src=x.png>\nCall 0161 496 0000.\n"
    )
    src = source(tmp_path, "pages/p.md", text)
    found = {p.line: p.message for p in body.check_body(src, tmp_path / "content", SETTINGS)}
    assert "jumps from level 2 to level 4" in found[6]
    assert "an HTML <img> has no alt text" in found[7]
    assert "0161 496 0000 is not the helpline number" in found[8]


def test_body_accepts_the_helpline_in_its_international_form():
    assert body.same_number("+44 808 1000 900", "0808 1000 900")
    assert not body.same_number("0808 1000 901", "0808 1000 900")


# --- readability -------------------------------------------------------------


def test_readability_scores_plain_words_high_and_long_words_low():
    plain, _ = readability.reading_score("The cat sat on the mat. It was a good day.")
    hard, _ = readability.reading_score(
        "Notwithstanding multitudinous organisational considerations, institutional "
        "accountability necessitates comprehensive evaluation."
    )
    assert plain > 90 > 0 > hard


def test_readability_reads_link_text_not_addresses():
    assert readability.markdown_text("See [the helpline](https://x.example/a-b-c).") == (
        "See the helpline."
    )


# --- site --------------------------------------------------------------------


def test_site_finds_two_files_with_one_slug_and_a_published_page_linking_to_a_draft(tmp_path):
    a = source(
        tmp_path,
        "pages/a.md",
        "---\ntitle: A\nslug: same\ndescription: D\n---\nSee [b]({filename}/pages/b.md).\n",
    )
    b = source(
        tmp_path,
        "pages/b.md",
        "---\ntitle: B\nslug: same\nstatus: draft\ndescription: D\n---\nB.\n",
    )
    root = tmp_path / "content"
    problems = site.check_site([site.facts_of(a, root), site.facts_of(b, root)])
    messages = sorted((p.path, p.line, p.message.split(";")[0]) for p in problems)
    assert messages == [
        (
            "content/pages/a.md",
            3,
            'slug "same" is used by content/pages/a.md and content/pages/b.md',
        ),
        ("content/pages/a.md", 6, "this published page links to pages/b.md, which is a draft"),
        (
            "content/pages/b.md",
            3,
            'slug "same" is used by content/pages/a.md and content/pages/b.md',
        ),
    ]


# --- cache -------------------------------------------------------------------

RESULT = (
    [Problem("content/pages/a.md", 3, "a message")],
    site.Facts("content/pages/a.md", "pages", "a", 1, False, ((5, "pages/b.md", "pages/b.md"),)),
)


def test_the_cache_is_json_and_a_result_comes_back_as_it_went_in(tmp_path):
    kept = cache.ResultCache()
    kept.use(["context"], tmp_path)
    kept.results[("a.md", "hash")] = RESULT
    asked = {"/site/content/pages/b.md": True, "/site/content/c.md": False, "*": "digest"}
    kept.asked[("a.md", "hash")] = asked
    kept.keep_only([("a.md", "hash")], tmp_path, changed=True)
    json.loads((tmp_path / cache.FILE_NAME).read_text())  # data, not code
    again = cache.ResultCache()
    again.use(["context"], tmp_path)
    assert again.results == {("a.md", "hash"): RESULT}
    assert again.asked == {("a.md", "hash"): asked}
    other = cache.ResultCache()
    other.use(["another context"], tmp_path)
    assert other.results == {}


def test_a_cache_file_that_git_tracks_is_never_read(tmp_path, caplog):
    kept = cache.ResultCache()
    kept.use(["context"], tmp_path)
    kept.results[("a.md", "hash")] = RESULT
    kept.keep_only([("a.md", "hash")], tmp_path, changed=True)
    for command in (["init", "-q"], ["add", cache.FILE_NAME]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True)
    again = cache.ResultCache()
    with caplog.at_level(logging.WARNING):
        again.use(["context"], tmp_path)
    assert again.results == {}
    assert "is tracked by git and was not read" in caplog.text


@pytest.mark.parametrize("text", ["not json", '{"context": ["context"], "files": [{}]}'])
def test_an_unreadable_cache_is_only_a_slower_build(tmp_path, text):
    (tmp_path / cache.FILE_NAME).write_text(text)
    kept = cache.ResultCache()
    kept.use(["context"], tmp_path)
    assert kept.results == {}
