"""Sections: the folder a content file lives in decides its URL, its template and
the collection it belongs to.

Why: editors add a campaign, a resource or an FAQ by adding one Markdown file to a
folder. Pelican knows only "articles" and "pages"; this plugin gives each folder its
own URL scheme (campaigns/<slug>/), its own template, and hands the templates plain
lists (campaigns by launch date, resources by order, FAQs grouped by audience), so the
home page and the indexes are rendered from front matter, never hand-copied. What each
section is (its address, template, audiences) is read from plugins/content_model.
"""

from .sections import register

__all__ = ["register"]
