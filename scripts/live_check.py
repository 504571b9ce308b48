"""Check a published site over the network, the way a reader's browser meets it.

    make live-check URL=https://campaigns.example.org
    python scripts/live_check.py https://example.org/campaigns

For whoever deploys: after a release, or after changing the host, run it against the live
address. Not part of make test (its machines are offline); tests/servers runs it against
Debian's nginx and Apache serving the site on this machine.

It reads the site's own sitemap.xml, asks for every page in it and for every style sheet,
script and picture those pages use, and reports each check by name:

    pages        every page in the sitemap answers 200 as HTML
    not-found    a missing address answers 404 with the site's own 404 page
    headers      every security header (pelicanconf.py's SECURITY_HEADERS), with its value,
                 on pages, assets, the 404 page and the search's files
    types        styles as text/css, scripts (the search's too) as JavaScript, pictures as
                 pictures: a browser refuses a script of any other type
    compression  a gzip copy (and brotli, where the host offers it) with the file's own type,
                 Vary: Accept-Encoding, and the same bytes once decoded
    cache        CSS and JavaScript (hashed names) cached for a year; pages never "immutable"
    https        plain HTTP sends each page to the same address over HTTPS
    no-listing   a folder without a page is not listed

To check a server before its name points at it, --connect sends the requests for the
address's host to another place (as curl's --connect-to does), and --cafile trusts a
certificate of your own. Exits 0 when every check passes, 1 when one fails, 2 on bad input.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import secrets
import socket
import ssl
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "stop-it-now-campaigns-live-check/1.0"
JAVASCRIPT = {"text/javascript", "application/javascript", "application/x-javascript"}
TYPES = {
    ".css": {"text/css"},
    ".js": JAVASCRIPT,
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".svg": {"image/svg+xml"},
    ".ico": {"image/x-icon", "image/vnd.microsoft.icon"},
    ".webmanifest": {"application/manifest+json", "application/json"},
    ".json": {"application/json"},
}
COMPRESSIBLE = {"text/html", "text/css", "application/json", "image/svg+xml"} | JAVASCRIPT
YEAR = 31536000
CHECKS = {
    "pages": "every page in the sitemap answers 200 as HTML",
    "not-found": "a missing address answers 404 with the site's own 404 page",
    "headers": "every security header, with its value, on pages, assets and the 404 page",
    "types": "styles, scripts and pictures each served with its right type",
    "compression": "gzip (and brotli where offered) copies: right type, Vary, same bytes",
    "cache": "hashed CSS and JavaScript cached for a year; pages never immutable",
    "https": "plain HTTP sends each page to the same address over HTTPS",
    "no-listing": "a folder without a page is not listed",
}


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    @property
    def type(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()


@dataclass
class Result:
    check: str
    problems: list[str] = field(default_factory=list)
    looked_at: int = 0


class Client:
    """GET over HTTP/1.1 without following redirects, to the site's host or, with
    `connect` ("127.0.0.1:8443") and `connect_http`, to another place for the same names."""

    def __init__(
        self,
        address: str,
        connect: str | None = None,
        connect_http: str | None = None,
        cafile: str | None = None,
        timeout: float = 10,
    ) -> None:
        self.address = address.rstrip("/")
        parts = urlsplit(self.address)
        self.host = parts.hostname or ""
        self.https = parts.scheme == "https"
        self.port = parts.port or (443 if self.https else 80)
        self.connect = connect
        self.connect_http = connect_http
        self.context = ssl.create_default_context(cafile=cafile)
        self.timeout = timeout

    def _where(self, connect: str | None, port: int) -> tuple[str, int]:
        if not connect:
            return self.host, port
        host, _, number = connect.rpartition(":")
        return host, int(number)

    def get(self, url: str, encoding: str = "identity") -> Response:
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"Host": parts.netloc, "User-Agent": USER_AGENT, "Accept-Encoding": encoding}
        if parts.scheme == "https":
            host, port = self._where(self.connect, parts.port or 443)
            raw = socket.create_connection((host, port), timeout=self.timeout)
            sock = self.context.wrap_socket(raw, server_hostname=parts.hostname)
            connection = http.client.HTTPConnection(parts.hostname, port, timeout=self.timeout)
            connection.sock = sock
        else:
            host, port = self._where(self.connect_http, parts.port or 80)
            connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        try:
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()


class Assets(HTMLParser):
    """The style sheets, scripts, icons and pictures a page uses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("href"):
            rels = set((values.get("rel") or "").split())
            if rels & {"stylesheet", "icon", "apple-touch-icon", "manifest", "modulepreload"}:
                self.found.add(values["href"] or "")
        elif tag in ("script", "img") and values.get("src"):
            self.found.add(values["src"] or "")


def expected_headers() -> dict[str, str]:
    """pelicanconf.py's SECURITY_HEADERS: what every response of the site must carry."""
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    return dict(pelicanconf.SECURITY_HEADERS)


def decode(response: Response) -> bytes:
    encoding = response.header("Content-Encoding").lower()
    if encoding == "gzip":
        return gzip.decompress(response.body)
    if encoding == "br":
        import brotli

        return brotli.decompress(response.body)
    return response.body


def check_site(client: Client) -> dict[str, Result]:
    results = {name: Result(name) for name in CHECKS}
    base = client.address + "/"
    wanted = expected_headers()

    def headers_of(label: str, response: Response) -> None:
        results["headers"].looked_at += 1
        for name, value in wanted.items():
            got = response.headers.get_all(name) or []
            if got != [value]:
                shown = " | ".join(got) if got else "missing"
                results["headers"].problems.append(f"{label}: {name} is {shown}")

    sitemap = client.get(base + "sitemap.xml")
    if sitemap.status != 200:
        results["pages"].problems.append(f"sitemap.xml: HTTP {sitemap.status}")
        return results
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    pages = [
        loc.text or "" for loc in ET.fromstring(decode(sitemap)).iterfind(".//s:loc", namespace)
    ]
    assets: set[str] = set()
    bodies: dict[str, bytes] = {}
    for url in pages:
        label = url.removeprefix(client.address) or "/"
        if not url.startswith(base):
            results["pages"].problems.append(f"{url}: not under {base}")
            continue
        response = client.get(url)
        results["pages"].looked_at += 1
        if response.status != 200 or response.type != "text/html":
            results["pages"].problems.append(f"{label}: HTTP {response.status} {response.type}")
            continue
        bodies[url] = response.body
        headers_of(label, response)
        cache = response.header("Cache-Control")
        results["cache"].looked_at += 1
        if "immutable" in cache:
            results["cache"].problems.append(f"{label}: a page marked immutable ({cache})")
        parser = Assets()
        parser.feed(response.body.decode("utf-8", "replace"))
        assets |= {urljoin(url, found).split("#")[0] for found in parser.found}
    # The search's own files, fetched by its script, not named in a page.
    assets |= {base + "pagefind/pagefind.js", base + "pagefind/pagefind-entry.json"}

    for url in sorted(assets):
        label = url.removeprefix(client.address)
        if not url.startswith(base):
            results["types"].problems.append(f"{url}: loaded from outside the site")
            continue
        response = client.get(url)
        results["types"].looked_at += 1
        suffix = Path(urlsplit(url).path).suffix
        if response.status != 200:
            results["types"].problems.append(f"{label}: HTTP {response.status}")
            continue
        if suffix in TYPES and response.type not in TYPES[suffix]:
            results["types"].problems.append(f"{label}: served as {response.type or 'nothing'}")
        headers_of(label, response)
        bodies[url] = response.body
        if "/theme/css/" in url or "/theme/js/" in url:
            cache = response.header("Cache-Control")
            results["cache"].looked_at += 1
            if f"max-age={YEAR}" not in cache or "immutable" not in cache:
                results["cache"].problems.append(f"{label}: Cache-Control is {cache or 'missing'}")

    for url, identity in sorted(bodies.items()):
        label = url.removeprefix(client.address) or "/"
        plain = client.get(url)
        if plain.type not in COMPRESSIBLE:
            continue
        for encoding, required in (("gzip", True), ("br", False)):
            response = client.get(url, encoding)
            results["compression"].looked_at += 1
            got = response.header("Content-Encoding").lower()
            if got != encoding:
                if required:
                    shown = got or "no encoding"
                    results["compression"].problems.append(f"{label}: asked for gzip, got {shown}")
                continue
            vary = {v.strip().lower() for v in response.header("Vary").split(",")}
            if "accept-encoding" not in vary:
                results["compression"].problems.append(
                    f"{label} ({encoding}): no Vary: Accept-Encoding"
                )
            if response.type != plain.type:
                results["compression"].problems.append(
                    f"{label} ({encoding}): served as {response.type}, not {plain.type}"
                )
            if response.header("Content-Language"):
                results["compression"].problems.append(
                    f"{label} ({encoding}): Content-Language {response.header('Content-Language')}"
                )
            try:
                same = decode(response) == identity
            except Exception as error:  # a body that does not decode is the finding
                same = False
                results["compression"].problems.append(f"{label} ({encoding}): {error}")
            if not same:
                results["compression"].problems.append(f"{label} ({encoding}): other bytes")

    missing = base + f"no-such-page-{secrets.token_hex(4)}/"
    response = client.get(missing)
    page_404 = client.get(base + "404.html")
    results["not-found"].looked_at += 1
    if response.status != 404:
        results["not-found"].problems.append(f"a missing address answered HTTP {response.status}")
    elif response.body != page_404.body or page_404.status != 200:
        results["not-found"].problems.append("a missing address did not get the site's 404 page")
    headers_of("the 404 page", response)

    if client.https:
        for url in pages[:1] + [p for p in pages[1:] if "/faq/" in p]:
            plain_url = "http://" + url.split("://", 1)[1]
            results["https"].looked_at += 1
            try:
                response = client.get(plain_url)
            except OSError as error:
                results["https"].problems.append(f"{plain_url}: {error}")
                continue
            location = response.header("Location")
            if response.status not in (301, 308) or location != url:
                results["https"].problems.append(
                    f"{plain_url}: HTTP {response.status} to {location or 'nowhere'}, not {url}"
                )
    else:
        results["https"].problems.append(f"{client.address} is not an https:// address")

    for folder in ("theme/", "theme/css/"):
        response = client.get(base + folder)
        results["no-listing"].looked_at += 1
        if response.status not in (403, 404):
            results["no-listing"].problems.append(f"/{folder}: HTTP {response.status}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("address", help="the site's address, as SITEURL: https://example.org/x")
    parser.add_argument("--connect", help="HOST:PORT to send the HTTPS requests to")
    parser.add_argument("--connect-http", help="HOST:PORT to send the plain HTTP requests to")
    parser.add_argument("--cafile", help="a certificate to trust (a test or staging server's)")
    args = parser.parse_args(argv)
    if urlsplit(args.address).scheme not in ("http", "https"):
        print(
            f"{args.address}: give the site's address, such as https://example.org", file=sys.stderr
        )
        return 2
    client = Client(args.address, args.connect, args.connect_http, args.cafile)
    try:
        results = check_site(client)
    except (OSError, ssl.SSLError, http.client.HTTPException, ET.ParseError) as error:
        print(f"{args.address}: {error}", file=sys.stderr)
        return 1
    failed = 0
    for name, result in results.items():
        mark = "ok  " if not result.problems else "FAIL"
        print(f"{mark} {name:<12} {CHECKS[name]} ({result.looked_at} looked at)")
        for problem in result.problems[:20]:
            print(f"       {problem}")
        if len(result.problems) > 20:
            print(f"       ... and {len(result.problems) - 20} more")
        failed += bool(result.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
