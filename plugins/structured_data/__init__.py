"""Site metadata: JSON-LD structured data, and each page's last-modified date.

Why: search engines and link previews should describe a page from what the page itself
shows, and nothing more: the charity and its helpline on the home page, breadcrumbs on
nested pages, questions and answers on the FAQ page, news articles, and campaign pages
with the region they cover. The sitemap's <lastmod> comes from the content's own history
(its last git commit), not from when a clone happened to be made.
"""

from .structured_data import register

__all__ = ["register"]
