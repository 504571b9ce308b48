"""Every promise docs/editing.md makes to editors, and the test that keeps it.

Each promise is quoted exactly as the guide says it, so a change to the guide that drops or
rewords a promise fails here until this table follows; each test named must exist."""

from __future__ import annotations

import re

import pytest
from build import ROOT

GUIDE = ROOT / "docs" / "editing.md"
CORPUS = "tests/editing/test_bad_input.py::test_bad_input_fails_the_build_with_its_message_and_keeps_the_output"

# (what the guide promises, the test that proves it)
PROMISES = [
    (
        "the build stops, tells you the file, the line and how to fix it",
        f"{CORPUS}[unknown-field-typo]",
    ),
    (
        "published site stays exactly as it was",
        "tests/editing/test_bad_input.py::test_the_real_content_builds_and_a_corrupted_file_leaves_output_byte_identical",
    ),
    (
        "published site stays exactly as it was",
        "tests/editing/test_atomic_build.py::test_a_kill_at_any_step_leaves_the_old_or_the_new_site_whole_and_the_next_build_cleans_up",
    ),
    (
        "Changing a file's name changes its address and breaks links to it; the build will tell you",
        f"{CORPUS}[broken-filename-link]",
    ),
    (
        "An unknown name is an error (the build\n  suggests the name you probably meant)",
        f"{CORPUS}[unknown-field-typo]",
    ),
    ("If a value contains a colon (`:`), put it in double quotes", f"{CORPUS}[malformed-yaml]"),
    ("Dates are written year-month-day", f"{CORPUS}[invalid-date]"),
    (
        "The checks run automatically on every pull request",
        "tests/editing/test_workflow.py::test_pull_requests_and_pushes_to_main_are_checked_never_with_pull_request_target",
    ),
    (
        "each problem is shown beside the line it is about",
        "tests/editing/test_workflow.py::test_a_failing_build_on_github_actions_prints_annotations_and_writes_the_summary",
    ),
    (
        'The full list is under "Details", in the summary of the check',
        "tests/editing/test_workflow.py::test_a_failing_build_on_github_actions_prints_annotations_and_writes_the_summary",
    ),
    (
        "Nothing is published from a pull request",
        "tests/editing/test_workflow.py::test_nothing_is_published_or_deployed_from_a_pull_request",
    ),
    (
        "the page in your browser reloads by itself",
        "tests/browser/test_devserver.py::test_the_preview_shows_edits_errors_and_recovery_and_stops_cleanly",
    ),
    (
        "the page opens at\na red box that says which file and line to fix",
        "tests/browser/test_devserver.py::test_the_preview_shows_edits_errors_and_recovery_and_stops_cleanly",
    ),
    (
        'A page that does not\nexist shows the site\'s own "Page not found" page',
        "tests/editing/test_preview_server.py::test_a_folder_or_a_missing_page_gets_the_sites_own_404_page_and_no_listing",
    ),
    (
        "The preview answers only on your own computer",
        "tests/editing/test_preview_server.py::test_any_other_host_header_is_refused_so_a_rebinding_page_cannot_read_the_site",
    ),
    (
        "start\nit with your computer's address: `make devserver HOST=192.168.1.20`",
        "tests/editing/test_preview_server.py::test_a_host_given_with_host_is_also_answered",
    ),
    (
        "A new page in `content/pages/` is listed in the site map automatically",
        "tests/site/test_site.py::test_every_page_is_reachable_from_the_home_page",
    ),
    (
        "A test reads every page for numbers that look like\nstatistics and fails if one is not in the data file",
        "tests/site/test_figures_and_posters.py::test_the_statistics_scan_catches_a_retyped_figure",
    ),
    ("never skip a level", f"{CORPUS}[heading-jump]"),
    ("a typo stops the build and names the link", f"{CORPUS}[broken-filename-link]"),
    ("Never start a link with `/`", f"{CORPUS}[root-relative-link]"),
    (
        "The build stops and gives the `{filename}` form to use instead",
        f"{CORPUS}[root-relative-link]",
    ),
    ('"Click here" and "read more" stop the build', f"{CORPUS}[click-here]"),
    ("any other phone number is an error", f"{CORPUS}[wrong-phone-number]"),
    (
        "A typed number, in the text or the description, stops the\n  build and says to write `{helpline}`",
        f"{CORPUS}[typed-helpline]",
    ),
    (
        "A typed number, in the text or the description, stops the\n  build and says to write `{helpline}`",
        f"{CORPUS}[typed-helpline-in-description]",
    ),
    (
        "the build puts in the number as a link\n  that calls it",
        "tests/unit/test_callouts.py::test_the_helpline_placeholder_becomes_the_number_as_a_link_except_in_code",
    ),
    (
        "one\n  change there changes every page",
        "tests/editing/test_helpline_follows_the_settings.py::test_a_new_helpline_in_the_settings_is_the_one_the_checks_the_callouts_and_the_templates_use",
    ),
    ("Every picture needs a description", f"{CORPUS}[image-without-alt]"),
    ("the picture file\n  must be in `content/images/`", f"{CORPUS}[missing-image-file]"),
    (
        "scripts, frames, styles, comments, `javascript:` and `http://` links,\n  and pictures from other websites are refused",
        f"{CORPUS}[raw-script]",
    ),
    (
        "scripts, frames, styles, comments, `javascript:` and `http://` links,\n  and pictures from other websites are refused",
        f"{CORPUS}[external-image]",
    ),
    (
        "a box that adds the helpline number as a link by itself",
        "tests/unit/test_callouts.py::test_a_helpline_call_out_adds_the_canonical_number_as_a_tel_link",
    ),
    (
        'A draft builds and\nshows in `make devserver` with a "Draft" banner',
        "tests/editing/test_scaffolding.py::test_a_new_campaign_builds_as_it_is_and_shows_as_a_draft_in_the_preview",
    ),
    (
        "but is never published",
        "tests/editing/test_scaffolding.py::test_drafts_are_never_published",
    ),
    (
        "A published page must not\nlink to a draft: the build names the link",
        f"{CORPUS}[draft-linked-from-published-page]",
    ),
    (
        "To see exactly what will go live, drafts left out and the live site's security settings on",
        "tests/editing/test_preview_server.py::test_make_publish_preview_serves_under_the_sub_path_with_the_production_headers",
    ),
    (
        "Every problem in every file is listed in one go",
        "tests/editing/test_bad_input.py::test_every_problem_in_every_file_is_reported_in_one_run",
    ),
    ("links to pages or\n`#anchors` that do not exist", f"{CORPUS}[link-to-a-missing-anchor]"),
    (
        "headings that skip\na level, pictures whose description says nothing",
        f"{CORPUS}[alt-text-is-the-file-name]",
    ),
    (
        "fails a page that is too hard to read, naming its hardest\nsentences",
        f"{CORPUS}[hard-to-read]",
    ),
    (
        "It lists each page your\n  change affects, with its address and the words removed",
        "tests/editing/test_pr_summary.py::test_a_realistic_summary_lists_the_number_change_first_then_each_page",
    ),
    (
        "says first if the phone numbers the site may give have changed",
        "tests/editing/test_pr_summary.py::test_a_realistic_summary_lists_the_number_change_first_then_each_page",
    ),
    (
        "the same summary page has a **site** download",
        "tests/editing/test_workflow.py::test_a_pull_request_gets_its_built_site_attached_with_its_hidden_files",
    ),
    (
        "one command unpacks it and shows it",
        "tests/editing/test_pr_summary.py::test_the_one_command_in_the_summary_unpacks_the_downloaded_site_and_serves_it",
    ),
    (
        "link to a **deploy preview**, the whole site built from your pull request",
        "tests/site/test_publish.py::test_netlifys_deploy_previews_are_built_for_their_own_address_not_the_live_sites",
    ),
]


@pytest.mark.parametrize(
    ("promise", "test"), PROMISES, ids=[t.split("::")[1][:60] for _, t in PROMISES]
)
def test_every_promise_of_the_editing_guide_is_in_the_guide_and_names_a_test_that_exists(
    promise, test
):
    guide = GUIDE.read_text(encoding="utf-8")
    assert promise in guide, f"the guide no longer says: {promise!r}"
    path, name = test.split("::")
    function, _, case = name.partition("[")
    source = (ROOT / path).read_text(encoding="utf-8")
    assert re.search(rf"^def {re.escape(function)}\(", source, re.M), f"{test} does not exist"
    if case:
        assert f'"{case.rstrip("]")}": (' in source, f"{test}: no such case"
