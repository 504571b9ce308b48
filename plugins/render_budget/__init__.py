"""Render budget: each Markdown file is read within a time budget, in a worker process.

Why: Python-Markdown's time grows with the square of some inputs (16 KB of brackets took
36 s) and deep nesting ends in a RecursionError, so one hostile or unlucky page could stall
every build, the preview and a pull request's check. Here the site's own reader (Pelican's,
with the YAML front matter, the headings navigation keeps and every Markdown extension) runs
unchanged in one worker process forked once per build, when the first file is read; past
RENDER_BUDGET_SECONDS for a file (or RENDER_BUDGET_BUILD_SECONDS for the build) the worker is
killed and the build stops naming the file, in plain words. Its log records come back to
this process, so the build's report is the same as when pages were read here.
"""

from .render_budget import register

__all__ = ["register"]
