"""Editors' Markdown components: admonitions become the theme's components."""

import pytest
from bs4 import BeautifulSoup
from callouts.callouts import CalloutsExtension
from markdown import Markdown


def render(text: str) -> BeautifulSoup:
    md = Markdown(extensions=["admonition", CalloutsExtension("0808 1000 900", "08081000900")])
    return BeautifulSoup(md.convert(text), "html.parser")


def test_a_note_becomes_inset_text():
    soup = render("!!! note\n    Keep this in mind.\n")
    assert soup.select_one("div.app-inset-text p").get_text() == "Keep this in mind."
    assert soup.select(".admonition") == []


def test_a_warning_has_an_icon_hidden_from_screen_readers_and_a_spoken_prefix():
    soup = render("!!! warning\n    If a child is in immediate danger, call 999.\n")
    icon = soup.select_one(".app-warning-text__icon")
    assert icon["aria-hidden"] == "true"
    text = soup.select_one(".app-warning-text__text").get_text(" ", strip=True)
    assert text == "Warning: If a child is in immediate danger, call 999."


def test_a_helpline_call_out_adds_the_canonical_number_as_a_tel_link():
    soup = render("!!! helpline\n    You can talk to someone.\n")
    link = soup.select_one(".app-helpline-callout a")
    assert (link["href"], link.get_text()) == ("tel:08081000900", "0808 1000 900")
    assert soup.select_one(".app-helpline-callout__heading").get_text() != "Helpline"


def test_details_are_a_real_details_element_with_the_given_summary():
    soup = render('!!! details "What happens next?"\n    An answer.\n')
    details = soup.select_one("details.app-details")
    assert details.summary.get_text(strip=True) == "What happens next?"
    assert details.select_one(".app-details__text p").get_text() == "An answer."


def test_an_unknown_component_is_reported_and_left_alone(caplog):
    with caplog.at_level("ERROR"):
        soup = render("!!! danger\n    Text.\n")
    assert '"!!! danger" is not a component' in caplog.text
    assert soup.select(".admonition")


@pytest.mark.parametrize("kind", ["note", "warning", "helpline", "details"])
def test_text_after_a_component_is_kept(kind):
    soup = render(f"!!! {kind}\n    Inside.\n\nAfter.\n")
    assert soup.find_all("p")[-1].get_text() == "After."


def test_the_helpline_placeholder_becomes_the_number_as_a_link_except_in_code():
    soup = render("Call {helpline}, or **{helpline}**. Write `{helpline}` in a page.\n")
    links = [(a["href"], a.get_text()) for a in soup.select("a")]
    assert links == [("tel:08081000900", "0808 1000 900")] * 2
    assert soup.select_one("code").get_text() == "{helpline}"
