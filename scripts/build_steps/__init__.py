"""The steps of the one build (scripts/build.py), one module a job: `pelican_run` (Pelican in
this process, its log caught as the editor's messages), `search_index` (Pagefind and the
search's vocabulary), `precompress` (.gz and .br copies), `atomic_output` (one build at a
time, the staging folder made readable and swapped into place at one instant) and
`github_report` (a failed build's problems as GitHub annotations and a job summary)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
