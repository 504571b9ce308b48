"""Check every external link in a built site over the network (opt-in: not part of make
test, whose machines are offline; make test checks only that each link is well-formed).

    make linkcheck-external                    # builds, then checks output/
    python scripts/linkcheck_external.py output --max-age 24 --timeout 10

Every http(s) address in an href or src of the site's HTML, other than the site's own
loopback preview, is asked for with HEAD, and with GET if the server refuses HEAD.
A link that answered is remembered in .cache/linkcheck-external.json for --max-age hours,
so a daily run asks again only for what is stale; a link that failed is asked again on every
run. Prints a table of the failures and exits 1 if there are any (2 if there is no site).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "stop-it-now-campaigns-linkcheck/1.0 (+https://www.stopitnow.org.uk)"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Servers that refuse HEAD (or refuse robots on HEAD) answer with these; GET is tried next.
RETRY_WITH_GET = {403, 404, 405, 429, 501}


def external_links(site: Path) -> dict[str, set[str]]:
    """{address without #fragment: the pages that link to it} for every http(s) href or src."""
    found: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            for value in (tag.get("href"), tag.get("src")):
                if not value:
                    continue
                parts = urlsplit(value.strip())
                if parts.scheme in ("http", "https") and parts.hostname not in LOOPBACK:
                    url = urldefrag(value.strip()).url
                    found.setdefault(url, set()).add(page.relative_to(site).as_posix())
    return found


def check(url: str, timeout: float) -> str:
    """'ok', or what went wrong ('HTTP 404', 'unreachable (...)')."""
    result = "unreachable"
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return "ok" if response.status < 400 else f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            result = f"HTTP {error.code}"
            if method == "HEAD" and error.code in RETRY_WITH_GET:
                continue
            return result
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"unreachable ({getattr(error, 'reason', error)})"
    return result


def load_cache(path: Path) -> dict[str, dict]:
    try:
        cache = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}  # no cache yet, or a damaged one: check everything again
    return cache if isinstance(cache, dict) else {}


def save_cache(path: Path, cache: dict[str, dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)  # a run stopped half-way leaves the old cache whole


def failure_table(failures: list[tuple[str, str, list[str]]]) -> str:
    rows = [("RESULT", "ADDRESS", "LINKED FROM")] + [
        (
            result,
            url,
            ", ".join(pages[:3]) + (f" (+{len(pages) - 3} more)" if len(pages) > 3 else ""),
        )
        for url, result, pages in failures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return "\n".join(
        f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip() for row in rows
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "output"), help="built site folder")
    parser.add_argument("--cache", default=str(ROOT / ".cache" / "linkcheck-external.json"))
    parser.add_argument("--max-age", type=float, default=24, help="hours a good result is kept")
    parser.add_argument("--timeout", type=float, default=10, help="seconds per request")
    parser.add_argument("--workers", type=int, default=8, help="requests at a time")
    args = parser.parse_args(argv)

    site = Path(args.site)
    if not any(site.rglob("*.html")):
        print(f"No HTML files in {site}: build the site first (make html).", file=sys.stderr)
        return 2
    cache_file = Path(args.cache)
    cache = load_cache(cache_file)
    now = time.time()
    links = external_links(site)

    def fresh(url: str) -> bool:
        entry = cache.get(url)
        return bool(
            isinstance(entry, dict)
            and entry.get("result") == "ok"
            and now - float(entry.get("checked", 0)) < args.max_age * 3600
        )

    stale = [url for url in sorted(links) if not fresh(url)]
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        for url, result in zip(
            stale, pool.map(lambda u: check(u, args.timeout), stale), strict=True
        ):
            cache[url] = {"result": result, "checked": now}
    save_cache(cache_file, cache)

    failures = [
        (url, cache[url]["result"], sorted(pages))
        for url, pages in sorted(links.items())
        if cache[url]["result"] != "ok"
    ]
    print(
        f"{len(links)} external links: {len(stale)} checked now, "
        f"{len(links) - len(stale)} from the cache, {len(failures)} failed"
    )
    if failures:
        print(failure_table(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
