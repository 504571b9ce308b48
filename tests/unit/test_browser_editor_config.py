"""plugins/browser_editor: the editor's configuration is the content model's, field by field,
and follows it when it changes; in production every change is a pull request."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from browser_editor import DEFAULTS, admin_files, editor_config
from browser_editor.browser_editor import write_admin
from content_model import AUDIENCES, SECTIONS

ROOT = Path(__file__).resolve().parents[2]
FIGURE_KEYS = sorted(yaml.safe_load((ROOT / "data" / "figures.yaml").read_text())["figures"])
WIDGETS = {
    "text": "string",
    "date": "string",
    "month-or-date": "string",
    "slug": "string",
    "list": "list",
    "figures": "select",
    "audience": "select",
    "status": "select",
    "number": "number",
}


def settings(**changes) -> dict:
    return {
        **DEFAULTS,
        "PATH": str(ROOT / "content"),
        "CONTENT_CHECKS_MAX_DESCRIPTION": 160,
        "SITENAME": "Test",
        **changes,
    }


@pytest.fixture(scope="module")
def config() -> dict:
    return editor_config(settings(), FIGURE_KEYS)


def test_every_section_is_a_collection_in_its_folder(config):
    folders = {c["name"]: c["folder"] for c in config["collections"]}
    assert folders == {name: f"content/{name}" for name in SECTIONS}


def test_every_field_of_the_model_is_a_field_of_its_form_in_order_with_its_help(config):
    for form in config["collections"]:
        section = SECTIONS[form["name"]]
        fields = form["fields"]
        assert [f["name"] for f in fields] == [f.name for f in section.all_fields] + ["body"]
        for field, widget in zip(section.all_fields, fields, strict=False):
            assert widget["widget"] == WIDGETS[field.kind], field
            assert widget["required"] is field.required, field
            assert widget["hint"] == field.help, field


def test_the_choices_are_the_models_audiences_and_the_data_files_figures(config):
    campaign = {
        f["name"]: f
        for f in next(c for c in config["collections"] if c["name"] == "campaigns")["fields"]
    }
    faq = {
        f["name"]: f for f in next(c for c in config["collections"] if c["name"] == "faq")["fields"]
    }
    assert campaign["figures"]["options"] == FIGURE_KEYS and campaign["figures"]["multiple"]
    assert [o["value"] for o in faq["audience"]["options"]] == list(AUDIENCES)
    assert faq["status"]["options"] == ["draft", "published"]
    assert "{helpline}" in faq["body"]["hint"] and "!!! helpline" in faq["body"]["hint"]


def test_in_production_every_change_is_a_pull_request_signed_in_on_github():
    config = editor_config(settings(BROWSER_EDITOR_REPO="charity/campaigns"), FIGURE_KEYS)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github"
    assert config["backend"]["repo"] == "charity/campaigns"
    assert "local_backend" not in config


def test_uploads_go_where_the_build_publishes_and_checks_pictures_from():
    from pelicanconf import STATIC_PATHS

    config = editor_config(settings(STATIC_PATHS=STATIC_PATHS), FIGURE_KEYS)
    assert config["media_folder"] == f"content/{STATIC_PATHS[0]}" == "content/images"
    assert config["public_folder"] == "{static}/images"
    moved = editor_config(settings(STATIC_PATHS=["pictures"]), FIGURE_KEYS)
    assert moved["media_folder"] == "content/pictures"


def test_the_local_backend_is_only_in_make_edits_configuration():
    url = "http://127.0.0.1:8081/api/v1"
    config = editor_config(settings(BROWSER_EDITOR_LOCAL_BACKEND=url), FIGURE_KEYS)
    assert config["local_backend"] == {"url": url}
    page = admin_files(settings(BROWSER_EDITOR_LOCAL_BACKEND=url), FIGURE_KEYS)["index.html"]
    assert "connect-src 'self' https://api.github.com http://127.0.0.1:8081;" in page


def test_the_site_has_no_admin_unless_the_setting_turns_it_on(tmp_path):
    pelican = SimpleNamespace(settings=settings(), output_path=str(tmp_path))
    write_admin(pelican)
    assert list(tmp_path.iterdir()) == []


# A field added to the news section, in a scratch copy of the content model.
NEW_FIELD = 'Field("author", "text", True, "Who wrote it, as the charity names them."),'
GENERATE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from browser_editor import DEFAULTS, editor_config
settings = {**DEFAULTS, "PATH": sys.argv[2], "CONTENT_CHECKS_MAX_DESCRIPTION": 160}
print(json.dumps(editor_config(settings, [])))
"""


def test_the_form_follows_a_change_to_the_content_model(tmp_path):
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__"))
    model = plugins / "content_model" / "content_model.py"
    text = model.read_text()
    anchor = 'Field("date", "date", True, "The day it was published: YYYY-MM-DD."),'
    assert anchor in text
    model.write_text(text.replace(anchor, anchor + "\n            " + NEW_FIELD))
    done = subprocess.run(
        [sys.executable, "-c", GENERATE, str(plugins), str(tmp_path / "content")],
        capture_output=True,
        text=True,
        check=True,
    )
    news = next(c for c in json.loads(done.stdout)["collections"] if c["name"] == "news")
    names = [f["name"] for f in news["fields"]]
    assert names[:3] == ["title", "date", "author"]
    author = news["fields"][2]
    assert author["required"] is True and author["widget"] == "string"
    assert author["hint"] == "Who wrote it, as the charity names them."


def test_the_admin_folder_is_outside_the_checked_pages_and_declared_with_its_reason(tmp_path):
    from content_model import OUTSIDE_THE_SITE
    from site_checks.pages import Site

    assert DEFAULTS["BROWSER_EDITOR_SAVE_AS"] in OUTSIDE_THE_SITE
    assert "not a page of the site" in OUTSIDE_THE_SITE[DEFAULTS["BROWSER_EDITOR_SAVE_AS"]]
    (tmp_path / "admin").mkdir()
    for name in ("index.html", "admin/index.html", "administration.html"):
        (tmp_path / name).write_text("<!doctype html><title>x</title>")
    assert [p.path for p in Site(tmp_path).pages] == ["administration.html", "index.html"]


BODIES = [
    "Words only.",
    "![A campaign poster on a bus stop]({static}/images/poster.png)",
    "Before.\n\n![](/images/x.png)\n\nAfter.",
    "![   ]({static}/images/x.png)",
    '<img src="x.png">',
    '<img alt="A poster" src="x.png">',
    "<IMG SRC=x.png>",
    '<Img ALT="A poster" src="x.png">',
    "Two: ![One picture](a.png) and ![](b.png).",
    "A [link](https://example.org) and ![described](c.png).",
]


@pytest.mark.parametrize("body", BODIES)
def test_the_body_is_refused_for_a_picture_without_a_description_as_the_build_refuses_it(
    config, body
):
    """The form's rule for the body is the content checks' (body.py), for every collection."""
    from content_checks.body import HTML_IMAGE, IMAGE

    refused_by_the_build = bool(HTML_IMAGE.search(body)) or any(
        not image["alt"].strip() for image in IMAGE.finditer(body)
    )
    for collection in config["collections"]:
        body_field = collection["fields"][-1]
        pattern, words = body_field["pattern"]
        assert (re.search(pattern, body) is None) == refused_by_the_build, (
            collection["name"],
            body,
        )
        assert "has no description" in words
