"""The search index: Pagefind over the built pages, then the index's vocabulary beside it."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

from . import ROOT
from .search_english import write_english_words


def index_for_search(site: Path) -> int:
    """Pagefind indexes the built pages (the regions marked data-pagefind-body); then the
    index's vocabulary is written beside it for the search's "Did you mean", with the English
    words near it (search_english: never "correct" a word that is spelled right)."""
    code = subprocess.call(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], cwd=ROOT
    )
    if code == 0:
        write_search_words(site)
        write_english_words(site, ROOT / "cache")
    return code


SEARCH_WORD = re.compile(r"[a-z]{4,}")
# The searched region: <main ... data-pagefind-body> to </main> (base.html; a page has one
# <main>, and nothing inside it is marked to be left out of the index).
SEARCHED = re.compile(r"<main\b[^>]*\sdata-pagefind-body[\s>=].*?</main>", re.S | re.I)
NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")


def searched_text(page: str) -> str:
    """The words of a built page's searched region as a reader reads them: tags end words,
    entities decoded, no comments, scripts or styles."""
    region = SEARCHED.search(page)
    if region is None:
        return ""
    return html.unescape(TAG.sub(" ", NOT_TEXT.sub(" ", region[0])))


def write_search_words(site: Path) -> None:
    """pagefind/words.json: every word of four letters or more in the searched regions of the
    built pages, with the number of pages it is on, which js/search.js offers for a word the
    site never uses ("Did you mean ...")."""
    from collections import Counter

    pages: Counter[str] = Counter()
    for page in site.rglob("*.html"):
        text = searched_text(page.read_text(encoding="utf-8"))
        pages.update(set(SEARCH_WORD.findall(text.lower())))
    (site / "pagefind" / "words.json").write_text(
        json.dumps(dict(sorted(pages.items()))), encoding="utf-8"
    )
