"""Published files: what a build copies from content/ is an allow-list, enforced in Pelican.

Why: Pelican copies any file a `{static}` or `{attach}` link names, from anywhere it can
reach, after the generated pages are written, so a link could publish a script, an SVG that
runs one, or a file that replaces the site's own `_headers`, `robots.txt` or home page. The
content checks refuse such a link at its line before Pelican runs; this plugin is the second
lock, on what Pelican actually collected: only pictures of the site's types, from the folders
`STATIC_PATHS` declares, are copied, and only to where no generated file goes.
"""

from .published_files import register

__all__ = ["register"]
