"""Page furniture: the contents list, related links and previous/next links.

Why: long pages need a contents list built from their own headings, and campaign and
resource pages need related links and previous/next navigation. Computing these once,
here, keeps templates free of logic and lets components take plain lists.
"""

from .navigation import register

__all__ = ["register"]
