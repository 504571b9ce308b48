"""Check every external link in the built site over the network (opt-in, not in make test).

    make linkcheck-external          # builds, then checks output/
    python scripts/linkcheck_external.py output --max-age 24

Each address is asked for with HEAD (GET if the server refuses HEAD). Results are kept in
.cache/linkcheck-external.json for --max-age hours, so a daily run asks again only for what
is stale. Exits non-zero if any link fails, with a table of the failures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "stop-it-now-campaigns-linkcheck/1.0"


def external_links(site: Path) -> dict[str, set[str]]:
    """{url: pages that link to it} for every http(s) link in the site's HTML."""
    found: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            if a["href"].startswith(("http://", "https://")) and "127.0.0.1" not in a["href"]:
                found.setdefault(a["href"].split("#")[0], set()).add(
                    page.relative_to(site).as_posix()
                )
    return found


def check(url: str, timeout: float) -> str:
    """'ok', or what went wrong."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return "ok" if response.status < 400 else f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"unreachable ({getattr(error, 'reason', error)})"
    return "unreachable"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "output"))
    parser.add_argument("--cache", default=str(ROOT / ".cache" / "linkcheck-external.json"))
    parser.add_argument("--max-age", type=float, default=24, help="hours a result is trusted")
    parser.add_argument("--timeout", type=float, default=10)
    args = parser.parse_args(argv)
    cache_file = Path(args.cache)
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    now = time.time()
    links = external_links(Path(args.site))
    failures = []
    for url, pages in sorted(links.items()):
        entry = cache.get(url)
        if not entry or now - entry["checked"] > args.max_age * 3600:
            entry = {"result": check(url, args.timeout), "checked": now}
            cache[url] = entry
        if entry["result"] != "ok":
            failures.append((url, entry["result"], sorted(pages)))
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps(cache, indent=1))
    print(f"{len(links)} external links checked, {len(failures)} failed")
    for url, result, pages in failures:
        print(f"  {result:<30} {url}  (on {', '.join(pages[:3])}{'…' if len(pages) > 3 else ''})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
