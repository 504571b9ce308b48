"""Incremental: pages whose inputs have not changed are not rendered again.

Why: with Pelican's content cache, a rebuild after editing one page still renders every
page through Jinja; on 1,000 pages that is most of the rebuild. Here each single-page
render (a page, an article, a campaign, a resource) gets a key: a digest of everything
any such page can show from the rest of the site (every page's metadata, URLs and
attributes, but not other pages' bodies; the settings; the theme and plugin code; the
figures), plus the page's own body and attributes. If the key is the one recorded when the
file now in output/ was written, that file is reused (copied into the staging folder, or
left alone when Pelican writes in place) instead of rendered.

Pages that show other pages' bodies (the FAQ, the home page, lists, feeds, posters, the
sitemap) are always rendered. See docs/performance.md for what this buys and its limits.
"""

from .incremental import register

__all__ = ["register"]
