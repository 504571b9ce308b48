"""Print the reading ease of every page, lowest first, with its hardest sentence.

    make readability

The build fails a page below CONTENT_CHECKS_MIN_READING_EASE (pelicanconf.py); this shows
every page, so editors can see which are close to the line.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from content_checks.readability import readability  # noqa: E402
from content_checks.reading import read_source  # noqa: E402


def main() -> int:
    content = ROOT / "content"
    rows = []
    for file in sorted(content.rglob("*.md")):
        src, _ = read_source(file, content)
        if src is not None:
            score, words, hardest = readability(src.body)
            rows.append((score, words, src.path, hardest[0] if hardest else ""))
    print(f"{'ease':>5} {'words':>5}  page")
    for score, words, path, hardest in sorted(rows):
        print(f"{score:5.0f} {words:5d}  {path}")
        if hardest:
            print(f"{'':12}hardest: {hardest[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
