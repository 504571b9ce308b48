"""Facts the campaign releases state, as the pages give them: where the Scotland campaign ran,
and what West Yorkshire Police said of arrests, with the speaker named as the release names him."""

from __future__ import annotations

from bs4 import BeautifulSoup

SPEAKER = (
    "Detective Superintendent Jon Morgan, Head of West Yorkshire Police's Safeguarding Central "
    "Governance Unit"
)


def text_of(site, path: str) -> str:
    html = (site.root / path / "index.html").read_text(encoding="utf-8")
    text = BeautifulSoup(html, "html.parser").get_text(" ").replace("\u2019", "'")
    return " ".join(text.split())


def test_no_page_shortens_east_and_west_lothian_to_the_lothians(site):
    said = [
        str(page.relative_to(site.root))
        for page in site.root.rglob("*.html")
        if "the Lothians" in page.read_text(encoding="utf-8")
    ]
    assert said == [], f"the release names East and West Lothian; these say the Lothians: {said}"


def test_the_west_yorkshire_page_reports_the_forces_yearly_arrests(site):
    text = text_of(site, "campaigns/west-yorkshire")
    assert SPEAKER in text
    assert "every year it arrests hundreds of people" in text


def test_the_press_page_reports_the_forces_yearly_arrests(site):
    text = text_of(site, "resources/press")
    assert SPEAKER in text
    assert "arrests hundreds of people every year" in text
