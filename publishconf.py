"""Production settings: everything in pelicanconf.py, with only these overrides."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

# isort: off
from pelicanconf import *  # noqa: F403

# pelicanconf.py has put the plugins folder on the import path.
from site_address.site_address import check_site_address

# isort: on

# The absolute address the site is served from, with any sub-path and no trailing slash,
# e.g. https://example.org or https://example.org/campaigns. Required, https:// only
# (checked here, before anything is built: plugins/site_address). SITEURL_ALLOW_HTTP=1 is for a local
# preview of the publish build, never for a real release.
SITE_ADDRESS_ALLOW_HTTP = os.environ.get("SITEURL_ALLOW_HTTP") == "1"
SITEURL = check_site_address(os.environ.get("SITEURL", "").rstrip("/"), SITE_ADDRESS_ALLOW_HTTP)
SITE_PATH = urlsplit(SITEURL).path
FEED_DOMAIN = SITEURL
SITE_ABSOLUTE_URL = SITEURL
RELATIVE_URLS = False

# Hosts that serve precompressed files (nginx gzip_static/brotli_static, S3 with
# Content-Encoding) can use the .gz and .br copies beside each text file.
# scripts/build.py writes them after the search index, so Pagefind's files get them too.
PRECOMPRESS = True

# Drafts are shown only in the local preview, never published.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""

# A release is built from nothing: no content cache, every page rendered. The caches make
# the editors' rebuilds fast (docs/performance.md); a published site does not need them.
CACHE_PATH = str(Path(__file__).resolve().parent / "cache" / "publish")
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
INCREMENTAL_TEMPLATES = []

# The editor in the browser at /admin/ (plugins/browser_editor), only when the build is told the
# GitHub repository its pull requests go to and the address of the sign-in exchange
# (docs/hosting.md, "The editor's sign-in"). Unset, the site has no /admin/.
BROWSER_EDITOR_REPO = os.environ.get("EDITOR_REPO", "")
BROWSER_EDITOR_AUTH_URL = os.environ.get("EDITOR_AUTH_URL", "")
BROWSER_EDITOR = bool(BROWSER_EDITOR_REPO)
