"""Site address: a publish build refuses to run without a real, safe address.

Why: a production build writes its address into canonical links, the sitemap, the feed,
structured data and the posters' QR codes. Built with no address it used to write a
placeholder domain into all of them; with `http://` it would send readers to an unencrypted
copy; with a quote or a space it broke every page. A build with absolute addresses
(`RELATIVE_URLS = False`) now stops at once with a message saying what to set.
"""

from .site_address import register

__all__ = ["register"]
