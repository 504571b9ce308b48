"""Pictures to review: one page of each type at 320, 375, 768 and 1280 px, in the light and
dark colour schemes and in forced colours, with an index page that shows them side by side.

    make screenshots            # builds the site, then writes screenshots/index.html

Each picture is the first screen (what a reader sees before scrolling), and a full-page one
at 320 px light. Open screenshots/index.html and look before a layout change lands.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from devserver import production_headers  # noqa: E402
from support.browsing import launch_chromium, new_context, serve  # noqa: E402
from support.pagetypes import PAGE_TYPES  # noqa: E402

# (width, height): phones of 320 and 375 px, a tablet, a laptop.
WIDTHS = {320: 640, 375: 667, 768: 1024, 1280: 800}
MODES = ("light", "dark", "forced")


def shoot(output: Path, folder: Path) -> list[tuple[str, dict[str, str]]]:
    from playwright.sync_api import sync_playwright

    missing = [p for p in PAGE_TYPES.values() if not page_file(output, p).is_file()]
    if missing:
        sys.exit(f"{output} has no {', '.join(missing)}: build the site first (make html)")
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, dict[str, str]]] = []
    server, base = serve(output, production_headers(output))
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            tabs = {}
            for width, height in WIDTHS.items():
                for mode in MODES:
                    context = new_context(
                        browser,
                        width=width,
                        scheme="dark" if mode == "dark" else "light",
                        forced_colors="active" if mode == "forced" else "none",
                    )
                    tab = context.new_page()
                    tab.set_viewport_size({"width": width, "height": height})
                    tabs[(width, mode)] = tab
            for name, path in PAGE_TYPES.items():
                shots: dict[str, str] = {}
                for (width, mode), tab in tabs.items():
                    tab.goto(base + path, wait_until="load")
                    file = f"{name}-{width}-{mode}.png"
                    tab.screenshot(path=str(folder / file))
                    shots[f"{width}-{mode}"] = file
                    if width == 320 and mode == "light":
                        file = f"{name}-320-light-full.png"
                        tab.screenshot(path=str(folder / file), full_page=True)
                        shots["320-light-full"] = file
                rows.append((name, shots))
            browser.close()
    finally:
        server.shutdown()
    return rows


def page_file(output: Path, path: str) -> Path:
    relative = path.strip("/")
    return output / relative if relative.endswith(".html") else output / relative / "index.html"


def index_page(rows: list[tuple[str, dict[str, str]]]) -> str:
    columns = [f"{w}-{m}" for w in WIDTHS for m in MODES] + ["320-light-full"]
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns)
    body = []
    for name, shots in rows:
        cells = "".join(
            f"<td><a href='{shots[c]}'><img src='{shots[c]}' alt='{name} at {c}' loading='lazy'"
            f" width='{160 if c.startswith(('320', '375')) else 240}'></a></td>"
            for c in columns
        )
        body.append(
            f"<tr><th scope='row'>{html.escape(name)}<br>{PAGE_TYPES[name]}</th>{cells}</tr>"
        )
    return (
        "<!DOCTYPE html><html lang='en'><meta charset='utf-8'><title>Screenshots</title>"
        "<style>body{font:14px system-ui;margin:1rem}td,th{vertical-align:top;padding:4px;"
        "border:1px solid #ccc}img{display:block}th[scope=row]{position:sticky;left:0;"
        "background:#fff}</style><h1>Screenshots: the first screen of each page type</h1>"
        f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "output"), help="the built site")
    parser.add_argument("--to", default=str(ROOT / "screenshots"), help="where to write them")
    args = parser.parse_args(argv)
    folder = Path(args.to)
    rows = shoot(Path(args.output), folder)
    (folder / "index.html").write_text(index_page(rows), encoding="utf-8")
    print(f"{sum(len(s) for _, s in rows)} screenshots: {folder / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
