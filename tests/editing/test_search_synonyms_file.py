"""data/search-synonyms.yaml is content an editor changes: a mistake in it stops the build at
its line, in the one report (never a traceback), and a phone number in it is read with the
same phone rule as every other text."""

from __future__ import annotations

from pathlib import Path

from build import ROOT, write_settings
from support.building import build_in_process, minimal_content

from pelicanconf import HELPLINE_NUMBER

SYNONYMS = ROOT / "data" / "search-synonyms.yaml"
SETTINGS = {"HELPLINE_NUMBER": HELPLINE_NUMBER}


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


def test_each_mistake_in_the_synonym_file_stops_the_build_at_its_line(tmp_path):
    """Every mistake in one run, each at its line; never a traceback."""
    text = SYNONYMS.read_text(encoding="utf-8")
    text = text.replace("[prison, jail,", "[prison, Jail!,").replace("[police,", "[police, prison,")
    result, output = build_with_synonyms(tmp_path, text)
    assert result.returncode != 0
    bad, again = line_of(text, "Jail!"), line_of(text, "[police, prison,")
    log = result.stderr
    assert f"data/search-synonyms.yaml, line {bad}: 'Jail!' is not a search word" in log
    assert (
        f"data/search-synonyms.yaml, line {again}: 'prison' is already in the group on line" in log
    )
    assert "Traceback" not in log
    assert not output.exists()


def test_a_phone_number_in_the_synonym_file_is_read_with_the_phone_rule_of_every_data_file(
    tmp_path,
):
    """The build reads every file in data/ with the phone rule (content_checks.phones), the
    synonym file among them."""
    from content_checks.phones import check_data_file

    text = SYNONYMS.read_text(encoding="utf-8").replace("[police,", "[0207 946 0000, police,")
    path = tmp_path / "search-synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    problems = check_data_file(path, "data/search-synonyms.yaml", SETTINGS)
    assert [(p.line, "0207 946 0000 is not the helpline" in p.message) for p in problems] == [
        (line_of(text, "0207 946"), True)
    ]
