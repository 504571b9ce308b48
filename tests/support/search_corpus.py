"""What people type into the site's search, written from the audiences (a person worried about
their own behaviour, a family member, a journalist, a partner organisation), not from the
pages' own words, each with the page that must come in the top 3.

Run against the built index in Chromium by tests/browser/test_search_corpus.py;
scripts/search_ranks.py prints each query's rank (docs/search.md records them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

QUERIES: dict[str, str] = {
    # Worried about their own behaviour
    "stop it now phone number": "/resources/helpline/",
    "helpline number": "/resources/helpline/",
    "who can i call": "/resources/helpline/",
    "talk to someone anonymously": "/resources/helpline/",
    "does it cost anything to call": "/resources/helpline/",
    "is it confidential": "/resources/helpline/",
    "self help online": "/resources/get-help/",
    "help online in my own time": "/resources/get-help/",
    "how do i stop looking": "/resources/get-help/",
    "is it illegal to look at images": "/resources/the-law/",
    "what happens if i get arrested": "/resources/the-law/",
    "will i go to prison": "/resources/the-law/",
    "sex offenders register": "/resources/the-law/",
    "delete my history": "/staying-safe-online/",
    "shared computer": "/staying-safe-online/",
    "leave the site quickly": "/staying-safe-online/",
    # A family member or friend
    "worried about my husband": "/resources/family-and-friends/",
    "my son is looking at images": "/resources/family-and-friends/",
    "partner arrested": "/resources/family-and-friends/",
    "my dad has been arrested": "/resources/family-and-friends/",
    "worried about a friend": "/resources/family-and-friends/",
    "child in danger": "/faq/",
    # A journalist
    "journalist": "/resources/press/",
    "media enquiries": "/resources/press/",
    "how many people asked for help": "/figures/",
    "statistics": "/figures/",
    "how many people view images of children": "/figures/",
    # A partner organisation or the public
    "west yorkshire police": "/campaigns/west-yorkshire/",
    "north west campaign": "/campaigns/north-west-england/",
    "scotland": "/campaigns/scotland/",
    "lucy faithfull foundation": "/resources/about/",
    "who runs this": "/resources/about/",
    "cookies": "/privacy/",
    "accessibility": "/accessibility/",
}


# The blind corpus (search_queries.yaml, committed before any tuning): 134 queries in two
# halves. The tuning half may be read while changing the search; the held-out half is only
# ever measured as one number (scripts/search_ranks.py --held-out), so it stays unseen.
BLIND = Path(__file__).with_name("search_queries.yaml")


@dataclass(frozen=True)
class BlindQuery:
    query: str
    expect: str
    also: tuple[str, ...]

    def found_in(self, ranked: list[str], top: int = 3) -> bool:
        """The expected page, or one the corpus also accepts, is among the first `top`."""
        return bool({self.expect, *self.also} & set(ranked[:top]))


def blind_queries(half: str) -> list[BlindQuery]:
    """One half ("tuning" or "held-out") of the blind corpus, in the file's order."""
    return [q for q, in_half in read_queries(BLIND) if in_half == half]


def read_queries(path: Path) -> list[tuple[BlindQuery, str | None]]:
    """A query set's queries, each with its half (None in a set that has no halves)."""
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [
        (BlindQuery(e["query"], e["expect"], tuple(e.get("also") or ())), e.get("half"))
        for e in entries
    ]


# A second blind set (search_queries_fresh.yaml), written after the first held-out half had been
# measured several times: the held-out set from then on, only ever measured as one rate.
FRESH = Path(__file__).with_name("search_queries_fresh.yaml")


def fresh_queries() -> list[BlindQuery]:
    return [q for q, _ in read_queries(FRESH)]


# A third blind set (search_queries_third.yaml, 120 queries, 40 for each audience), written from
# the site's purpose and page list only, in readers' own words, and split at random into a
# tuning half and a held-out half before any change was made with it.
THIRD = Path(__file__).with_name("search_queries_third.yaml")


def third_queries(half: str) -> list[BlindQuery]:
    """One half ("tuning" or "held-out") of the third set, in the file's order."""
    return [q for q, in_half in read_queries(THIRD) if in_half == half]
