"""Every page of the real built site, one test per check, the page's path as the test id."""

import re

from support import sitecheck


def test_every_page_has_a_non_empty_title(page):
    assert sitecheck.check_title(page) == []


def test_every_page_has_exactly_one_h1(page):
    assert sitecheck.check_one_h1(page) == []


def test_every_internal_link_and_asset_resolves(page):
    assert sitecheck.check_internal_links(page) == []


def test_every_page_links_to_the_helpline_by_phone(page):
    assert sitecheck.check_has_helpline_link(page) == []


def test_every_tel_link_is_the_canonical_helpline_number(page):
    assert sitecheck.check_tel_links_canonical(page) == []


def test_every_mailto_link_is_well_formed(page):
    assert sitecheck.check_mailto_links(page) == []


def test_every_external_link_is_well_formed_https(page):
    assert sitecheck.check_external_links(page) == []


def test_heading_levels_never_skip(page):
    assert sitecheck.check_heading_levels(page) == []


def test_every_image_has_alt(page):
    assert sitecheck.check_images_have_alt(page) == []


def test_no_link_starts_with_a_slash_that_would_leave_a_sub_path(page):
    assert sitecheck.check_no_root_relative_links(page) == []


def test_every_images_alt_text_says_what_it_shows(page):
    assert sitecheck.check_alt_text_says_something(page) == []


def test_no_link_text_is_only_click_here_or_read_more(page):
    assert sitecheck.check_link_text(page) == []


def help_sequence(page) -> list[str]:
    """The help that every page offers, in document order, with where it sits."""
    items = []
    for a in page.soup.find_all("a", href=True):
        # The search page's "nothing found" help is shown only when a search finds nothing,
        # as well as the help every page has: it is not part of the page as loaded.
        if a.find_parent(attrs={"data-search-none": True}):
            continue
        region = a.find_parent(["header", "section", "aside", "main", "footer"])
        where = region.get("class", [region.name])[0] if region else "body"
        if a["href"] == sitecheck.HELPLINE_TEL and where in ("app-safety-bar", "app-help-block"):
            items.append(f"{where}: helpline")
        if a["href"] == "https://get-help.stopitnow.org.uk/" and where == "app-help-block":
            items.append(f"{where}: Get Help")
    return items


def test_help_is_in_the_same_place_and_order_on_every_page(page, site):
    """WCAG 3.2.6 consistent help: compared with the home page."""
    expected = help_sequence(site.by_path["index.html"])
    assert expected == [
        "app-safety-bar: helpline",
        "app-help-block: helpline",
        "app-help-block: Get Help",
    ]
    assert help_sequence(page) == expected


def test_the_help_block_says_the_helpline_is_free_and_confidential(page):
    block = page.soup.find("aside", class_="app-help-block")
    assert block is not None and "free and confidential" in block.get_text()


def test_no_published_page_carries_the_previews_reload_script(page):
    assert "__preview" not in str(page.soup)


def test_the_staying_safe_page_says_what_the_exit_does_and_cannot_do(site):
    """What the exit does to the history (the page left is replaced, so Back skips it) and
    what no page can do (remove the pages seen before it), in the words a reader meets."""
    page = site.by_path["staying-safe-online/index.html"]
    text = " ".join(page.soup.find("main").get_text(" ").split()).replace("\u2019", "'")
    assert "takes the page you were reading out of the browser's Back button" in text
    assert "cannot remove the other pages of this site that you looked at before" in text


HELP_LINK = re.compile(
    r"resources/(helpline|get-help|family-and-friends)/|^tel:|^https://get-help\.stopitnow\.org\.uk/"
)
# Pages about the campaigns or the charity, not pages a reader comes to for help.
NOT_HELP_PAGES = {"resources/about/index.html", "resources/press/index.html"}


def test_every_faq_answer_and_help_page_leads_to_help_in_its_own_words(site):
    """Each FAQ answer, and each help page's own text (not the help block every page has),
    links to the helpline, the Get Help website or the page for family and friends."""
    missing = []
    faq = site.by_path["faq/index.html"].soup
    answers = faq.select(".app-faq")
    for answer in answers:
        links = [a["href"] for a in answer.select(".app-faq__answer a[href]")]
        if not any(HELP_LINK.search(href) for href in links):
            missing.append(f"FAQ #{answer['id']}")
    helps = [p for p in site.pages if p.path.startswith("resources/") and p.path.count("/") == 2]
    for page in helps:
        if page.path in NOT_HELP_PAGES:
            continue
        body = page.soup.select_one("main .app-prose")
        links = [a["href"] for a in body.select("a[href]")] if body else []
        if not any(HELP_LINK.search(href) for href in links):
            missing.append(page.path)
    assert len(answers) >= 15 and len(helps) >= 4
    assert missing == []


def test_no_id_is_used_twice_on_a_page(page):
    assert sitecheck.check_unique_ids(page) == []
