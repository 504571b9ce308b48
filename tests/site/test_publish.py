"""The production build (make publish): at the root of a domain and under a sub-path,
served over HTTP as a static host would, with its metadata and headers files."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import urllib.error
import urllib.request

import brotli
import pytest
from devserver import production_headers
from support import sitecheck
from support.serving import serve
from support.sitebuild import PUBLISHED_AT, ROOT, ROOT_URL, built_site


@pytest.fixture(scope="module", params=PUBLISHED_AT, ids=["root", "sub-path"])
def published(request):
    return built_site("publishconf.py", request.param)


@pytest.fixture(scope="module")
def at_root():
    return built_site("publishconf.py", ROOT_URL)


def internal_urls(site: sitecheck.Site) -> set[str]:
    urls = set()
    for page in site.pages:
        for _, value in sitecheck.links(page):
            target = sitecheck.internal_target(page, value)
            if target is not None:
                urls.add(target[0])
    return urls


def test_every_internal_link_resolves_in_the_published_build(published):
    problems = [p for page in published.pages for p in sitecheck.check_internal_links(page)]
    assert problems == []


def test_every_internal_link_is_served_over_http_at_its_address(published):
    """Rewrite the site's host to a local server that serves only under the site's path."""
    server, local = serve(published.root, published.prefix)
    try:
        failures = []
        for path in sorted(internal_urls(published)):
            try:
                with urllib.request.urlopen(local + path, timeout=5) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200:
                failures.append(f"{path}: HTTP {status}")
        assert failures == []
        assert len(internal_urls(published)) >= len(published.pages)
    finally:
        server.shutdown()


def test_every_published_link_uses_the_absolute_site_address(published):
    relative = [
        f"{page.path}: {value}"
        for page in published.pages
        for attribute, value in sitecheck.links(page)
        if value.startswith(("./", "../"))
    ]
    assert relative == []


def test_every_page_has_a_canonical_link_to_its_own_address(published):
    wrong = []
    for page in published.pages:
        if page.path == "404.html":
            continue
        link = page.soup.find("link", rel="canonical")
        if link is None or link["href"] != page.address:
            wrong.append(f"{page.path}: {link and link['href']}")
    assert wrong == []


def test_every_page_has_a_unique_meta_description(at_root):
    seen: dict[str, str] = {}
    problems = []
    for page in at_root.pages:
        meta = page.soup.find("meta", attrs={"name": "description"})
        text = meta["content"].strip() if meta else ""
        if not text:
            problems.append(f"{page.path}: no description")
        elif text in seen:
            problems.append(f"{page.path}: same description as {seen[text]}")
        seen.setdefault(text, page.path)
    assert problems == []


def test_every_page_has_open_graph_and_twitter_tags_with_the_share_image(at_root):
    missing = []
    for page in at_root.pages:
        for prop in ("og:title", "og:description", "og:url", "og:image", "og:type"):
            if not page.soup.find("meta", attrs={"property": prop}):
                missing.append(f"{page.path}: {prop}")
        if not page.soup.find("meta", attrs={"name": "twitter:card"}):
            missing.append(f"{page.path}: twitter:card")
    assert missing == []
    image = at_root.pages[0].soup.find("meta", attrs={"property": "og:image"})["content"]
    assert (at_root.root / image.removeprefix(ROOT_URL + "/")).is_file()


def test_every_page_sets_the_referrer_policy_and_csp_as_meta_tags(at_root):
    missing = [
        page.path
        for page in at_root.pages
        if not page.soup.find("meta", attrs={"name": "referrer", "content": "no-referrer"})
        or not page.soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    ]
    assert missing == []


def test_the_sitemap_lists_every_published_page_with_a_lastmod(at_root):
    xml = (at_root.root / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>([^<]+)</loc><lastmod>(\d{4}-\d{2}-\d{2})</lastmod>", xml))
    pages = {p.address for p in at_root.pages if p.path != "404.html"}
    assert pages - set(entries) == set()


def test_robots_txt_names_the_sitemap(at_root):
    robots = (at_root.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {ROOT_URL}/sitemap.xml" in robots.splitlines()


def test_the_404_page_uses_absolute_addresses_so_it_works_at_any_depth(at_root):
    page = at_root.by_path["404.html"]
    stylesheet = page.soup.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith(ROOT_URL + "/theme/css/main.")


def test_css_and_js_names_carry_a_hash_of_their_content(at_root):
    assets = list((at_root.root / "theme").rglob("*.css")) + list(
        (at_root.root / "theme").rglob("*.js")
    )
    assert len(assets) >= 2
    for asset in assets:
        digest = asset.name.split(".")[-2]
        assert digest == hashlib.sha256(asset.read_bytes()).hexdigest()[:10], asset.name


def test_only_the_search_pages_pagefind_files_are_published(at_root):
    """The search page uses Pagefind's API; its ready-made interfaces are not published."""
    from build_steps.search_index import READY_MADE_INTERFACES

    folder = at_root.root / "pagefind"
    assert (folder / "pagefind.js").is_file()
    assert [name for name in READY_MADE_INTERFACES if (folder / name).exists()] == []
    assert not list(folder.glob("pagefind-*ui*")) + list(folder.glob("*highlight*"))


def test_every_text_file_has_gzip_and_brotli_copies_with_the_same_bytes(at_root):
    texts = [p for p in at_root.root.rglob("*") if p.suffix in {".html", ".css", ".js", ".xml"}]
    assert texts
    for file in texts:
        data = file.read_bytes()
        assert gzip.decompress(file.with_name(file.name + ".gz").read_bytes()) == data
        assert brotli.decompress(file.with_name(file.name + ".br").read_bytes()) == data


def test_the_headers_file_sets_every_security_header_without_unsafe_inline(at_root):
    headers = (at_root.root / "_headers").read_text(encoding="utf-8")
    csp = re.search(r"Content-Security-Policy: (.+)", headers)[1]
    for directive in (
        "default-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in headers
    assert "Referrer-Policy: no-referrer" in headers
    assert "X-Content-Type-Options: nosniff" in headers
    assert "Strict-Transport-Security: max-age=" in headers
    permissions = re.search(r"Permissions-Policy: (.+)", headers)[1]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"):
        assert feature in permissions


def test_the_nginx_snippet_sends_every_header_of_the_headers_file_with_the_same_value(at_root):
    headers = production_headers(at_root.root)
    nginx = (ROOT / "deploy" / "nginx-security-headers.conf").read_text(encoding="utf-8")
    assert len(headers) >= 8
    for name, value in headers.items():
        assert f'add_header {name} "{value}" always;' in nginx


def test_the_nginx_editor_snippet_sends_the_sites_headers_with_the_editors_in_their_place():
    """deploy/nginx-editor-headers.conf, for /admin/ on nginx (a location of its own drops the
    server's add_header lines, so it states them all): every header of the site, each as the
    site sends it, except the editor's own (browser_editor.admin_headers, as a publish build
    makes them), nothing else."""
    from browser_editor.browser_editor import DEFAULTS, admin_headers

    from pelicanconf import SECURITY_HEADERS

    wanted = {**SECURITY_HEADERS, **admin_headers(DEFAULTS)}
    snippet = (ROOT / "deploy" / "nginx-editor-headers.conf").read_text(encoding="utf-8")
    sent = dict(re.findall(r'(?m)^add_header (\S+) "(.*)" always;$', snippet))
    assert sent == wanted


def test_the_headers_cache_rules_start_with_the_sites_sub_path(published):
    rules = [
        line
        for line in (published.root / "_headers").read_text().splitlines()
        if line.startswith("/")
    ]
    prefix = published.prefix.rstrip("/")
    assert rules == ["/*", f"{prefix}/theme/css/*", f"{prefix}/theme/js/*"]
    for folder in ("css", "js"):
        assert any((published.root / "theme" / folder).iterdir())


def test_the_headers_keep_other_sites_windows_and_embeds_out(at_root):
    headers = production_headers(at_root.root)
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_the_nginx_example_sends_plain_http_to_https():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    plain = re.search(r"server \{\s*listen 80;(.*?)\n\}", nginx, re.S)
    assert plain is not None
    assert "return 301 https://$host$request_uri;" in plain[1]


def test_netlify_builds_with_make_publish_into_output():
    import tomllib

    netlify = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert "make publish" in netlify["build"]["command"]
    assert netlify["build"]["publish"] == "output"


def make_publish(python: str) -> subprocess.CompletedProcess:
    """make publish with the build replaced by `true` (a build that succeeded) or `false`
    (one that failed): what the target says after it, without building the site again."""
    return subprocess.run(
        ["make", "--no-print-directory", "publish", f"PYTHON={python}", "OUTPUTDIR=output"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "SITEURL": ROOT_URL},
    )  # fmt: skip


def test_make_publish_ends_by_saying_what_to_upload_and_where_each_hosts_steps_are():
    done = make_publish("true")
    assert done.returncode == 0, done.stderr
    said = done.stdout.split("\n\n", 1)[1]
    assert said.startswith(f"Built for {ROOT_URL} into output/.\n")
    assert "upload everything inside output/ (its contents, not the folder itself)" in said
    assert "hidden files included: .htaccess starts with a dot" in said
    assert said.rstrip().endswith("docs/hosting.md")
    hosting = (ROOT / "docs" / "hosting.md").read_text(encoding="utf-8")
    for host in ("GitHub Pages", "Netlify", "a server you copy files to"):
        assert host in said
        assert re.search(rf"^### .*{host}", hosting, re.M | re.I), host
    failed = make_publish("false")  # and only after a build that succeeded
    assert failed.returncode != 0
    assert "upload" not in failed.stdout + failed.stderr


def test_netlifys_deploy_previews_are_built_for_their_own_address_not_the_live_sites():
    """$URL is the live site's address on every deploy; a pull request's preview built with
    it would lead every link away from the preview."""
    import tomllib

    netlify = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert netlify["build"]["command"] == "SITEURL=$URL make publish"
    for context in ("deploy-preview", "branch-deploy"):
        assert netlify["context"][context]["command"] == "SITEURL=$DEPLOY_PRIME_URL make publish"


STRUCTURED_REQUIRED = {
    "NGO": ["name", "url", "contactPoint"],
    "BreadcrumbList": ["itemListElement"],
    "FAQPage": ["mainEntity"],
    "NewsArticle": ["headline", "datePublished", "author", "publisher"],
    "WebPage": ["name", "url", "about", "spatialCoverage"],
}


def structured_data(site: sitecheck.Site) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for page in site.pages:
        for script in page.soup.find_all("script", type="application/ld+json"):
            found.setdefault(page.path, []).append(json.loads(script.string))
    return found


def test_every_json_ld_block_parses_and_has_its_types_required_properties(at_root):
    problems = []
    for path, blocks in structured_data(at_root).items():
        for block in blocks:
            kind = block.get("@type")
            if block.get("@context") != "https://schema.org" or kind not in STRUCTURED_REQUIRED:
                problems.append(f"{path}: unexpected block {kind!r}")
                continue
            problems += [
                f"{path}: {kind} lacks {prop}"
                for prop in STRUCTURED_REQUIRED[kind]
                if not block.get(prop)
            ]
    assert problems == []


def test_structured_data_describes_only_what_each_page_shows(at_root):
    data = structured_data(at_root)
    types = {path: {b["@type"] for b in blocks} for path, blocks in data.items()}
    assert types["index.html"] == {"NGO"}
    ngo = data["index.html"][0]
    assert ngo["contactPoint"]["@type"] == "ContactPoint"
    assert ngo["contactPoint"]["telephone"] == "+44 808 1000 900"
    # The releases: "Stop it Now! UK and Ireland"; GB alone left out Northern Ireland and Ireland.
    assert [a["name"] for a in ngo["contactPoint"]["areaServed"]] == ["United Kingdom", "Ireland"]
    assert types["faq/index.html"] == {"BreadcrumbList", "FAQPage"}
    faq = next(b for b in data["faq/index.html"] if b["@type"] == "FAQPage")
    shown = at_root.by_path["faq/index.html"].soup.select(".app-faq__question")
    assert [q["name"] for q in faq["mainEntity"]] == [h.get_text(strip=True) for h in shown]
    assert types["campaigns/west-yorkshire/index.html"] == {"BreadcrumbList", "WebPage"}
    campaign = next(
        b for b in data["campaigns/west-yorkshire/index.html"] if b["@type"] == "WebPage"
    )
    assert campaign["spatialCoverage"]["name"] == "West Yorkshire"
    news = data["news/west-yorkshire-campaign-launches/index.html"]
    assert {b["@type"] for b in news} == {"BreadcrumbList", "NewsArticle"}
    assert next(b for b in news if b["@type"] == "NewsArticle")["datePublished"].startswith(
        "2019-03-14"
    )


def test_every_published_page_is_valid_html(published):
    from test_html_validity import report, site_report

    assert published.base_url.rstrip("/") in PUBLISHED_AT  # so the one vnu run checked it
    assert {str(p.resolve()) for p in published.root.rglob("*.html")} <= set(report()[0])
    assert site_report(published.root) == {}


def headers_rules(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The _headers file as Netlify and Cloudflare Pages read it: a line that starts with / is
    a path, the indented "Name: value" lines under it are its headers, # starts a comment."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def rule_matches(rule: str, path: str) -> bool:
    """Both hosts' documented path rules: * (a splat) matches any characters, / included;
    :name matches one segment; everything else is literal and case-sensitive."""
    pattern = "".join(
        ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
        for part in re.split(r"(\*|:[A-Za-z]+)", rule)
    )
    return re.fullmatch(pattern, path) is not None


def request_paths(site: sitecheck.Site) -> list[str]:
    """Every path a reader's browser asks for: each file, and each folder with an index."""
    prefix = site.prefix.rstrip("/")
    paths = []
    for file in site.root.rglob("*"):
        if file.is_file() and file.suffix not in {".gz", ".br"}:
            relative = file.relative_to(site.root).as_posix()
            paths.append(f"{prefix}/{relative}")
            if file.name == "index.html":
                paths.append(f"{prefix}/{relative.removesuffix('index.html')}")
    return sorted(paths)


def test_the_headers_file_gives_every_response_each_header_once_under_the_hosts_rules(published):
    """Cloudflare Pages joins the values of every rule that matches a path with commas, and
    Netlify's rules also all apply: so no header may be set by two rules that match one path,
    or a path would get a joined value (a Cache-Control of "max-age=300, max-age=31536000").
    Every path gets every security header, and the hashed CSS and JS the year-long cache."""
    from pelicanconf import SECURITY_HEADERS

    rules = headers_rules((published.root / "_headers").read_text(encoding="utf-8"))
    # The hosts' documented limits: 100 rules, 2,000 characters a line, one splat a path.
    assert 0 < len(rules) <= 100
    assert all(rule.startswith("/") and rule.count("*") <= 1 for rule, _ in rules)
    assert all(len(f"  {n}: {v}") <= 2000 for _, headers in rules for n, v in headers)
    problems = []
    paths = request_paths(published)
    for path in paths:
        given: dict[str, list[str]] = {}
        for rule, headers in rules:
            if rule_matches(rule, path):
                for name, value in headers:
                    given.setdefault(name.lower(), []).append(value)
        for name, values in given.items():
            if len(values) > 1:
                problems.append(f"{path}: {name} set by {len(values)} rules")
        for name, value in SECURITY_HEADERS.items():
            if given.get(name.lower()) != [value]:
                problems.append(f"{path}: {name} is {given.get(name.lower())}")
        hashed = re.search(r"/theme/(css|js)/[^/]+$", path)
        cache = given.get("cache-control")
        if hashed and cache != ["public, max-age=31536000, immutable"]:
            problems.append(f"{path}: Cache-Control {cache}")
        if not hashed and cache:
            problems.append(f"{path}: Cache-Control {cache} on a file whose name has no hash")
    assert len(paths) > 50
    assert problems == []


def test_the_headers_rule_matcher_follows_the_documented_examples():
    assert rule_matches("/*", "/")
    assert rule_matches("/*", "/campaigns/theme/css/main.css")
    assert rule_matches("/campaigns/theme/css/*", "/campaigns/theme/css/main.0cd4002582.css")
    assert not rule_matches("/campaigns/theme/css/*", "/theme/css/main.css")
    assert not rule_matches("/theme/css/*", "/Theme/css/main.css")
    assert rule_matches("/movies/:title", "/movies/jaws")
    assert not rule_matches("/movies/:title", "/movies/jaws/cast")
