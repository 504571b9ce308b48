"""Figures: every number the site states comes from one data file, with its source.

Why: figures are retyped across pages, press notes and charts, and a retyped figure
drifts. Here each figure is written once in data/figures.yaml with its source and date;
pages insert it with `{figure:key}` in Markdown, campaign front matter lists figures by key,
derived figures (a percentage rise) are computed from their inputs, and charts are drawn
from the same data at build time as SVG, with no JavaScript.
"""

from .figures import register

__all__ = ["register"]
