"""Assets: the theme's CSS as one file, and content-hashed names for CSS and JavaScript.

Why: the theme's CSS is plain files, one per component, joined by @import so there is no
build chain. Served as they are, that is a waterfall of twenty small requests. This plugin
joins them into one stylesheet (each file inside its cascade layer), and names it and each
script module after a hash of its content, so hosts can cache them for a year and a new
release is never served stale.
"""

from .assets import register

__all__ = ["register"]
