"""scripts/build_steps/search_english.py: the British English words the search's "Did you mean"
must never correct, from the en_GB Hunspell dictionary."""

from __future__ import annotations

import pytest
from build import ROOT
from build_steps import search_english
from hypothesis import given, settings
from hypothesis import strategies as st

AFF = """SET UTF-8
PFX U Y 1
PFX U   0     un         .
SFX S Y 2
SFX S   y     ies        [^aeiou]y
SFX S   0     s          [^y]
SFX D N 1
SFX D   0     ed         [^e]
"""
DIC = """4
parties/
party/S
kind/UD
shouldn't
"""


def test_a_hunspell_dictionary_is_expanded_with_its_affix_rules():
    words = set(search_english.expand(DIC, AFF))
    assert {"party", "parties", "kind", "unkind", "kinded", "shouldn't"} <= words
    assert "partys" not in words  # the condition [^y] keeps the plain -s off words in -y
    assert "unkinded" not in words  # D does not combine with prefixes (N)


def expanded_rule_by_rule(dic: str, aff: str) -> list[str]:
    """Hunspell's rules applied as written, each condition matched against the whole stem:
    what search_english.expand() must give, in the same order."""
    rules = search_english._rules(aff)
    words = []
    for line in dic.splitlines()[1:]:
        stem, _, flags = line.strip().partition("/")
        if not stem:
            continue
        words.append(stem)
        suffixed = [stem]
        for flag in (f for f in flags if rules.get(f, ("",))[0] == "SFX"):
            for strip, add, condition in rules[flag][2]:
                if condition.search(stem) and stem.endswith(strip):
                    word = stem[: len(stem) - len(strip)] + add
                    words += [word] if word else []
                    suffixed += [word] if word and rules[flag][1] else []
        for flag in (f for f in flags if rules.get(f, ("",))[0] == "PFX"):
            for base in suffixed if rules[flag][1] else [stem]:
                for strip, add, condition in rules[flag][2]:
                    if condition.search(base) and base.startswith(strip):
                        word = add + base[len(strip) :]
                        words += [word] if word else []
    return words


def test_the_expansion_is_what_each_rule_gives_for_every_flag_of_the_real_dictionary():
    """expand() works out which of a flag's rules apply from the stem's last (or first)
    letters only; over the real dictionary's stems, a sample with every flag, and every
    stem of three letters or fewer (shorter than some conditions), it gives what applying
    each rule to the whole stem gives."""
    dic, aff = search_english._dictionary()
    stems = dic.splitlines()[1:]
    flags = {flag for line in stems for flag in line.partition("/")[2]}
    sample, seen = [], set()
    for number, line in enumerate(stems):
        stem, _, its = line.partition("/")
        if len(stem) <= 3 or not set(its) <= seen or number % 50 == 0:
            sample.append(line)
            seen |= set(its)
    assert seen == flags
    text = f"{len(sample)}\n" + "\n".join(sample)
    assert list(search_english.expand(text, aff)) == expanded_rule_by_rule(text, aff)


@pytest.fixture(scope="module")
def english() -> frozenset[str]:
    return search_english.english_words(ROOT / "cache")


def test_the_british_english_words_include_what_the_search_corrected_wrongly(english):
    for word in ("wives", "name", "month", "behaviour", "paedophile", "counselling"):
        assert word in english
    # Contractions, as people type them without the apostrophe.
    assert {"shouldnt", "dont", "im"} <= english
    # A possessive typed so is not a word ("familys" is "families" mistyped), unless it is a
    # word in its own right.
    assert "familys" not in english and "partys" not in english
    assert {"its", "lets", "husbands", "families"} <= english
    for typo in ("helpine", "husbnd", "confidental", "nubmer"):
        assert typo not in english


def test_the_words_near_a_few_new_words_are_the_same_found_either_way(english, monkeypatch):
    vocabulary = ["helpline", "wives", "court", "husband"]
    words = {w for w in english if w[:1] in "hwgc"}  # a part of the dictionary: quicker
    one_by_one = search_english.near(words, vocabulary)
    monkeypatch.setattr(search_english, "FEW", 0)
    assert search_english.near(words, vocabulary) == one_by_one
    assert "gives" in one_by_one["wives"] and "husbands" in one_by_one["husband"]
    assert all(search_english.distance(w, t) <= 2 for t, ws in one_by_one.items() for w in ws)


def test_the_words_near_the_vocabulary_are_the_same_on_one_core_or_two(english, monkeypatch):
    vocabulary = ["helpline", "wives", "court", "husband", "month", "name"]
    words = {w for w in english if w[:1] in "hwgcmn"}
    monkeypatch.setattr(search_english, "FEW", 0)  # the scan, not the one-by-one look-up
    two = search_english.near_on_every_core(words, vocabulary)
    assert two == search_english.near(words, vocabulary)
    assert "gives" in two["wives"] and "came" in two["name"]


def test_the_dictionary_expanded_and_scanned_on_two_cores_is_what_one_core_finds(
    english, monkeypatch, tmp_path
):
    stems = sorted(w for w in english if w[:1] in "hw")  # a part of the dictionary: quicker
    dic = f"{len(stems)}\n" + "\n".join(f"{stem}/S" for stem in stems)
    monkeypatch.setattr(search_english, "_dictionary", lambda: (dic, AFF))
    monkeypatch.setattr(search_english, "FEW", 0)  # the scan, not the one-by-one look-up
    vocabulary = ["helpline", "wives", "husband", "worried"]
    words, found = search_english.words_and_near(vocabulary, tmp_path)
    assert words == set(search_english.expand(dic, AFF)) > set(stems)  # with the suffixes
    assert found == search_english.near(words, vocabulary)
    assert search_english.english_words(tmp_path) == words  # kept for the next build


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text("abcdeg", max_size=8), st.text("abcdeg", max_size=8))
def test_the_c_distance_the_build_uses_agrees_with_the_one_the_search_page_uses(a, b):
    """near() asks rapidfuzz's OSA distance (in C) what distance() (the same rule as
    theme/static/js/search.js: a swap of two neighbours is one edit) would say."""
    from rapidfuzz.distance import OSA

    assert (OSA.distance(a, b, score_cutoff=2) <= 2) == (search_english.distance(a, b) <= 2)
    assert OSA.distance(a, b) == search_english.distance(a, b)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text("abcde", max_size=7))
def test_the_scans_keys_are_each_edit_then_each_deletion(word):
    """_near_keys, worked out by kind of edit, is what its definition says."""
    by_definition = set()
    for string in search_english._one_edit(word):
        by_definition |= search_english._deletions(string, 1)
    assert search_english._near_keys(word) == by_definition


def test_the_kept_neighbours_are_read_again_when_the_file_changes(tmp_path, monkeypatch):
    """Read once in a process while the file stays as it was; a new file is read again."""
    from incremental import incremental

    kept = tmp_path / "kept.json"
    later = [0]
    monkeypatch.setattr(incremental.time, "time_ns", lambda: kept.stat().st_ctime_ns + later[0])
    search_english.write_whole(kept, '{"cat": ["bat"]}')
    assert search_english.read_kept(kept) == {"cat": ["bat"]}
    later[0] = 2 * incremental.SETTLED_NS  # settled: kept in memory from here
    first = search_english.read_kept(kept)
    assert search_english.read_kept(kept) is first
    search_english.write_whole(kept, '{"cat": ["hat"]}')  # another build wrote it
    assert search_english.read_kept(kept) == {"cat": ["hat"]}
    kept.write_text("not json")
    assert search_english.read_kept(kept) == {}
