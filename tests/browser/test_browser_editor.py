"""The editor in the browser (make edit), end to end in Chromium: a campaign, an FAQ answer and
a news item created through the forms that plugins/browser_editor makes from the content
model, saved by decap-server (its files mode, as make edit runs it) into a scratch copy of
content/; the files are what the scaffolds write for the same values, the site builds with
them and shows them; a form with an empty required field or a date in the wrong form is not
saved, and says so in the build's words.

One session of the editor for the whole file (loading it costs about 2 s); each test reads
what it recorded."""

from __future__ import annotations

import time
from pathlib import Path
from unittest.mock import patch

import new_content
import pytest
import yaml
from browser_editor.browser_editor import DEFAULTS as EDITOR_DEFAULTS
from browser_editor.browser_editor import PICTURE_WORDS, admin_headers
from build import build, write_settings
from content_checks.content_checks import DEFAULTS as CHECK_DEFAULTS
from content_checks.content_checks import check_content
from content_model import SCAFFOLD_BODIES
from edit import EditorUnavailable, local_backend_url, start_local_backend
from playwright.sync_api import Browser, Page
from preview.server import free_port
from support.browsing import CSP_LISTENER, RequestLog, new_context, serve
from support.building import RENDER_BUDGET, minimal_content

FIGURES = yaml.safe_load((Path(__file__).parents[2] / "data" / "figures.yaml").read_text())
FIGURE = sorted(FIGURES["figures"])[0]

CAMPAIGN = {
    "title": "Editor Test Region campaign",
    "region": "Editor Test Region",
    "description": "The Stop It Now! campaign in Editor Test Region, its partners and how to get help.",
    "launch_date": "2020-05-01",
    "partners": ["The Lucy Faithfull Foundation", "Editor Test Police"],
    "figures": [FIGURE],
    "summary": "A Stop It Now! campaign in Editor Test Region.",
    "status": "draft",
}
FAQ = {
    "title": "Can I call the helpline about a neighbour?",
    "audience": "someone-else",
    "order": "99",
    "description": 'An answer to the question "Can I call the helpline about a neighbour?"',
    "status": "draft",
}
NEWS = {
    "title": "Editor test news item",
    "date": "2020-06-02",
    "description": "A news item written through the editor's form.",
    "summary": "A news item written through the form.",
    "status": "published",
}
NEWS_BODY = "The charity wrote this through the form. Call {helpline} for confidential help."
# Wrong on purpose: an empty title, a date written as words, and a picture with no description.
WRONG_DATE = "March 2020"
PICTURE_WITHOUT_DESCRIPTION = "\n\n![]({static}/images/poster.png)"


def front_matter_and_body(text: str) -> tuple[list[tuple[str, object]], str]:
    """The front matter as (key, value) pairs in the file's order, and the body."""
    assert text.startswith("---\n"), text[:80]
    head, body = text[4:].split("\n---\n", 1)
    return list(yaml.safe_load(head).items()), body


def scaffold(section: str, values: dict, body: str | None = None) -> str:
    """What scripts/new_content.py writes for `values` (its scaffold; a section with no
    scaffold body gets `body`)."""
    with patch.dict(new_content.BODIES, {} if body is None else {section: body}):
        return new_content.scaffold(section, values)


def wait_for_file(folder: Path, before: set[Path], timeout: float = 8) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = set(folder.glob("*.md")) - before
        if new:
            (path,) = new
            text = path.read_text(encoding="utf-8")
            if text.endswith("\n") or text.rstrip().endswith(("---", ".")):
                return path
        time.sleep(0.05)
    raise AssertionError(f"the form saved nothing into {folder} within {timeout} s")


def publish(tab: Page, saved: bool = True) -> None:
    """Publish now; when it saves, wait until the editor shows the saved entry (it then moves
    to its address, which would undo a move to the next form made before)."""
    tab.get_by_role("button", name="Publish", exact=True).click()
    tab.get_by_text("Publish now").click()
    if saved:
        tab.wait_for_url("**/entries/**")


def choose(tab: Page, field: str, text: str) -> None:
    """A choice in one of the form's select fields (typed, then Enter)."""
    tab.locator(f'[id^="{field}-field-"]').fill(text)
    tab.keyboard.press("Enter")


def fill(tab: Page, field: str, text: str) -> None:
    tab.locator(f'[id^="{field}-field-"]').fill(text)


@pytest.fixture(scope="module")
def session(browser: Browser, tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("browser-editor")
    content = minimal_content(root / "content")
    port = free_port()
    settings = write_settings(
        root / "pelicanconf-edit.py",
        content,
        "pelicanconf",
        BROWSER_EDITOR=True,
        BROWSER_EDITOR_LOCAL_BACKEND=local_backend_url(port),
        RENDER_BUDGET_SECONDS=RENDER_BUDGET,
    )
    output = root / "output"
    first = build(settings, output)
    assert first.ok, first.error
    # The same content without the editor, to hold every public file to.
    plain = root / "output-without-editor"
    without = build(write_settings(root / "pelicanconf-plain.py", content), plain)
    assert without.ok, without.error
    public = {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*")
        if p.is_file() and not p.relative_to(output).as_posix().startswith("admin/")
    }
    try:
        backend = start_local_backend(root, port, log=root / "decap-server.log")
    except EditorUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    server, url = serve(output)
    context = new_context(browser)
    context.add_init_script(CSP_LISTENER)
    requests = RequestLog(context)
    tab = context.new_page()
    recorded: dict = {"root": root, "content": content, "settings": settings, "output": output}
    recorded["backend"] = local_backend_url(port)
    recorded.update(
        public=public, plain=plain, admin=sorted(p.name for p in (output / "admin").iterdir())
    )
    try:
        started = time.monotonic()
        tab.goto(url + "/admin/#/collections/campaigns/new")
        tab.get_by_role("button", name="Login").click()
        tab.locator('[id^="title-field-"]').wait_for()
        recorded["seconds_to_form"] = time.monotonic() - started

        before = set((content / "campaigns").glob("*.md"))
        for name in ("title", "region", "description", "launch_date", "summary"):
            fill(tab, name, CAMPAIGN[name])
        for partner in CAMPAIGN["partners"]:
            tab.get_by_role("button", name="Add partners").click()
            tab.locator('input[id^="item-field-"]').last.fill(partner)
        choose(tab, "figures", FIGURE)
        publish(tab)
        recorded["campaign"] = wait_for_file(content / "campaigns", before)

        tab.goto(url + "/admin/#/collections/faq/new")
        before = set((content / "faq").glob("*.md"))
        fill(tab, "title", FAQ["title"])
        choose(tab, "audience", "If you are worried about someone else")
        for name in ("order", "description"):
            fill(tab, name, FAQ[name])
        publish(tab)
        recorded["faq"] = wait_for_file(content / "faq", before)

        tab.goto(url + "/admin/#/collections/news/new")
        before = set((content / "news").glob("*.md"))
        for name in ("title", "date", "description", "summary"):
            fill(tab, name, NEWS[name])
        choose(tab, "status", "published")
        tab.locator(
            '[id^="body-field-"] [contenteditable="true"], [contenteditable="true"]'
        ).last.click()
        tab.keyboard.type(NEWS_BODY)
        publish(tab)
        recorded["news"] = wait_for_file(content / "news", before)
        recorded["seconds_to_three_saved"] = time.monotonic() - started

        tab.goto(url + "/admin/#/collections/campaigns/new")
        before = set((content / "campaigns").glob("*.md"))
        fill(tab, "launch_date", WRONG_DATE)
        tab.locator(
            '[id^="body-field-"] [contenteditable="true"], [contenteditable="true"]'
        ).last.click()
        tab.keyboard.press("Control+End")
        tab.keyboard.type(PICTURE_WITHOUT_DESCRIPTION)
        publish(tab, saved=False)
        errors = tab.locator('[id^="launch_date-field-"]').locator("xpath=../..").locator("li")
        errors.first.wait_for()
        shown = [(text or "").strip() for text in tab.locator("li").all_text_contents()]
        recorded["messages"] = [text for text in shown if " is " in text]
        recorded["picture_messages"] = [text for text in shown if "no description" in text]
        tab.wait_for_timeout(300)
        recorded["saved_when_wrong"] = set((content / "campaigns").glob("*.md")) - before
        recorded["violations"] = tab.evaluate("window.__cspViolations")
        recorded["urls"] = list(requests.urls)
    finally:
        context.close()
        server.shutdown()
        backend.terminate()
        backend.wait(timeout=5)
    return recorded


@pytest.mark.parametrize(
    ("kind", "section", "values", "body"),
    [
        ("campaign", "campaigns", CAMPAIGN, None),
        ("faq", "faq", FAQ, None),
        ("news", "news", NEWS, NEWS_BODY + "\n"),
    ],
)
def test_a_form_saves_what_the_scaffold_writes_for_the_same_values(
    session, kind, section, values, body
):
    saved = session[kind].read_text(encoding="utf-8")
    expected = scaffold(section, values, body)
    fields, text = front_matter_and_body(saved)
    want_fields, want_text = front_matter_and_body(expected)
    assert fields == want_fields, saved
    assert text.strip("\n") == want_text.strip("\n"), saved
    if section in SCAFFOLD_BODIES:
        assert text == want_text  # the scaffold's body, byte for byte


def test_a_form_names_the_file_as_the_scaffold_does(session):
    assert session["campaign"].name == "editor-test-region.md"
    assert session["faq"].name == new_content.slugify(FAQ["title"])[:60] + ".md"


def test_the_site_builds_with_what_the_forms_saved_and_shows_each_page(session):
    result = build(session["settings"], session["output"])
    assert result.ok, result.error
    output = session["output"]
    campaign = output / "drafts" / "editor-test-region" / "index.html"
    assert CAMPAIGN["title"] in campaign.read_text(encoding="utf-8")
    news = output / "news" / session["news"].stem / "index.html"
    assert NEWS["title"] in news.read_text(encoding="utf-8")
    shown = [p for p in output.rglob("*.html") if "about a neighbour?" in p.read_text("utf-8")]
    assert shown, "the FAQ answer is on no page"


def test_a_form_with_an_empty_field_or_a_wrong_date_is_not_saved_in_the_builds_words(
    session, tmp_path
):
    assert session["saved_when_wrong"] == set()
    # The build's own words for the same file: the content checks every build runs first.
    content = tmp_path / "content"
    (content / "campaigns").mkdir(parents=True)
    wrong = {**CAMPAIGN, "title": "", "launch_date": WRONG_DATE}
    (content / "campaigns" / "wrong.md").write_text(scaffold("campaigns", wrong))
    settings = check_settings(session["settings"], content)
    problems = [p.message for p in check_content(content, settings)[0]]
    title = next(p for p in problems if p.startswith("title "))
    date = next(p for p in problems if p.startswith("launch_date "))
    messages = session["messages"]
    assert any(title.startswith(m) and m.endswith("is empty") for m in messages), messages
    assert date.replace(f' "{WRONG_DATE}"', "") in messages, (date, messages)


def test_a_picture_without_a_description_keeps_the_form_from_saving(session):
    """Alt text is required: the body's rule (browser_editor.PICTURES_DESCRIBED) is shown in
    the build's words, and the form above was not saved."""
    assert session["picture_messages"] == [PICTURE_WORDS]
    assert session["saved_when_wrong"] == set()


def check_settings(settings_file: Path, content: Path) -> dict:
    """The settings a build's content checks see: the project's, with the data file's figures
    loaded as plugins/figures loads them at the start of every build."""
    from types import SimpleNamespace

    from figures.figures import load
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    for name, value in CHECK_DEFAULTS.items():
        settings.setdefault(name, value)
    load(SimpleNamespace(settings=settings))
    return {**settings, "PATH": str(content), "CACHE_CONTENT": False}


def test_the_editor_loads_nothing_from_another_host_and_breaks_no_policy(session):
    # A blob: address is the page's own memory (the preview of a picture), of its own origin.
    others = [
        u for u in session["urls"] if not u.removeprefix("blob:").startswith("http://127.0.0.1:")
    ]
    assert others == []
    assert session["violations"] == []
    assert session["seconds_to_form"] < 10


def test_with_the_editor_on_every_public_file_is_byte_for_byte_as_without_it(session):
    """Every page (its meta CSP and referrer policy with it) and .htaccess: the editor adds
    /admin/ and changes nothing else. _headers gains one rule at its end, for /admin/ only
    (Netlify: a later rule's value replaces an earlier one's); what it says for every other
    path is as without the editor. (Apache, with admin/.htaccess: tests/servers.)"""
    plain = session["plain"]
    without = {
        p.relative_to(plain).as_posix(): p.read_bytes() for p in plain.rglob("*") if p.is_file()
    }
    assert sorted(session["public"]) == sorted(without)
    changed = [name for name, data in without.items() if session["public"][name] != data]
    assert changed == ["_headers"]
    assert {"_headers", ".htaccess", "index.html"} <= set(without)
    assert {"index.html", "config.yml", "editor.js", "decap-cms.js", ".htaccess"} <= set(
        session["admin"]
    )
    headers = session["public"]["_headers"].decode()
    assert headers.startswith(without["_headers"].decode())
    added = headers.removeprefix(without["_headers"].decode())
    rules = [line for line in added.splitlines() if line.strip() and not line.startswith("#")]
    wanted = admin_headers({**EDITOR_DEFAULTS, "BROWSER_EDITOR_LOCAL_BACKEND": session["backend"]})
    assert rules == ["/admin/*", *(f"  {name}: {value}" for name, value in wanted.items())]
