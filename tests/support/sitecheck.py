"""The site checks, for the tests: the same functions every build runs
(plugins/site_checks), over a built folder, with the site's own helpline number.

Each check is used over every page of the real site (tests/site/) and over a fixture page
with one deliberate defect (tests/site/test_checks_catch_defects.py), which proves it can fail.
"""

from __future__ import annotations

from pathlib import Path

from site_checks import pages
from site_checks.link_schemes import (
    check_external_links,
    check_has_helpline_link,
    check_mailto_links,
    check_tel_links_canonical,
)
from site_checks.link_targets import (
    check_internal_links,
    check_no_orphans,
    check_no_root_relative_links,
)
from site_checks.pages import Page, internal_target, links
from site_checks.titles_headings_images import (
    check_alt_text_says_something,
    check_heading_levels,
    check_images_have_alt,
    check_one_h1,
    check_title,
    check_unique_ids,
    check_unique_titles,
)
from site_checks.vague_words import VAGUE_LINK_TEXT, check_link_text

from pelicanconf import HELPLINE_TEL as TEL

HELPLINE_TEL = f"tel:{TEL}"
# Where the development build says it lives (SITE_ABSOLUTE_URL in pelicanconf.py).
SITE_ORIGIN = "http://127.0.0.1:8000"


class Site(pages.Site):
    def __init__(self, root: Path, base_url: str = SITE_ORIGIN + "/") -> None:
        super().__init__(root, base_url, HELPLINE_TEL)


# The checks the tests call by name, from the plugin.
__all__ = [
    "HELPLINE_TEL",
    "SITE_ORIGIN",
    "VAGUE_LINK_TEXT",
    "Page",
    "Site",
    "check_alt_text_says_something",
    "check_external_links",
    "check_has_helpline_link",
    "check_heading_levels",
    "check_images_have_alt",
    "check_internal_links",
    "check_link_text",
    "check_mailto_links",
    "check_no_orphans",
    "check_no_root_relative_links",
    "check_one_h1",
    "check_tel_links_canonical",
    "check_title",
    "check_unique_ids",
    "check_unique_titles",
    "internal_target",
    "links",
]
