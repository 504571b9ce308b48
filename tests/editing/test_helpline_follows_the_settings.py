"""Change the helpline in one scratch settings file: the checks, the call-outs and the
templates all follow it, with no other file touched."""

import re
import shutil

from bs4 import BeautifulSoup
from build import ROOT, write_settings
from support.building import build_forked

from pelicanconf import HELPLINE_NUMBER

SHARE_ALT = re.compile(r'<meta property="og:image:alt"[^>]*>')
NEW_NUMBER, NEW_TEL = "0800 555 0199", "08005550199"
PAGE = """---
title: A test page
description: A page for the helpline test.
---
Call us on {number}, or use the button below.

!!! helpline
"""


def build(tmp_path, number: str):
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(ROOT / "content", content)
    (content / "pages" / "helpline-test.md").write_text(PAGE.format(number=number))
    settings = write_settings(
        tmp_path / "scratch.py",
        content,
        HELPLINE_NUMBER=NEW_NUMBER,
        HELPLINE_TEL=NEW_TEL,
        HELPLINE_INTERNATIONAL="+44 800 555 0199",
    )
    output = tmp_path / "output"
    # scripts/build.py's main in a process of its own (forked from one that has imported it).
    return build_forked(["--settings", str(settings), "--output", str(output)]), output


def test_a_new_helpline_in_the_settings_is_the_one_the_checks_the_callouts_and_the_templates_use(
    tmp_path,
):
    # The old number typed into a page is now some other number, and the checks refuse it.
    result, _ = build(tmp_path, HELPLINE_NUMBER)
    assert result.returncode != 0
    assert (
        f"{HELPLINE_NUMBER} is not the helpline number; the site gives only the helpline, "
        "written {helpline}" in result.stderr
    )
    # The content writes {helpline}, so the real pages need no change to follow the setting.
    result, output = build(tmp_path, "{helpline}")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((output / "helpline-test" / "index.html").read_text(), "html.parser")
    tels = {a["href"] for a in page.select("a[href^='tel:']")}
    assert tels == {f"tel:{NEW_TEL}"}
    assert page.select_one("main p a")["href"] == f"tel:{NEW_TEL}"  # {helpline} in the text
    assert page.select_one(".app-helpline-callout a")["href"] == f"tel:{NEW_TEL}"  # call-out
    assert page.select_one(".app-safety-bar__tel").get_text() == NEW_NUMBER  # header template
    assert NEW_NUMBER in page.select_one(".app-help-block").get_text()  # help block template
    # Every page of the real content, and every description, carries the new number only.
    pages = list(output.rglob("*.html"))
    assert len(pages) > 20
    for built in pages:
        # Except the share picture's description: the number is drawn into that picture
        # (docs/share-image.html), so its words follow the picture, which is redrawn by hand.
        text = SHARE_ALT.sub("", built.read_text())
        assert HELPLINE_NUMBER not in text, built
        assert HELPLINE_NUMBER.replace(" ", "") not in text, built
    helpline = (output / "resources" / "helpline" / "index.html").read_text()
    assert f'name="description" content="The Stop It Now! helpline on {NEW_NUMBER}' in helpline
