"""The navigation plugin: headings from the Markdown toc extension, breadcrumbs, and the
links around a page, as plain data for templates."""

from types import SimpleNamespace

from markdown import Markdown
from navigation import navigation

PARENTS = {"settings": {"BREADCRUMB_PARENTS": {"resources": ("Help", "resources/")}}}


def headings(text: str) -> list[tuple[str, str]]:
    md = Markdown(extensions=["toc", "smarty"])
    md.convert(text)
    return navigation.contents_from_tokens(md.toc_tokens)


def test_the_contents_are_the_level_two_headings_in_order_with_their_ids():
    text = "## First\n\n### Inside\n\n## Don't *stop*\n\n#### Deep\n\n## Last & least\n"
    assert headings(text) == [
        ("first", "First"),
        ("dont-stop", "Don\u2019t stop"),
        ("last-least", "Last & least"),
    ]


def test_headings_under_a_top_heading_are_still_found_and_a_lone_h3_is_not():
    assert headings("# Title\n\n## Under it\n\n### Not this\n") == [("under-it", "Under it")]
    assert headings("### Only a small heading\n") == []


def item(url: str, title: str = "A page") -> SimpleNamespace:
    return SimpleNamespace(url=url, title=title)


def test_breadcrumbs_go_home_then_the_section_then_the_page():
    crumbs = navigation.breadcrumbs(item("resources/x/"), "resources", **PARENTS)
    assert crumbs == [("Home", ""), ("Help", "resources/"), ("A page", "resources/x/")]


def test_a_page_outside_a_section_has_no_middle_crumb_and_the_home_page_none():
    assert navigation.breadcrumbs(item("privacy/"), "pages", **PARENTS) == [
        ("Home", ""),
        ("A page", "privacy/"),
    ]
    assert navigation.breadcrumbs(item(""), "pages", **PARENTS) == []


def test_related_pages_default_to_the_next_in_the_collection_wrapping_round():
    items = list("abcd")
    assert navigation.default_related(items, "c", 3) == ["d", "a", "b"]
    assert navigation.neighbours(items, "a") == (None, "b")


def test_a_draft_not_in_its_collection_gets_no_neighbours_and_the_first_items_as_related():
    items = list("abcd")
    assert navigation.neighbours(items, "draft") == (None, None)
    assert navigation.default_related(items, "draft", 3) == ["a", "b", "c"]
