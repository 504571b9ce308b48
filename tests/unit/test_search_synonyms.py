"""plugins/search_synonyms: the synonym file is checked like content, every problem at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_synonyms.search_synonyms import parse

DATA = Path(__file__).resolve().parents[2] / "data" / "search-synonyms.yaml"


def test_the_sites_synonym_file_has_no_problems():
    groups, problems = parse(DATA.read_text(encoding="utf-8"))
    assert problems == []
    assert len(groups) >= 20


def test_the_field_words_for_the_images_are_grouped_with_the_words_the_pages_use():
    groups, _ = parse(DATA.read_text(encoding="utf-8"))
    images = next(g for g in groups if "images" in g)
    for word in ("indecent images", "iioc", "csam", "child abuse images", "child pornography"):
        assert word in images
    partner = next(g for g in groups if "partner" in g)
    assert {"wife", "wives", "girlfriend", "husband"} <= set(partner)


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("groups:\n  - [jail, prison]\n  - [Jail, gaol]\n", 3, "'Jail' is not a search word"),
        ("groups:\n  - [jail, prison]\n  - [gaol, jail]\n", 3, "already in the group on line 2"),
        ("groups:\n  - [jail, prison]\n  - jail\n", 3, "each group is a list of two or more"),
        ("groups:\n  - [jail]\n", 2, "each group is a list of two or more"),
        ("groups:\n  - [jail, {a: b}]\n", 2, "a list or mapping"),
        ("groups:\n  - [jail, prison\n", 3, "this is not valid YAML"),
        ("synonyms:\n  - [jail, prison]\n", 1, "the file must hold one list, 'groups:'"),
        ("groups: jail\n", 1, "'groups:' must be a list"),
        ("groups:\n  - [jail, prison!]\n", 2, "'prison!' is not a search word"),
    ],
)
def test_each_problem_is_named_at_its_line(text, line, says):
    _, problems = parse(text)
    assert [(p.line, says in str(p)) for p in problems] == [(line, True)], problems


def test_the_file_is_parsed_once_while_it_is_unchanged_and_again_when_it_changes(
    tmp_path, monkeypatch
):
    """A preview builds again and again with the file as it was: its YAML is parsed once.
    What a build does with its groups does not reach the next build's."""
    from types import SimpleNamespace

    import yaml
    from search_synonyms import search_synonyms

    (tmp_path / "content").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / "search-synonyms.yaml").write_text("groups:\n  - [jail, prison]\n")
    calls = []
    compose = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: calls.append(1) or compose(*a, **k))
    search_synonyms.parsed.cache_clear()

    def load() -> list[list[str]]:
        settings = {
            **search_synonyms.DEFAULTS,
            "PATH": str(tmp_path / "content"),
            "FIGURES_FILE": "data/figures.yaml",
        }
        search_synonyms.load(SimpleNamespace(settings=settings))
        return settings["SEARCH_SYNONYMS"]

    first = load()
    first[0].append("changed by a build")
    assert load() == [["jail", "prison"]]
    assert len(calls) == 1
    (data / "search-synonyms.yaml").write_text("groups:\n  - [jail, gaol]\n")
    assert load() == [["jail", "gaol"]]
    assert len(calls) == 2
