"""Figures, charts and posters in the real built site."""

import re

import pytest
import segno
from content_checks.numbers import statistics
from support import sitecheck
from support.sitebuild import ROOT, published_site

from pelicanconf import HELPLINE_TEL


def statistics_in(page: sitecheck.Page) -> set[str]:
    """The figures a page states, read by the same function the build reads Markdown with
    (plugins/content_checks/numbers.py): years, 999, dates, measurements and phone numbers
    are not statistics."""
    main = page.soup.find("main")
    if main is None:
        return set()
    return {n.shown for n in statistics(str(main), markdown=False)}


def figure_numbers(site) -> set[str]:
    shown = set()
    for cell in site.by_path["figures/index.html"].soup.select(".app-figures__number"):
        shown |= {n.shown for n in statistics(cell.get_text(), markdown=False)}
    return shown


def test_every_statistic_on_every_page_comes_from_the_data_file(page, site):
    unaccounted = statistics_in(page) - figure_numbers(site)
    assert unaccounted == set()


def test_the_statistics_scan_catches_a_retyped_figure(site):
    fake = sitecheck.Page(site, "fake.html", "<main>We helped 4,321 people, 12% more.</main>")
    assert statistics_in(fake) - figure_numbers(site) == {"4,321", "12%"}


def test_the_figures_page_lists_every_figure_with_a_source(site):
    rows = site.by_path["figures/index.html"].soup.select("tr[id^=figure-]")
    assert len(rows) >= 12
    assert all(row.find_all("td")[-1].get_text(strip=True) for row in rows)


@pytest.mark.parametrize("chart_id", ["chart-scotland", "chart-uk-estimates"])
def test_each_chart_is_an_image_with_a_title_and_description_and_a_table(site, chart_id):
    soup = site.by_path["figures/index.html"].soup
    svg = soup.find("svg", id=chart_id)
    assert svg["role"] == "img"
    assert svg.find("title").get_text() and svg.find("desc").get_text()
    assert svg.find_parent("figure").find("table") is not None


def test_chart_bars_are_proportional_to_their_values(site):
    soup = site.by_path["figures/index.html"].soup
    for svg in soup.find_all("svg", class_="app-chart__svg"):
        bars = [(float(r["width"]), float(r["data-value"])) for r in svg.find_all("rect")]
        ratios = [width / value for width, value in bars]
        assert max(ratios) == pytest.approx(min(ratios), rel=0.01)


def test_every_campaign_has_a_poster_whose_qr_code_encodes_its_absolute_address(site):
    campaigns = [p for p in site.pages if re.fullmatch(r"campaigns/[^/]+/index.html", p.path)]
    assert len(campaigns) >= 3
    for campaign in campaigns:
        poster = site.by_path[campaign.path.replace("index.html", "poster/index.html")]
        target = "http://127.0.0.1:8000" + campaign.url
        svg = poster.soup.find("svg", class_="app-poster__qr")
        expected = segno.make(target, error="m", micro=False)
        # The same data at the same settings gives the same modules: compare the dark modules.
        assert str(svg.find("path", class_="qrline")["d"]) in expected.svg_inline(border=4)
        # It scales to the size the stylesheet gives it, quiet zone and all (issue #30); the
        # HTML parser lower-cases attribute names.
        assert svg["viewbox"] == "0 0 {0} {0}".format(expected.symbol_size(border=4)[0])
        assert not svg.has_attr("width") and not svg.has_attr("height")
        assert poster.soup.find("a", href=f"tel:{HELPLINE_TEL}")


def test_a_development_poster_says_it_is_a_preview_and_a_published_one_does_not(site):
    """A development build's QR codes open this computer's copy of the site: printed by
    mistake, the poster itself says so (issue #30)."""
    posters = [p.path for p in site.pages if p.path.endswith("/poster/index.html")]
    published = published_site()
    assert len(posters) >= 3
    for path in posters:
        preview = site.by_path[path].soup.select_one(".app-poster__not-for-print")
        assert preview is not None and "Preview, not for printing" in preview.get_text(), path
        assert published.by_path[path].soup.select_one(".app-poster__not-for-print") is None, path


def test_the_figures_table_shows_dates_as_people_write_them_with_the_machine_form_kept(site):
    table = site.by_path["figures/index.html"].soup.select_one(".app-figures")
    times = {t["datetime"]: t.get_text() for t in table.select("time")}
    assert times["2016-10"] == "October 2016"
    assert times["2018-01"] == "January 2018"
    assert all(not re.search(r"\d{4}-\d{2}", shown) for shown in times.values())
    assert len(table.select("tbody tr")) == len(table.select("time"))


def test_every_figure_shown_has_its_date_in_the_same_sentence_block(site):
    """A figure read without its date reads as current ("has helped 35,000 people"): the
    paragraph, list item or cell that shows a figure also gives the year of its date."""
    import yaml
    from figures.figures import load_figures

    figures = load_figures(yaml.safe_load((ROOT / "data" / "figures.yaml").read_text()))
    undated, shown = [], 0
    for page in site.pages:
        main = page.soup.find("main")
        for span in main.select("span.app-figure[data-figure]") if main else []:
            shown += 1
            year = figures[span["data-figure"]].date[:4]
            block = span.find_parent(["p", "li", "td", "dd", "figcaption"])
            text = " ".join(block.get_text(" ").split()) if block else ""
            if year not in text:
                undated.append(f"{page.path}: {span['data-figure']} ({year}) in {text!r}")
    assert shown > 10
    assert undated == []
