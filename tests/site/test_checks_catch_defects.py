"""Each site check, run on a fixture site with one deliberate defect per page,
reports that defect and nothing on the good page. This is what shows the checks can fail."""

from pathlib import Path

import pytest
from support import sitecheck

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "defect-site"


@pytest.fixture(scope="module")
def fixture_site():
    return sitecheck.Site(FIXTURE)


PER_PAGE = [
    (sitecheck.check_title, "no-title/index.html", "no <title>"),
    (sitecheck.check_one_h1, "two-h1/index.html", "has 2 <h1>"),
    (
        sitecheck.check_internal_links,
        "broken-link/index.html",
        "/no-such-page/, which is not in the site",
    ),
    (sitecheck.check_internal_links, "missing-anchor/index.html", "has no id 'no-such-id'"),
    (sitecheck.check_has_helpline_link, "no-helpline/index.html", "no helpline link"),
    (
        sitecheck.check_tel_links_canonical,
        "wrong-tel/index.html",
        "'tel:01234567890' is not the helpline",
    ),
    (
        sitecheck.check_mailto_links,
        "bad-mailto/index.html",
        "'mailto:someone' is not a well-formed",
    ),
    (
        sitecheck.check_external_links,
        "http-link/index.html",
        "'http://example.org/' is not a well-formed https",
    ),
    (
        sitecheck.check_heading_levels,
        "skipped-heading/index.html",
        "<h3> 'Too deep' follows an <h1>",
    ),
    (sitecheck.check_images_have_alt, "no-alt/index.html", "has no alt attribute"),
    (sitecheck.check_no_root_relative_links, "root-relative/index.html", "'/good/' starts with /"),
    (sitecheck.check_alt_text_says_something, "empty-alt/index.html", "does not say what it shows"),
    (sitecheck.check_link_text, "click-here/index.html", "'click here' does not say where"),
    (sitecheck.check_unique_ids, "duplicate-id/index.html", "the id 'main-content' is used twice"),
]


@pytest.mark.parametrize(
    ("check", "path", "message"), PER_PAGE, ids=[p[1].split("/")[0] for p in PER_PAGE]
)
def test_each_check_reports_its_defect(fixture_site, check, path, message):
    problems = check(fixture_site.by_path[path])
    assert len(problems) == 1
    assert message in problems[0]


@pytest.mark.parametrize("check", sorted({p[0] for p in PER_PAGE}, key=lambda c: c.__name__))
def test_each_check_passes_the_good_page(fixture_site, check):
    assert check(fixture_site.by_path["good/index.html"]) == []


def test_duplicate_titles_are_reported(fixture_site):
    problems = sitecheck.check_unique_titles(fixture_site.pages)
    assert problems == [
        "good/index.html has the same title as duplicate-title/index.html: 'Good page'"
    ]


def test_a_page_no_link_reaches_is_reported_as_an_orphan(fixture_site):
    assert sitecheck.check_no_orphans(fixture_site) == [
        "orphan/index.html is not linked from any page reachable from the home page"
    ]


def test_every_check_of_the_built_pages_runs_in_every_build():
    """What the build runs after Pelican (plugins/site_checks check_output, the function its
    finalized handler calls) finds every fixture's defect: no check lives only in the tests.
    And every check the tests call on the real site is in the build's table."""
    from site_checks.site_checks import PER_PAGE as IN_THE_BUILD
    from site_checks.site_checks import check_output

    problems = check_output(FIXTURE, sitecheck.SITE_ORIGIN + "/", sitecheck.HELPLINE_TEL, {})
    for check, path, message in PER_PAGE:
        assert any(p == path and message in m for p, m in problems), (check.__name__, path)
    per_page_in_tests = {c for c, _, _ in PER_PAGE} - {sitecheck.check_internal_links}
    assert per_page_in_tests <= set(IN_THE_BUILD.values())
    assert any("has the same title as" in m for _, m in problems)
    assert any("is not linked from any page" in m for _, m in problems)
