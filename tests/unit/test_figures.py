"""The figures plugin: loading the data file, derived figures, shortcodes, charts."""

import re
from pathlib import Path

import pytest
import yaml
from markdown import Markdown

ROOT = Path(__file__).resolve().parents[2]

from figures import figures  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return figures.load_figures(yaml.safe_load((ROOT / "data" / "figures.yaml").read_text()))


def test_the_scotland_rise_is_computed_from_its_inputs_not_typed(data):
    assert data["scotland-rise"].value == round((1008 - 586) / 586 * 100)
    assert data["scotland-rise"].display == "72%"
    assert data["scotland-rise"].derived_from == ("scotland-before", "scotland-after")


def test_every_figure_has_a_source_and_a_date(data):
    assert all(f.source and f.date for f in data.values())


@pytest.mark.parametrize(
    ("value", "fmt", "qualifier", "shown"),
    [
        (3507, "number", "", "3,507"),
        (55, "percent", "", "55%"),
        (19_000_000, "millions", "over", "over 19 million"),
        (100000, "number", "at least", "at least 100,000"),
    ],
)
def test_figures_are_shown_in_house_style(value, fmt, qualifier, shown):
    figure = figures.Figure("k", value, fmt, "t", "s", "2018", qualifier=qualifier)
    assert figure.display == shown


def test_a_figure_without_a_source_is_refused():
    with pytest.raises(figures.FigureError, match="lacks source"):
        figures.load_figures({"figures": {"x": {"value": 1, "text": "t", "date": "2018"}}})


def test_a_derived_figure_from_an_unknown_input_is_refused():
    with pytest.raises(figures.FigureError, match="unknown figure 'nope'"):
        figures.load_figures({"derived": {"d": {"percent_change": ["nope", "nope"], "text": "t"}}})


def test_a_shortcode_becomes_the_figure_and_its_source(data):
    md = Markdown(extensions=[figures.FiguresExtension(data)])
    html = md.convert("A rise of {figure:scotland-rise}. Source: {figure:scotland-after:source}.")
    assert '<span class="app-figure" data-figure="scotland-rise">72%</span>' in html
    assert data["scotland-after"].source in html


def test_an_unknown_shortcode_is_reported(data, caplog):
    md = Markdown(extensions=[figures.FiguresExtension(data)])
    with caplog.at_level("ERROR"):
        md.convert("{figure:no-such-figure}")
    assert "{figure:no-such-figure} names no figure" in caplog.text


def test_chart_bar_lengths_are_proportional_to_the_values():
    svg = figures.bar_chart([("a", 586, "586"), ("b", 1008, "1,008")], "T", "D", "c")
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    values = [float(v) for v in re.findall(r'data-value="([\d.]+)"', svg)]
    assert values == [586, 1008]
    assert widths[0] / widths[1] == pytest.approx(586 / 1008, abs=0.001)


def test_a_chart_has_a_title_and_description_for_assistive_technology():
    svg = figures.bar_chart([("a", 1, "1")], "The title", "The description", "c")
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">The title</title>' in svg


def charts(text: str) -> list:
    data = yaml.safe_load((ROOT / "data" / "figures.yaml").read_text())
    data["charts"] = yaml.safe_load(text)
    return figures.load_charts(data, figures.load_figures(data))


def test_the_figures_pages_charts_come_from_the_data_file_with_every_number_filled_in():
    data = yaml.safe_load((ROOT / "data" / "figures.yaml").read_text())
    made = figures.load_charts(data, figures.load_figures(data))
    assert [c.id for c in made] == ["chart-scotland", "chart-uk-estimates"]
    scotland = made[0]
    assert [row[:2] for row in scotland.rows] == [
        ("Three months before launch", "586"),
        ("Three months after launch", "1,008"),
        ("Rise", "72%"),
    ]
    assert "586 people sought help" in scotland.svg and "{figure:" not in scotland.svg
    assert re.findall(r'data-value="([\d.]+)"', scotland.svg) == ["586", "1008"]


def test_a_chart_without_rows_tabulates_its_bars():
    (chart,) = charts(
        "- {id: chart-a, heading: H, title: T, description: D, bars: [{label: A, figure: scotland-before}]}"
    )
    assert chart.rows == (("A", "586", chart.rows[0][2]),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- {id: chart-a, heading: H, title: T, description: D, bars: [{label: A, figure: nope}]}",
            "chart chart-a: bars: {figure:nope} names no figure",
        ),
        (
            "- {id: chart-a, heading: H, title: T, description: '{figure:nope}', bars: [{label: A, figure: scotland-before}]}",
            "chart chart-a: {figure:nope} names no figure",
        ),
        ("- {id: chart-a, heading: H, title: T, description: D}", "chart 1 lacks bars"),
        (
            "- {id: Chart A, heading: H, title: T, description: D, bars: []}",
            "chart 1: id 'Chart A' must look like chart-scotland",
        ),
        (
            "- {id: chart-a, heading: H, title: T, description: D, colour: red, bars: []}",
            "chart 1: colour is not a chart field",
        ),
        (
            "- {id: chart-a, heading: H, title: T, description: D, bars: [{label: 2019, figure: scotland-before}]}",
            "chart chart-a: bars: put the label 2019 in double quotes",
        ),
        (
            "- {id: chart-a, heading: H, title: T, description: D, bars: [scotland-before]}",
            "each item of chart chart-a: bars is {label: ..., figure: key}",
        ),
    ],
    ids=[
        "unknown-bar",
        "unknown-in-words",
        "no-bars",
        "bad-id",
        "unknown-field",
        "number-label",
        "bare-key",
    ],
)
def test_a_wrong_chart_is_refused_with_what_to_change(text, message):
    with pytest.raises(figures.FigureError) as error:
        charts(text)
    assert message in str(error.value)
