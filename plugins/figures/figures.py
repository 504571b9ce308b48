"""Pure functions first, the Markdown extension and signal handlers after, register() last."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from content_checks.reading import LOADER, check_limits
from content_model import format_date, parse_date
from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markupsafe import Markup
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {"FIGURES_FILE": "data/figures.yaml"}
SHORTCODE = r"\{figure:(?P<key>[a-z0-9-]+)(?::(?P<part>source|text))?\}"
FORMATS = ("number", "percent", "millions")


class FigureError(ValueError):
    """A figure that is missing, malformed or unknown."""


@dataclass(frozen=True)
class Figure:
    key: str
    value: float
    format: str
    text: str
    source: str
    date: str
    qualifier: str = ""
    note: str = ""
    derived_from: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """The figure as pages show it: 3,507 / 72% / 19 million."""
        if self.format == "percent":
            shown = f"{self.value:g}%"
        elif self.format == "millions":
            shown = f"{self.value / 1_000_000:g} million"
        else:
            shown = f"{self.value:,.0f}"
        return f"{self.qualifier} {shown}".strip()

    @property
    def date_shown(self) -> str:
        """The date as people write it: 2018, October 2016, 24 January 2018 (the machine
        form, 2016-10, stays in <time datetime>)."""
        if re.fullmatch(r"\d{4}", self.date):
            return self.date
        return format_date(*parse_date(self.date, month_only_ok=True))


def percent_change(before: float, after: float) -> float:
    """Whole-number percentage change from before to after."""
    return round((after - before) / before * 100)


def load_figures(data: dict[str, Any]) -> dict[str, Figure]:
    """Figures from the parsed data file, derived ones computed; FigureError if malformed."""
    figures: dict[str, Figure] = {}
    for key, entry in (data.get("figures") or {}).items():
        missing = [f for f in ("value", "text", "source", "date") if f not in (entry or {})]
        if missing:
            raise FigureError(f"figure {key!r} lacks {', '.join(missing)}")
        fmt = entry.get("format", "number")
        if fmt not in FORMATS:
            raise FigureError(f"figure {key!r}: format {fmt!r} is not one of {FORMATS}")
        figures[key] = Figure(
            key=key,
            value=float(entry["value"]),
            format=fmt,
            text=str(entry["text"]),
            source=str(entry["source"]),
            date=str(entry["date"]),
            qualifier=str(entry.get("qualifier", "")),
            note=str(entry.get("note", "")),
        )
    for key, entry in (data.get("derived") or {}).items():
        before, after = entry["percent_change"]
        for name in (before, after):
            if name not in figures:
                raise FigureError(f"derived figure {key!r} uses unknown figure {name!r}")
        figures[key] = Figure(
            key=key,
            value=percent_change(figures[before].value, figures[after].value),
            format="percent",
            text=str(entry["text"]),
            source=f"Worked out from {figures[before].display} and {figures[after].display}; "
            f"{figures[after].source}",
            date=figures[after].date,
            derived_from=(before, after),
        )
    return figures


def lookup(figures: dict[str, Figure], key: str) -> Figure:
    if key not in figures:
        raise FigureError(
            f"{{figure:{key}}} names no figure; use one of the keys in data/figures.yaml"
        )
    return figures[key]


# --- Charts --------------------------------------------------------------------------


def bar_chart(
    bars: list[tuple[str, float, str]], title: str, description: str, chart_id: str
) -> str:
    """A horizontal bar chart as inline SVG. bars: (label, value, value as shown).
    Bar lengths are proportional to the values; labels and values are text in the SVG
    and the numbers are also given in a table beside it by the template."""
    width, label_w, bar_max, row_h, gap = 640, 230, 230, 34, 14
    height = len(bars) * (row_h + gap) + gap
    largest = max(value for _, value, _ in bars) or 1
    svg = etree.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "class": "app-chart__svg",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "id": chart_id,
        },
    )
    etree.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    etree.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description
    for index, (label, value, shown) in enumerate(bars):
        y = gap + index * (row_h + gap)
        length = round(value / largest * bar_max, 2)
        text = etree.SubElement(
            svg,
            "text",
            {
                "x": str(label_w - 10),
                "y": str(y + row_h * 0.65),
                "class": "app-chart__label",
                "text-anchor": "end",
            },
        )
        text.text = label
        etree.SubElement(
            svg,
            "rect",
            {
                "x": str(label_w),
                "y": str(y),
                "width": str(length),
                "height": str(row_h),
                "class": "app-chart__bar",
                "data-value": f"{value:g}",
            },
        )
        value_text = etree.SubElement(
            svg,
            "text",
            {
                "x": str(label_w + length + 8),
                "y": str(y + row_h * 0.65),
                "class": "app-chart__value",
            },
        )
        value_text.text = shown
    # ElementTree escaped every label and attribute: the chart is safe to print as it is.
    return Markup(etree.tostring(svg, encoding="unicode"))


@dataclass(frozen=True)
class Chart:
    """A chart of the figures page, ready to lay out: its SVG, and the rows of the table of
    its numbers beside it (label, the figure as shown, its source)."""

    id: str
    heading: str
    svg: str
    rows: tuple[tuple[str, str, str], ...]
    note: str = ""


CHART_FIELDS = {"id", "heading", "title", "description", "bars", "rows", "note"}
CHART_ID = re.compile(r"chart-[a-z0-9-]+")


def fill_in(text: str, figures: dict[str, Figure], where: str) -> str:
    """{figure:key} in a chart's words becomes the figure as pages show it."""

    def shown(m: re.Match[str]) -> str:
        try:
            figure = lookup(figures, m["key"])
        except FigureError as error:
            raise FigureError(f"{where}: {error}") from None
        return getattr(figure, m["part"]) if m["part"] else figure.display

    return re.sub(SHORTCODE, shown, text)


def chart_figures(entries: Any, figures: dict[str, Figure], where: str) -> list[tuple[str, Figure]]:
    """(label, figure) for each `- {label: ..., figure: key}` of a chart's bars or rows."""
    if not isinstance(entries, list) or not entries:
        raise FigureError(f"{where} must be a list of {{label: ..., figure: key}}, one per line")
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"label", "figure"}:
            raise FigureError(f"each item of {where} is {{label: ..., figure: key}}; got {entry!r}")
        if not isinstance(entry["label"], str):
            raise FigureError(f"{where}: put the label {entry['label']!r} in double quotes")
        try:
            found.append((entry["label"], lookup(figures, str(entry["figure"]))))
        except FigureError as error:
            raise FigureError(f"{where}: {error}") from None
    return found


def load_charts(data: dict[str, Any], figures: dict[str, Figure]) -> list[Chart]:
    """The `charts:` of the data file, each checked and drawn; FigureError if one is wrong."""
    charts = []
    for index, entry in enumerate(data.get("charts") or [], start=1):
        where = f"chart {index}"
        if not isinstance(entry, dict):
            raise FigureError(f"{where} is not a chart; start it with '- id: chart-...'")
        if unknown := sorted(set(entry) - CHART_FIELDS):
            raise FigureError(f"{where}: {', '.join(unknown)} is not a chart field")
        missing = sorted({"id", "heading", "title", "description", "bars"} - set(entry))
        if missing:
            raise FigureError(f"{where} lacks {', '.join(missing)}")
        if not isinstance(entry["id"], str) or not CHART_ID.fullmatch(entry["id"]):
            raise FigureError(f"{where}: id {entry['id']!r} must look like chart-scotland")
        words = {k: entry.get(k, "") for k in ("heading", "title", "description", "note")}
        if not all(isinstance(v, str) for v in words.values()):
            raise FigureError(f"{where}: heading, title, description and note are plain text")
        where = f"chart {entry['id']}"
        bars = chart_figures(entry["bars"], figures, f"{where}: bars")
        rows = chart_figures(entry.get("rows", entry["bars"]), figures, f"{where}: rows")
        svg = bar_chart(
            [(label, f.value, f.display) for label, f in bars],
            fill_in(words["title"], figures, where),
            fill_in(" ".join(words["description"].split()), figures, where),
            entry["id"],
        )
        charts.append(
            Chart(
                id=entry["id"],
                heading=words["heading"],
                svg=svg,
                rows=tuple((label, f.display, f.source) for label, f in rows),
                note=fill_in(" ".join(words["note"].split()), figures, where),
            )
        )
    return charts


# --- Markdown ------------------------------------------------------------------------


class FigureInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, figures: dict[str, Figure]) -> None:
        super().__init__(pattern, md)
        self.figures = figures

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:
        try:
            figure = lookup(self.figures, m["key"])
        except FigureError as error:
            logger.error("%s", error)
            return m[0], m.start(0), m.end(0)
        part = m["part"]
        if part == "source":
            return figure.source, m.start(0), m.end(0)
        if part == "text":
            return figure.text, m.start(0), m.end(0)
        element = etree.Element("span", {"class": "app-figure", "data-figure": figure.key})
        element.text = figure.display
        return element, m.start(0), m.end(0)


class FiguresExtension(Extension):
    def __init__(self, figures: dict[str, Figure]) -> None:
        super().__init__()
        self.figures = figures

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(
            FigureInlineProcessor(SHORTCODE, md, self.figures), "app_figure", 175
        )


# --- Signal handlers -----------------------------------------------------------------


def merge_defaults(pelican: Any) -> None:
    """initialized (first): DEFAULTS for the settings pelicanconf.py leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def load(pelican: Any) -> None:
    """initialized: read the data file once; give Markdown and templates the figures."""
    settings = pelican.settings
    path = Path(settings["PATH"]).parent / settings["FIGURES_FILE"]
    try:
        text = path.read_text(encoding="utf-8")
        check_limits(text, max_depth=6)  # data/ is edited like content/: no alias bombs
        data = yaml.load(text, Loader=LOADER) or {}
        figures = load_figures(data)
        charts = load_charts(data, figures)
    except (OSError, yaml.YAMLError, FigureError, KeyError, TypeError, ValueError) as error:
        logger.error("%s: %s", path, error)
        figures, charts = {}, []
    settings["FIGURES"] = figures
    settings["FIGURE_CHARTS"] = charts
    # A new MARKDOWN dict, not the settings module's own: the preview builds many times in
    # one process, and each build must have exactly one extension, with today's figures.
    markdown = dict(settings.get("MARKDOWN", {}))
    extensions = [e for e in markdown.get("extensions", []) if not isinstance(e, FiguresExtension)]
    markdown["extensions"] = [*extensions, FiguresExtension(figures)]
    settings["MARKDOWN"] = markdown


def resolve_page_figures(instance: Any) -> None:
    """content_object_init: `figures: [key, ...]` in front matter becomes plain dicts."""
    keys = instance.metadata.get("figures")
    if not keys:
        return
    figures = instance.settings.get("FIGURES", {})
    resolved = []
    for key in keys if isinstance(keys, list) else [keys]:
        try:
            figure = lookup(figures, str(key))
        except FigureError as error:
            logger.error("%s: figures: %s", instance.relative_source_path, error)
            continue
        resolved.append(
            {
                "key": figure.key,
                "number": figure.display,
                "text": figure.text,
                "source": figure.source,
            }
        )
    instance.figures = resolved


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.initialized.connect(load)
    signals.content_object_init.connect(resolve_page_figures)
