"""What people type into the site's search, written from the audiences (a person worried about
their own behaviour, a family member, a journalist, a partner organisation), not from the
pages' own words, each with the page that must come in the top 3.

Run against the built index in Chromium by tests/browser/test_search_corpus.py;
scripts/search_ranks.py prints each query's rank (docs/search.md records them)."""

from __future__ import annotations

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
