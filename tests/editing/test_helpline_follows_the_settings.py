"""Change the helpline in one scratch settings file: the checks, the call-outs and the
templates all follow it, with no other file touched."""

import shutil
import subprocess
import sys

from bs4 import BeautifulSoup
from build import ROOT, write_settings

from pelicanconf import HELPLINE_NUMBER

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
    command = [sys.executable, str(ROOT / "scripts" / "build.py"), "--settings", str(settings)]
    result = subprocess.run([*command, "--output", str(output)], capture_output=True, text=True)
    return result, output


def test_a_new_helpline_in_the_settings_is_the_one_the_checks_the_callouts_and_the_templates_use(
    tmp_path,
):
    # The real content types the old number in places (the content pass moves it to the
    # call-out), so the checks must now refuse it there: that is them following the setting.
    result, _ = build(tmp_path, NEW_NUMBER)
    assert result.returncode != 0
    assert f"{HELPLINE_NUMBER} is not the helpline number; the site gives only {NEW_NUMBER}" in (
        result.stderr
    )
    # With the content's typed numbers out of the way, the site builds with the new number.
    for file in (tmp_path / "content").rglob("*.md"):
        text = file.read_text()
        file.write_text(
            text.replace(f"(tel:{HELPLINE_NUMBER.replace(' ', '')})", f"(tel:{NEW_TEL})").replace(
                HELPLINE_NUMBER, NEW_NUMBER
            )
        )
    shutil.rmtree(tmp_path / "output", ignore_errors=True)
    result, output = build(tmp_path, NEW_NUMBER)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((output / "helpline-test" / "index.html").read_text(), "html.parser")
    tels = {a["href"] for a in page.select("a[href^='tel:']")}
    assert tels == {f"tel:{NEW_TEL}"}
    assert page.select_one(".app-helpline-callout a")["href"] == f"tel:{NEW_TEL}"  # call-out
    assert page.select_one(".app-safety-bar__tel").get_text() == NEW_NUMBER  # header template
    assert NEW_NUMBER in page.select_one(".app-help-block").get_text()  # help block template
    assert HELPLINE_NUMBER not in page.get_text()
