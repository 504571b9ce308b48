"""The editor in the browser (/admin/): Decap CMS, its forms made from the content model.

Why: editors are charity staff, and most of their slips were slips of the file format (a tab
after a colon, a curly quote, a British date, a misspelt figure key), not of content. A form
per section cannot make those slips, and saves the same Markdown the scaffolds write. The
form's configuration is never written by hand: each section of `content_model` becomes a
collection, each field a widget by its kind, each field's help its hint, and the words a
form shows for a wrong value are the build's own (content_checks.fields). So a field added to
the model is in the form at the next build, and the form and the build never disagree.

/admin/ is written only when `BROWSER_EDITOR` is on (make edit, or a publish build given the
repository): the public pages, their headers and their checks are unchanged
(content_model.OUTSIDE_THE_SITE says why /admin/ is outside them; docs/security.md has its
own policy).
"""

from .browser_editor import (
    DEFAULTS,
    admin_files,
    collection,
    editor_config,
    widget,
)

__all__ = ["DEFAULTS", "admin_files", "collection", "editor_config", "register", "widget"]


def register() -> None:
    from .browser_editor import register as _register

    _register()
