"""Print-ready PDFs of every campaign's poster, A4 and A3, for a printer or a print shop.

    SITEURL=https://example.org/sub make posters   # writes posters/<campaign>-A4.pdf and -A3.pdf

The site is built with publishconf.py (so each QR code opens the campaign page on SITEURL)
into a temporary folder, never into output/, and each poster page is printed by headless
Chromium, the browser the tests use. The PDFs are for printing: they are not published (a
host that publishes the site has no browser); readers print the poster page itself.

A3 is the A4 design enlarged by sqrt(2), on a page of its own size (a class the poster's
stylesheet knows): the same layout, every size scaled, as a photocopier's A4-to-A3
enlargement would.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

SIZES = ("A4", "A3")
# The poster's stylesheet puts a poster with this class on an A3 page, enlarged by sqrt(2).
ENLARGE = "a3 => document.querySelector('.app-poster').classList.toggle('app-poster--a3', a3)"


def poster_slugs(site: Path) -> list[str]:
    """The campaigns that have a poster page in the built site `site`."""
    return sorted(p.parent.parent.name for p in site.glob("campaigns/*/poster/index.html"))


def serve_from(context, site: Path, siteurl: str) -> None:
    """Answer the context's requests for `siteurl` from the built folder `site`, so the
    publish build prints as it will be served, with no server and no certificate; every
    other request is refused (the site loads nothing from elsewhere)."""
    prefix = urlsplit(siteurl).path.rstrip("/")

    def answer(route) -> None:
        url = urlsplit(route.request.url)
        relative = unquote(url.path).removeprefix(prefix).lstrip("/")
        file = (site / relative).resolve()
        if file.is_dir():
            file = file / "index.html"
        if site.resolve() in file.parents and file.is_file():
            route.fulfill(path=str(file))
        else:
            route.fulfill(status=404, body="")

    context.route(lambda url: not url.startswith(siteurl + "/"), lambda route: route.abort())
    context.route(siteurl + "/**", answer)


def print_posters(browser, site: Path, siteurl: str, sizes=SIZES) -> dict:
    """Each campaign's poster in the built folder `site` (built for `siteurl`) printed at
    each of `sizes`: {(slug, size): PDF bytes}. One tab prints them all."""
    context = browser.new_context()
    try:
        serve_from(context, site, siteurl)
        tab = context.new_page()
        printed = {}
        for slug in poster_slugs(site):
            tab.goto(f"{siteurl}/campaigns/{slug}/poster/", wait_until="load")
            for size in sizes:
                tab.evaluate(ENLARGE, size == "A3")
                printed[slug, size] = tab.pdf(print_background=True, prefer_css_page_size=True)
        return printed
    finally:
        context.close()


def write_posters(printed: dict, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for (slug, size), pdf in printed.items():
        path = folder / f"{slug}-{size}.pdf"
        path.write_bytes(pdf)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", default=str(ROOT / "posters"), help="folder for the PDFs")
    args = parser.parse_args(argv)
    siteurl = os.environ.get("SITEURL", "").rstrip("/")
    if not siteurl:
        print(
            "Give the address the site is published at, as for make publish:\n"
            "  SITEURL=https://example.org/sub make posters\n"
            "(each poster's QR code opens its campaign page there)",
            file=sys.stderr,
        )
        return 2
    from playwright.sync_api import sync_playwright
    from support.browsing import BrowserUnavailable, launch_chromium

    with tempfile.TemporaryDirectory(prefix="posters-site-") as tmp:
        site = Path(tmp) / "output"
        build = [sys.executable, str(ROOT / "scripts" / "build.py")]
        build += ["--settings", str(ROOT / "publishconf.py"), "--output", str(site)]
        if subprocess.run(build, cwd=ROOT).returncode != 0:
            return 1  # build.py has said why
        with sync_playwright() as playwright:
            try:
                browser = launch_chromium(playwright)
            except BrowserUnavailable as error:
                print(error, file=sys.stderr)
                return 1
            try:
                written = write_posters(print_posters(browser, site, siteurl), Path(args.to))
            finally:
                browser.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
