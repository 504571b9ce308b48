"""The content model: what each kind of content is, written once.

Why: the sections of the site (campaigns, FAQ, resources, news, pages) used to be described
four times: the checks' schemas, the plugin that places pages, the scaffolding and the
benchmark, with partial dates parsed in three places. Now each section's fields (type,
required, what to write), template, address and audiences live here, and the content checks,
the `sections` plugin, `make new-campaign`/`make new-faq`, the benchmark and the tests read
them. Special pages (home, 404, the lists) get their address and template from here too,
never from front matter.

Not a plugin with signals: a plain module that the plugins and scripts import.
"""

from .content_model import (
    AUDIENCES,
    GENERATED_FOLDERS,
    OUTSIDE_THE_SITE,
    SCAFFOLD_BODIES,
    SCAFFOLD_FAQ_DESCRIPTION,
    SCAFFOLD_PLACEHOLDERS,
    SECTIONS,
    SPECIAL_PAGES,
    STATUSES,
    DateError,
    Field,
    Section,
    SpecialPage,
    date_suggestion,
    file_for_url,
    format_date,
    parse_date,
    section_of,
)

__all__ = [
    "AUDIENCES",
    "GENERATED_FOLDERS",
    "OUTSIDE_THE_SITE",
    "SCAFFOLD_BODIES",
    "SCAFFOLD_FAQ_DESCRIPTION",
    "SCAFFOLD_PLACEHOLDERS",
    "SECTIONS",
    "SPECIAL_PAGES",
    "STATUSES",
    "DateError",
    "Field",
    "Section",
    "SpecialPage",
    "date_suggestion",
    "file_for_url",
    "format_date",
    "parse_date",
    "section_of",
]


def register() -> None:
    """Nothing to hook: listed in no PLUGINS; here so Pelican could load it harmlessly."""
