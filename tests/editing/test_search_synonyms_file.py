"""data/search-synonyms.yaml is content an editor changes: a mistake in it stops the build at
its line, in the one report (never a traceback), and a phone number in it is read with the
same phone rule as every other text."""

from __future__ import annotations

from pathlib import Path

from build import ROOT, write_settings
from support.building import build_in_process, minimal_content

SYNONYMS = ROOT / "data" / "search-synonyms.yaml"


def build_with_synonyms(tmp_path: Path, text: str):
    content = minimal_content(tmp_path / "content")
    data = tmp_path / "data"
    data.mkdir()
    (data / "figures.yaml").write_text(
        (ROOT / "data" / "figures.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (data / "search-synonyms.yaml").write_text(text, encoding="utf-8")
    settings = write_settings(
        tmp_path / "conf.py", content, FIGURES_FILE=str(data / "figures.yaml")
    )
    output = tmp_path / "output"
    return build_in_process(settings, output), output


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_each_mistake_in_the_synonym_file_stops_the_build_at_its_line_in_one_report(tmp_path):
    """A word that is not a search word, and a phone number (the phone rule every text
    meets), in one run, each at its line; never a traceback."""
    text = SYNONYMS.read_text(encoding="utf-8")
    text = text.replace("[prison, jail,", "[prison, Jail!,").replace("[police,", "[0207 946 0000,")
    result, output = build_with_synonyms(tmp_path, text)
    assert result.returncode != 0
    word, phone = line_of(text, "Jail!"), line_of(text, "0207 946")
    assert f"data/search-synonyms.yaml, line {word}: 'Jail!' is not a search word" in result.stderr
    assert f"data/search-synonyms.yaml, line {phone}: 0207 946 0000 is not the helpline" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not output.exists()
