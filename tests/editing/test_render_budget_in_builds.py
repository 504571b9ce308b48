"""The render budget in real builds (plugins/render_budget): every real page read in the
worker is exactly what reading it here gives; a build whose files all come from Pelican's
cache starts no worker; an ordinary page at the size limit builds within the tests' budget.
The pages made to stall or crash a build are in the bad-input corpus (test_bad_input.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from build import ROOT, build, write_settings
from content_checks.reading import MAX_BYTES, read_source
from render_budget import render_budget
from support.building import RENDER_BUDGET, build_content, minimal_content


def test_every_real_page_read_in_the_worker_is_exactly_what_reading_it_here_gives(tmp_path):
    from pelican import Pelican
    from pelican.readers import Readers
    from pelican.settings import read_settings

    content = tmp_path / "content"  # a copy: editors may save a page while this runs
    shutil.copytree(ROOT / "content", content)
    conf = write_settings(tmp_path / "conf.py", content)
    settings = read_settings(str(conf), override={"OUTPUT_PATH": str(tmp_path / "output")})
    Pelican(settings)  # initialized: the plugins add their Markdown extensions
    reader = Readers(settings).readers["md"]
    files = sorted(content.rglob("*.md"))
    try:
        in_worker = [reader.read(str(file)) for file in files]
    finally:
        render_budget.pool_for(settings).stop()
    here = [super(type(reader), reader).read(str(file)) for file in files]
    assert len(files) > 20
    assert in_worker == here
    assert all(metadata["headings"] is not None for _, metadata in in_worker)


def test_a_build_that_reads_nothing_starts_no_worker_and_an_edit_starts_one(tmp_path, monkeypatch):
    starts: list[int] = []
    start = render_budget.RenderPool.start
    monkeypatch.setattr(
        render_budget.RenderPool, "start", lambda pool: starts.append(1) or start(pool)
    )
    content = minimal_content(tmp_path / "content")
    settings = write_settings(tmp_path / "conf.py", content)
    output = tmp_path / "output"
    assert build(settings, output, search="none").ok
    assert starts == [1]  # once for the whole build, however many files
    assert build(settings, output, search="none").ok
    assert starts == [1]  # every file from Pelican's cache
    page = content / "pages" / "privacy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n")
    assert build(settings, output, search="none").ok
    assert starts == [1, 1]


def test_a_build_makes_one_markdown_reader_not_one_for_each_suffix_and_generator(
    tmp_path, monkeypatch
):
    """Pelican makes a reader for each Markdown suffix in each generator (16), and each made
    its own Markdown (about 2 ms): one serves the build, as the worker reads every file."""
    from pelican.plugins.yaml_metadata import yaml_metadata

    made: list[int] = []
    init = yaml_metadata.YAMLMetadataReader.__init__
    monkeypatch.setattr(
        yaml_metadata.YAMLMetadataReader,
        "__init__",
        lambda reader, *args, **kwargs: made.append(1) or init(reader, *args, **kwargs),
    )
    content = minimal_content(tmp_path / "content")
    settings = write_settings(tmp_path / "conf.py", content)
    assert build(settings, tmp_path / "output", search="none").ok
    assert made == [1]


ORDINARY = """## Before you call

You can call the helpline or write to us. It is free, and you do not have to give your name.

- Talk to someone who will not judge you.
- Ask what you can do next.
    - Write down what you want to say.
    - Keep it with you when you call.

> A caller said that it helped to talk to someone at last.

| Day | Open |
| --- | --- |
| Monday | In the morning |
| Friday | All day |

We will *listen*, and we will **not** tell anyone who you are unless a child is in danger.

"""


def test_an_ordinary_page_at_the_size_limit_builds_and_one_byte_more_is_refused(tmp_path):
    head = "---\ntitle: A long page\ndescription: An ordinary page as long as a page may be.\n---\n"
    text = head + ORDINARY * (MAX_BYTES // len(ORDINARY))
    text += "Words. " * ((MAX_BYTES - len(text)) // 7)
    text += "." * (MAX_BYTES - len(text) - 1) + "\n"
    assert len(text.encode()) == MAX_BYTES

    def written(content: Path) -> None:
        (content / "pages" / "long.md").write_text(text, encoding="utf-8")

    result = build_content(minimal_content(tmp_path / "content", written), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert RENDER_BUDGET < 1  # built within the tests' budget, not the real one
    over = tmp_path / "over" / "pages" / "long.md"
    over.parent.mkdir(parents=True)
    over.write_text(text + "x", encoding="utf-8")
    _, problems = read_source(over, tmp_path / "over")
    assert [str(p) for p in problems] == [
        f"content/pages/long.md, line 1: the file is {MAX_BYTES // 1024} KB; a page may be at "
        f"most {MAX_BYTES // 1024} KB of text: split it into several pages, and keep pictures in "
        "content/images/"
    ]
