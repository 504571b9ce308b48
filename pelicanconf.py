"""Development settings for the Stop It Now! regional campaigns site.

`publishconf.py` imports everything here and overrides only what production needs.
Paths are resolved relative to this file, so a build works from any working directory.
"""

import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache, select_autoescape

HERE = Path(__file__).resolve().parent

# --- Site identity -----------------------------------------------------------
SITENAME = "Stop It Now! regional campaigns"
SITEURL = ""
# Feeds need an absolute domain; in development that is the local preview server.
FEED_DOMAIN = "http://127.0.0.1:8000"
RELATIVE_URLS = True
# Canonical links, Open Graph and JSON-LD need absolute addresses even in development.
SITE_ABSOLUTE_URL = FEED_DOMAIN
# The sub-path the site lives under ("" at the root of a domain): the _headers rules start
# with it (publishconf.py sets it from SITEURL).
SITE_PATH = ""
SHARE_IMAGE = "theme/images/share.png"  # made from docs/share-image.html
# (its alt text follows HELPLINE_NUMBER, below; the number is drawn into the picture, so a
# new number means a new picture)
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
# Pelican lower-cases DEFAULT_LANG; the <html lang> attribute uses this one.
SITE_LANG = "en-GB"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# --- Help that appears on every page ----------------------------------------
# The number is written here once; the content checks, the call-outs, the templates, the
# scaffolding and the tests all read it from here.
HELPLINE_NUMBER = "0808 1000 900"
HELPLINE_TEL = HELPLINE_NUMBER.replace(" ", "")  # tel:08081000900
HELPLINE_INTERNATIONAL = "+44 " + HELPLINE_NUMBER.removeprefix("0")  # for structured data
SHARE_IMAGE_ALT = f"Stop It Now! regional campaigns: confidential help, {HELPLINE_NUMBER}"
# The only other numbers a page may give a reader to call, each with its source. Any other
# number that dials, however it is written, fails the build (plugins/content_checks/phones.py).
# A change here is listed first in a pull request's summary.
OTHER_PHONE_NUMBERS = {
    "01372 847169": (
        "Matt Whitticase, Media and Communications Manager, The Lucy Faithfull Foundation: "
        "the media contact at the end of the North West England campaign's press release of "
        "24 January 2018, for interviews with the charity or TITAN Regional Organised Crime Unit"
    ),
}
GET_HELP_URL = "https://get-help.stopitnow.org.uk/"
CHARITY_NAME = "The Lucy Faithfull Foundation"
CHARITY_URL = "https://www.lucyfaithfull.org.uk/"
# Exit this page leads here: a neutral page that gives nothing away on a shared screen.
EXIT_THIS_PAGE_URL = "https://www.bbc.co.uk/weather"

# --- Content -----------------------------------------------------------------
PATH = str(HERE / "content")
THEME = str(HERE / "theme")
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages", "campaigns", "resources", "faq"]
STATIC_PATHS = ["images"]
# Content is Markdown only: HTML and reStructuredText files are not read, so no page can
# carry markup the content checks have not seen.
READERS = {"html": None, "htm": None, "rst": None}
# The top folder of a source file is its section: it picks the URL and the template.
PATH_METADATA = r"(?P<section>[^/]+)/.*"
DEFAULT_PAGINATION = False
SUMMARY_MAX_LENGTH = 40
# Slugs come from file names, so a title can change without breaking links.
SLUGIFY_SOURCE = "basename"

MARKDOWN = {
    "extension_configs": {
        # Of Python-Markdown's "extra", only what the editing guide documents: tables, and
        # fenced code. attr_list is off (content would choose the theme's classes and ids:
        # a second "Exit this page"), so are footnotes (two FAQ answers on one page would
        # both make fn:1), md_in_html, abbr and def_list; the content checks name the line.
        "markdown.extensions.tables": {},
        "markdown.extensions.fenced_code": {},
        "markdown.extensions.admonition": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html",
}

# Every figure the site states, with its source (plugins/figures).
FIGURES_FILE = "data/figures.yaml"

# --- URLs: folders with index.html, so no host needs rewrite rules ----------
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# The news list is the "news" template, not Pelican's "index": this site's home page is a
# page (content/pages/home.md), and "index" would say otherwise.
NEWS_SAVE_AS = "news/index.html"
# Templates rendered once with the whole site: the news list, sitemap.xml and robots.txt.
# _headers is read by Netlify and Cloudflare Pages, .htaccess by Apache; other hosts ignore
# them (docs/hosting.md).
DIRECT_TEMPLATES = ["news", "sitemap_xml", "robots_txt", "headers", "htaccess"]
SITEMAP_XML_SAVE_AS = "sitemap.xml"
ROBOTS_TXT_SAVE_AS = "robots.txt"
HEADERS_SAVE_AS = "_headers"
# Apache reads .htaccess (the same headers, the 404 page, the precompressed copies).
HTACCESS_SAVE_AS = ".htaccess"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/{slug}/index.html"
# Each section's address and template, and the special pages' (home, 404, the lists), are
# in plugins/content_model: never in front matter.

# Pelican's blog furniture this site does not use.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DEFAULT_CATEGORY = "news"
USE_FOLDER_AS_CATEGORY = False
DISPLAY_CATEGORIES_ON_MENU = False
DISPLAY_PAGES_ON_MENU = False

# --- Feeds: one Atom feed for news ------------------------------------------
FEED_ALL_ATOM = "news/feed.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Privacy and security ----------------------------------------------------
# The same policy as the _headers file, minus what only works as a header.
# 'wasm-unsafe-eval' lets Pagefind's WebAssembly search run; it does not allow inline scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
# No other site's window keeps a handle on ours (COOP), and no other site may embed our files
# (CORP). Headers only: neither works in a <meta> tag.
CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Every response's security headers, in the order the hosts' files list them: _headers
# (Netlify, Cloudflare Pages) and .htaccess (Apache) are written from this, the nginx snippet
# (deploy/) is checked against it, and scripts/live_check.py expects it of a live site.
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": CROSS_ORIGIN_OPENER_POLICY,
    "Cross-Origin-Resource-Policy": CROSS_ORIGIN_RESOURCE_POLICY,
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}
CONTENT_SECURITY_POLICY_META = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)

# --- Navigation --------------------------------------------------------------
# (label, url relative to the site root). "" is the home page.
NAVIGATION = [
    ("Home", ""),
    ("Campaigns", "campaigns/"),
    ("Get help", "resources/"),
    ("Questions", "faq/"),
    ("News", "news/"),
]

# Breadcrumbs: section -> (label, url of its index page).
BREADCRUMB_PARENTS = {
    "campaigns": ("Campaigns", "campaigns/"),
    "resources": ("Help and information", "resources/"),
    "news": ("News", "news/"),
}

# --- Plugins -----------------------------------------------------------------
PLUGIN_PATHS = [str(HERE / "plugins")]
# The house plugins share modules (content_model, content_checks.reading): Pelican loads each
# plugin on its own, so the folder is importable by name for plain `pelican` runs too.
if PLUGIN_PATHS[0] not in sys.path:
    sys.path.insert(0, PLUGIN_PATHS[0])
PLUGINS = [
    "pelican.plugins.yaml_metadata",
    "site_address",  # first: a publish build without a usable SITEURL stops at once
    "figures",  # first: campaign figures and {figure:key} need the data file
    "content_checks",  # before anything is read: every file against its schema
    "search_synonyms",  # data/search-synonyms.yaml checked, written beside the search page
    "sections",  # before navigation: it builds the collections that one links
    "navigation",
    "render_budget",  # last to wrap the reader: files are read in a worker, within a time budget
    "callouts",
    "posters",
    "published_files",  # what Pelican copies from content/: only pictures, from STATIC_PATHS
    "html_allowlist",  # after everything that writes into bodies: checks what they became
    "structured_data",
    "assets",
    "site_checks",  # after assets (its checks follow links to the CSS and JS), before the swap
    "browser_editor",  # after site_checks: /admin/ (only when BROWSER_EDITOR is on) is not a page
    "incremental",  # last: it replaces the writer and needs every page's final attributes
]
NAVIGATION_CONTENTS_MIN_HEADINGS = 3

# Content checks (plugins/content_checks). Flesch reading ease: 60-70 is plain English;
# GOV.UK writes for a reading age of about 9. The names this site must use ("The Lucy
# Faithfull Foundation", "Local Safeguarding Children Boards") cost several points on
# their own, so 65 is the floor; our own pages score 75 to 95 (make readability).
CONTENT_CHECKS_MIN_READING_EASE = 65
CONTENT_CHECKS_MIN_WORDS_FOR_READING_EASE = 60

# --- Build -------------------------------------------------------------------
# Pelican's content cache: unchanged Markdown files are not parsed again. plugins/incremental
# refills it when the settings, plugins or packages it was made with change, which Pelican
# does not check itself. Uncompressed: gzip cost more time than it saved.
CACHE_PATH = str(HERE / "cache" / "dev")
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
GZIP_CACHE = False
# Compiled templates are kept too (Jinja checks each template's source before using one).
(HERE / "cache" / "jinja").mkdir(parents=True, exist_ok=True)
# Every value a template prints into HTML or XML is escaped unless it is marked safe: only the
# bodies the pipeline renders and checks (plugins/html_allowlist) and the theme's own
# components are. The plain-text outputs (_headers, robots.txt) are .txt templates: not
# escaped, since a browser never reads them as HTML.
TEMPLATE_EXTENSIONS = [".html", ".txt"]
JINJA_ENVIRONMENT = {
    "autoescape": select_autoescape(enabled_extensions=("html", "xml"), default=False),
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "bytecode_cache": FileSystemBytecodeCache(str(HERE / "cache" / "jinja")),
}
OUTPUT_SOURCES = False
DELETE_OUTPUT_DIRECTORY = False
