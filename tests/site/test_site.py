"""Whole-site properties of the real built site."""

from support import sitecheck
from support.sitebuild import ROOT


def test_page_titles_are_unique(site):
    assert sitecheck.check_unique_titles(site.pages) == []


def test_every_page_is_reachable_from_the_home_page(site):
    assert sitecheck.check_no_orphans(site) == []


def test_every_page_the_issue_names_is_built(site):
    expected = [
        "index.html",
        "campaigns/index.html",
        "campaigns/north-west-england/index.html",
        "campaigns/west-yorkshire/index.html",
        "campaigns/scotland/index.html",
        "faq/index.html",
        "resources/index.html",
        "resources/helpline/index.html",
        "resources/get-help/index.html",
        "resources/family-and-friends/index.html",
        "resources/the-law/index.html",
        "resources/about/index.html",
        "resources/press/index.html",
        "news/index.html",
        "news/north-west-england-campaign-launches/index.html",
        "news/west-yorkshire-campaign-launches/index.html",
        "staying-safe-online/index.html",
        "accessibility/index.html",
        "sitemap/index.html",
        "404.html",
    ]
    missing = [path for path in expected if path not in site.by_path]
    assert missing == []


def test_the_news_feed_is_built_with_both_launches(site):
    feed = (site.root / "news" / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2


def test_the_faq_has_at_least_twelve_questions_each_with_its_own_anchor(site):
    faq = site.by_path["faq/index.html"]
    questions = faq.soup.select(".app-faq[id]")
    assert len(questions) >= 12
    assert len({q["id"] for q in questions}) == len(questions)


def test_the_home_page_lists_every_campaign_from_its_front_matter(site):
    """Adding a campaign is one file: every published one is listed, with no hand-kept list."""
    campaigns = ROOT / "content" / "campaigns"
    published = {
        f"./campaigns/{p.stem}/"
        for p in campaigns.glob("*.md")
        if "\nstatus: draft" not in p.read_text(encoding="utf-8")
    }
    home = site.by_path["index.html"]
    linked = {a["href"] for a in home.soup.select(".app-campaign-list a")}
    assert len(published) >= 3
    assert linked == published


def test_every_folder_and_file_of_the_build_is_readable_by_every_user(site):
    """A web server's worker runs as another user: folders 0755, files 0644, the top too."""
    wrong = [
        f"{path.relative_to(site.root.parent)}: {oct(path.stat().st_mode & 0o777)}"
        for path in [site.root, *site.root.rglob("*")]
        if path.stat().st_mode & 0o777 != (0o755 if path.is_dir() else 0o644)
    ]
    assert wrong == []


def test_every_script_is_named_so_that_any_host_serves_it_as_javascript(site):
    """Browsers refuse an ES module served with a type that is not JavaScript, and a host's
    default types (Debian's nginx 1.22 among them) do not all know .mjs: every script is .js."""
    scripts = {
        script["src"].split("?")[0].rsplit("/", 1)[-1]
        for page in site.pages
        for script in page.soup.select("script[src]")
    }
    scripts |= {p.name for p in site.root.rglob("*") if p.suffix in {".js", ".mjs", ".cjs"}}
    assert len(scripts) >= 2
    assert sorted(name for name in scripts if not name.endswith(".js")) == []


def test_a_long_page_lists_its_own_headings_at_the_top_and_a_short_one_or_home_does_not(site):
    long_pages = 0
    # News items are short reports, laid out as articles without a contents list.
    for page in (p for p in site.pages if not p.path.startswith("news/")):
        headings = [f"#{h['id']}" for h in page.soup.select("main .app-prose h2[id]")]
        nav = page.soup.select_one('nav[aria-labelledby="app-contents-list-heading"]')
        if page.path == "index.html" or len(headings) < 3:
            assert nav is None, page.path
        else:
            long_pages += 1
            assert [a["href"] for a in nav.select("a")] == headings, page.path
    assert long_pages >= 5


def test_campaign_pages_end_their_related_links_with_family_help_and_the_campaign_questions(site):
    for slug in ("north-west-england", "west-yorkshire", "scotland"):
        page = site.by_path[f"campaigns/{slug}/index.html"]
        links = [(a.get_text(), a["href"]) for a in page.soup.select(".app-related-links a")]
        assert links[-2:] == [
            ("Help for family and friends", "../../resources/family-and-friends/"),
            ("Questions about the campaigns", "../../faq/#campaigns"),
        ]
        others = [href for _, href in links[:-2]]
        assert others, page.path  # the other campaigns first
        assert all(h.startswith("../../campaigns/") for h in others), others
        assert f"../../campaigns/{slug}/" not in others


def test_breadcrumbs_end_with_the_page_itself_and_a_poster_one_step_below_its_campaign(site):
    for page in site.pages:
        crumbs = [li.get_text(strip=True) for li in page.soup.select(".app-breadcrumbs__item")]
        if page.path == "index.html":
            assert crumbs == []
            continue
        assert crumbs[0] == "Home", page.path
        if page.path.endswith("poster/index.html"):
            campaign = site.by_path[page.path.replace("poster/", "")].soup.h1.get_text(strip=True)
            assert crumbs[-3:] == ["Campaigns", campaign, "Poster"], page.path
        else:
            assert crumbs[-1] == page.soup.h1.get_text(strip=True), page.path


def test_the_search_words_are_the_words_an_html_parser_reads_in_each_searched_region(site):
    """pagefind/words.json is read from the built pages without a parse tree (about ten times
    faster); for every page it must find exactly the words a real HTML parser finds."""
    from build_steps.search_index import SEARCH_WORD, searched_text

    compared = 0
    for page in site.pages:
        region = page.soup.find(attrs={"data-pagefind-body": True})
        parsed = set(SEARCH_WORD.findall(region.get_text(" ").lower())) if region else set()
        assert set(SEARCH_WORD.findall(searched_text(page.text).lower())) == parsed, page.path
        compared += bool(parsed)
    assert compared >= 20  # most pages are searched
