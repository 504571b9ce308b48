"""WCAG 2.4.13 Focus Appearance (AAA), measured in pixels: on every page of the site, in the
light and dark schemes, by the per-page runner (the focus-appearance check of
test_every_page, each kind of focusable element on the first page that has it), and here
shown to fail on a fixture whose focus style is a thin, faint outline, and to pass its strong
one."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.browsing import new_context, serve
from support.checks import focus_appearance_problems

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "browser-defects"


def test_a_thin_faint_focus_outline_fails_focus_appearance(browser):
    server, url = serve(FIXTURES)
    context = new_context(browser)
    try:
        tab = context.new_page()
        tab.goto(url + "/faint-focus.html")
        problems = focus_appearance_problems(tab)
        assert any('<a id="faint"' in p and "(WCAG 2.4.13)" in p for p in problems), problems
        assert not any('<a id="strong"' in p for p in problems), problems
    finally:
        context.close()
        server.shutdown()
