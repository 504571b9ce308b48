"""Pure functions first (the configuration from the content model, the admin page's files),
the signal handlers and register() after."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import yaml
from content_checks.fields import SLUG, value_problem
from content_model import (
    AUDIENCES,
    OUTSIDE_THE_SITE,
    SCAFFOLD_BODIES,
    SECTIONS,
    DateError,
    Field,
    parse_date,
)

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]

DEFAULTS: dict[str, Any] = {
    # Off: the public site has no /admin/. make edit turns it on with a local backend; a publish
    # build turns it on when it is given the repository the editor saves to.
    "BROWSER_EDITOR": False,
    # Declared once, with its reason, as outside the site's pages (content_model).
    "BROWSER_EDITOR_SAVE_AS": next(f for f in OUTSIDE_THE_SITE if f.startswith("admin")),
    # The GitHub repository ("owner/name") and branch that pull requests go to, and the address
    # of the OAuth exchange that signs editors in with their own GitHub account
    # (docs/hosting.md, "The editor's sign-in").
    "BROWSER_EDITOR_REPO": "",
    "BROWSER_EDITOR_BRANCH": "main",
    "BROWSER_EDITOR_AUTH_URL": "",
    # make edit: decap-server's API on this machine (it writes into content/); empty elsewhere.
    "BROWSER_EDITOR_LOCAL_BACKEND": "",
    # Decap CMS's prebuilt bundle, from the pinned npm package (package-lock.json).
    "BROWSER_EDITOR_BUNDLE": str(ROOT / "node_modules" / "decap-cms" / "dist"),
}

# Labels are the front-matter names, the words the build's messages, docs/editing.md and the
# files use; the hint under each says what to write.
SECTION_LABELS = {"faq": "FAQ answers", "news": "News", "pages": "Other pages"}
# The field a new file is named after, as the scaffolds name it (scripts/new_content.py):
# a campaign by its region, everything else by its title.
FILE_NAME_FIELD = {"campaigns": "region"}
STATUS_CHOICES = ("draft", "published")
BODY_HINT = (
    "The page's text in Markdown. Where the helpline number goes, write {helpline}. "
    "A call-out is a line of its own: !!! helpline (the helpline box), !!! note, "
    '!!! warning, or !!! details "A title" with its text indented below it '
    "(docs/editing.md)."
)
# A picture in the text without a description (Markdown's ![](path), or an HTML <img> with no
# alt), which the content checks refuse: a pattern the body must match, so the form is not
# saved until each picture says what it shows. JavaScript's RegExp (Decap CMS) reads it as
# Python's re does (tests/unit/test_browser_editor_config.py holds the two rules together).
# (No flags: an upper-case <IMG> is spelt out, as the checks read HTML in any case.)
PICTURES_DESCRIBED = r"^(?![\s\S]*(?:!\[\s*\]\(|<[iI][mM][gG]\b(?![^>]*\b[aA][lL][tT]\s*=)[^>]*>))"
PICTURE_WORDS = (
    "an image has no description; write one between the square brackets: "
    "![what the picture shows](path)"
)
# A value the build refuses, to ask it for its words (never shown: the words are).
WRONG = {"date": "not a date", "month-or-date": "not a date", "slug": "Not A Slug"}


def build_words(field: Field, wrong: Any, settings: dict[str, Any]) -> str:
    """What the build says of `wrong` in `field`, without the value itself: the form shows it
    under any value of that kind."""
    (message,) = value_problem(field, wrong, settings)
    return message.replace(f' "{wrong}"', "")


def date_pattern(kind: str) -> str:
    """The form of a date the content model reads (the content checks then check it is a
    real day)."""
    for sample in ("2019-03-14", "2019-03"):
        try:
            parse_date(sample, month_only_ok=kind == "month-or-date")
        except DateError:
            return r"^\d{4}-\d{2}-\d{2}$"
    return r"^\d{4}-\d{2}(-\d{2})?$"


def widget(
    field: Field, figure_keys: list[str], settings: dict[str, Any], question: bool = False
) -> dict[str, Any]:
    """One field of the model as a Decap CMS field: its widget by its kind, required, the
    build's own words for a wrong value, the model's help as its hint."""
    out: dict[str, Any] = {
        "name": field.name,
        "label": field.name,
        "required": field.required,
        "hint": field.help,
    }
    kind = field.kind
    if kind == "text":
        out["widget"] = "string"
        limit = settings.get("CONTENT_CHECKS_MAX_DESCRIPTION")
        if field.name == "description" and limit:
            words = value_problem(field, "x" * (limit + 1), settings)[0]
            out["pattern"] = [
                f"^[\\s\\S]{{0,{limit}}}$",
                words.split(" is ")[0] + " is too long;" + words.split(";", 1)[1],
            ]
        if question and field.name == "title":
            out["pattern"] = [r"\?\s*$", "an FAQ title is a question; end it with a question mark"]
    elif kind in {"date", "month-or-date"}:
        out["widget"] = "string"
        out["pattern"] = [date_pattern(kind), build_words(field, WRONG[kind], settings)]
    elif kind == "slug":
        out["widget"] = "string"
        out["pattern"] = [f"^{SLUG.pattern}$", build_words(field, WRONG[kind], settings)]
    elif kind == "list":
        out["widget"] = "list"
        out["field"] = {"name": "item", "label": field.name, "widget": "string"}
        if field.required:
            out["min"] = 1
    elif kind == "figures":
        out["widget"] = "select"
        out["multiple"] = True
        out["options"] = sorted(figure_keys)
    elif kind == "audience":
        out["widget"] = "select"
        out["options"] = [{"label": heading, "value": key} for key, heading in AUDIENCES.items()]
    elif kind == "status":
        out["widget"] = "select"
        out["options"] = list(STATUS_CHOICES)
        out["default"] = "draft"
    elif kind == "number":
        out["widget"] = "number"
        out["value_type"] = "int"
    else:
        raise ValueError(f"the content model's kind {kind!r} has no widget in browser_editor")
    return out


def collection(
    name: str, content_folder: str, figure_keys: list[str], settings: dict[str, Any]
) -> dict[str, Any]:
    """A section of the model as a Decap CMS folder collection: its fields in the model's
    order (the order the scaffolds write them), then the body."""
    section = SECTIONS[name]
    fields = [
        widget(f, figure_keys, settings, question=section.title_is_question)
        for f in section.all_fields
    ]
    body: dict[str, Any] = {
        "name": "body",
        "label": "body",
        "widget": "markdown",
        "modes": ["raw"],  # the Markdown as written: call-outs and {helpline} kept as they are
        "required": True,
        "hint": BODY_HINT,
        "pattern": [PICTURES_DESCRIBED, PICTURE_WORDS],
    }
    if name in SCAFFOLD_BODIES:
        body["default"] = SCAFFOLD_BODIES[name]
    return {
        "name": name,
        "label": SECTION_LABELS.get(name, name.capitalize()),
        "folder": f"{content_folder}/{name}",
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        "slug": "{{" + FILE_NAME_FIELD.get(name, "title") + "}}",
        "identifier_field": "title",
        "fields": [*fields, body],
    }


def editor_config(settings: dict[str, Any], figure_keys: list[str]) -> dict[str, Any]:
    """The whole Decap CMS configuration: every section of the content model a collection;
    in production every change a pull request (editorial workflow), signed in on GitHub."""
    content = Path(settings["PATH"])
    folder = content.relative_to(content.parent).as_posix()
    pictures = settings.get("STATIC_PATHS", ["images"])[0]
    backend: dict[str, Any] = {
        "name": "github",
        "repo": settings["BROWSER_EDITOR_REPO"] or "owner/repository",
        "branch": settings["BROWSER_EDITOR_BRANCH"],
        # Public repositories need no more than public_repo to open a pull request.
        "auth_scope": "public_repo",
        "squash_merges": True,
    }
    if settings["BROWSER_EDITOR_AUTH_URL"]:
        backend["base_url"] = settings["BROWSER_EDITOR_AUTH_URL"]
    config: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        # Uploads go where the build publishes pictures from (STATIC_PATHS), so each is checked
        # as any picture is (its type by its first bytes, its name); the form links them as
        # the content checks want a picture linked.
        "media_folder": f"{folder}/{pictures}",
        "public_folder": "{static}/" + pictures,
        "omit_empty_optional_fields": True,
        "collections": [
            collection(name, folder, figure_keys, settings) for name in SECTIONS if name != "pages"
        ]
        + [collection("pages", folder, figure_keys, settings)],
    }
    if settings["BROWSER_EDITOR_LOCAL_BACKEND"]:
        # Decap uses it only on localhost, and there switches to the modes the local server
        # has (decap-server in its files mode saves straight to content/).
        config["local_backend"] = {"url": settings["BROWSER_EDITOR_LOCAL_BACKEND"]}
    return config


def admin_csp(settings: dict[str, Any]) -> str:
    """The admin page's own policy (docs/security.md): the editor needs inline styles (its
    components style themselves) and eval (its config schema compiles to functions); it talks
    to GitHub, or in make edit to the local server, and to nothing else."""
    connect = ["'self'", "https://api.github.com"]
    if settings["BROWSER_EDITOR_LOCAL_BACKEND"]:
        connect.append(settings["BROWSER_EDITOR_LOCAL_BACKEND"].split("/api/")[0])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: https://avatars.githubusercontent.com",
            "connect-src " + " ".join(connect),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def admin_headers(settings: dict[str, Any]) -> dict[str, str]:
    """The headers a host sends for /admin/ in place of the site's (docs/security.md): its
    own policy, as its <meta> tag gives it plus what only a header can say (no site may
    frame it), a pop-up for signing in on GitHub that may hand the token back, and no
    indexing. The site's other headers (no referrer, nosniff, no framing, HSTS) stay."""
    return {
        "Content-Security-Policy": admin_csp(settings) + "; frame-ancestors 'none'",
        "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
        "X-Robots-Tag": "noindex, nofollow",
    }


def required_phrase(settings: dict[str, Any]) -> str:
    """The build's words for an empty field ("title is empty"), with Decap's placeholder for
    the field's label (its name): the form says what the build would, up to where the build
    says where in the file to write it."""
    message = value_problem(Field("%{fieldLabel}", "text", True), "", settings)[0]
    return message.split(";")[0]


def admin_files(settings: dict[str, Any], figure_keys: list[str]) -> dict[str, str]:
    """The generated files of /admin/: the page, the configuration and the script that gives
    the form the build's words. (The bundle is copied beside them.)"""
    csp = admin_csp(settings)
    page = f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>Edit the site: {settings.get("SITENAME", "")}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="decap-cms.js"></script>
<script src="editor.js"></script>
</body>
</html>
"""
    # A wrong value's message is the pattern's own (the build's words), without Decap's
    # "didn't match the pattern" before it.
    phrases = {"required": required_phrase(settings), "regexPattern": "%{pattern}"}
    script = (
        "// Written by plugins/browser_editor from the content checks' words: not by hand.\n"
        f"const phrases = {json.dumps(phrases)};\n"
        'const widget = window.CMS.getLocale("en").editor.editorControlPane.widget;\n'
        "Object.assign(widget, phrases);\n"
    )
    config = yaml.safe_dump(
        editor_config(settings, figure_keys), sort_keys=False, allow_unicode=True, width=100
    )
    header = "# Written by plugins/browser_editor from plugins/content_model: not by hand.\n"
    # Apache reads it after the site's own .htaccess, so each header set here replaces the
    # site's for this folder only.
    htaccess = "# /admin/'s own headers (plugins/browser_editor, docs/security.md).\n" + "".join(
        f'Header always set {name} "{value}"\n' for name, value in admin_headers(settings).items()
    )
    return {
        "index.html": page,
        "editor.js": script,
        "config.yml": header + config,
        ".htaccess": htaccess,
    }


def bundle_files(bundle: Path) -> list[Path]:
    """Decap CMS's files the page loads: the bundle, its chunks and WebAssembly, and its
    licence; not the source maps, nor the second copy named cms.js."""
    keep = []
    for path in sorted(bundle.iterdir()):
        name = path.name
        if name.endswith(".map") or name == "cms.css" or name.split(".")[-2:] == ["cms", "js"]:
            continue
        if name.endswith((".js", ".wasm", ".txt")):
            keep.append(path)
    return keep


# --- Signal handlers ---------------------------------------------------------


def merge_defaults(pelican: Any) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    # For the _headers template (theme/templates/headers.txt): the rule for /admin/.
    if pelican.settings["BROWSER_EDITOR"]:
        pelican.settings["BROWSER_EDITOR_HEADERS"] = admin_headers(pelican.settings)


def write_admin(pelican: Any) -> None:
    """finalized: /admin/ into the output, when the setting turns it on."""
    settings = pelican.settings
    if not settings["BROWSER_EDITOR"]:
        return
    bundle = Path(settings["BROWSER_EDITOR_BUNDLE"])
    if not (bundle / "decap-cms.js").is_file():
        logger.error(
            "The editor's bundle is missing (%s): run make setup-test, which installs the "
            "pinned npm packages",
            bundle / "decap-cms.js",
        )
        return
    target = Path(pelican.output_path) / settings["BROWSER_EDITOR_SAVE_AS"]
    target.mkdir(parents=True, exist_ok=True)
    for name, text in admin_files(settings, sorted(settings.get("FIGURES", {}))).items():
        (target / name).write_text(text, encoding="utf-8")
    for path in bundle_files(bundle):
        shutil.copyfile(path, target / path.name)


def register() -> None:
    from pelican import signals

    signals.initialized.connect(merge_defaults)
    signals.finalized.connect(write_admin)
