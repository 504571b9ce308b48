"""The search's synonyms: data/search-synonyms.yaml groups the words people search with
with the words the pages use for the same thing (the offence and the images, viewing and
watching, prison and court, family and partner words, British and American spellings). The
search page expands a query with them, so no page needs a copy in its search_terms. The file
is content an editor changes, so it is checked like content: every problem by file and line,
in the build's one report; then it is written beside the search page for js/search.js."""

from .search_synonyms import register

__all__ = ["register"]
