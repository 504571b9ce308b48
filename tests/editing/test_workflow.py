"""The GitHub workflow: every pull request is checked and nothing is deployed from one; a
failing build puts its problems on the lines of the changed files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from build import ROOT, write_settings
from build_steps.github_report import annotations

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads a bare `on` as true
    return data


def test_pull_requests_and_pushes_to_main_are_checked_never_with_pull_request_target(workflow):
    assert "pull_request" in workflow["on"]
    assert "pull_request_target" not in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]


def test_the_check_builds_first_then_runs_make_test(workflow):
    runs = [step.get("run") for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert runs[0] == "make html"
    assert runs[-1] == "make test"
    assert runs[-2] == "sudo --preserve-env=APP_CHROMIUM bash scripts/ensure-system-tools.sh"


def steps_named(workflow: dict) -> dict[str, dict]:
    return {
        step.get("name", step.get("uses", "")): step for step in workflow["jobs"]["check"]["steps"]
    }


def test_a_pull_request_gets_its_built_site_attached_with_its_hidden_files(workflow):
    steps = list(steps_named(workflow).values())
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert steps.index(upload) == 1 + next(
        n for n, s in enumerate(steps) if s.get("run") == "make html"
    )
    assert upload["if"] == "github.event_name == 'pull_request'"
    assert upload["with"]["path"] == "output/"
    assert upload["with"]["name"] == "site"  # the summary says: download site.zip
    assert upload["with"]["include-hidden-files"] is True  # .htaccess
    assert upload["id"] == "site"


def test_a_pull_requests_summary_lists_what_it_changes_even_when_its_build_failed(workflow):
    step = steps_named(workflow)["What this pull request changes"]
    assert step["if"] == "!cancelled() && github.event_name == 'pull_request'"
    assert step["env"] == {
        "BASE_SHA": "${{ github.event.pull_request.base.sha }}",
        "ARTIFACT_URL": "${{ steps.site.outputs.artifact-url }}",
    }
    # Expressions reach the script only through env, never pasted into it, so nothing a pull
    # request names (a branch, a title) can become a command.
    assert step["run"] == (
        '.venv/bin/python scripts/pr_summary.py --base-ref "$BASE_SHA" '
        '--artifact-url "$ARTIFACT_URL" >> "$GITHUB_STEP_SUMMARY"'
    )


def test_nothing_is_published_or_deployed_from_a_pull_request(workflow):
    for name in ("publish", "deploy"):
        assert workflow["jobs"][name]["if"] == "github.event_name != 'pull_request'"
    assert workflow["jobs"]["publish"]["needs"] == "check"
    assert workflow["jobs"]["deploy"]["needs"] == "publish"


def test_every_job_has_only_the_permissions_it_needs(workflow):
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["publish"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    # and no secrets: a pull request's run has none, so nothing may need one
    assert not re.search(r"\$\{\{[^}]*secrets\.", WORKFLOW.read_text(encoding="utf-8"))


def test_every_action_is_pinned_to_a_commit_sha_with_its_version_in_a_comment():
    uses = re.findall(r"^\s*(?:- )?uses:\s*(\S+)(.*)$", WORKFLOW.read_text(encoding="utf-8"), re.M)
    assert len(uses) >= 5
    for action, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s+# v\d+(\.\d+)*", rest), f"{action}: no version comment"


def test_checkouts_keep_no_credentials(workflow):
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_a_problem_becomes_an_annotation_on_its_file_and_line():
    messages = [
        "Content problems:\ncontent/pages/a.md, line 5: the link, to 100% of: x\n"
        "content/pages/b.md: title is missing\n1 problem in 1 file: the site was not built.",
        "Problems in the built pages:\ncontent/faq/c.md, line 7 (built as faq/index.html): link text 'here'",
    ]
    assert annotations(messages) == [
        "::error file=content/pages/a.md,line=5,title=The site was not built::the link, to 100%25 of: x",
        "::error file=content/pages/b.md,title=The site was not built::title is missing",
        "::error file=content/faq/c.md,line=7,title=The site was not built::link text 'here'",
    ]


def test_a_failing_build_on_github_actions_prints_annotations_and_writes_the_summary(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "pages" / "test.md").write_text(
        "---\ntitle: A test page\ndescription: A page.\n---\n"
        "For the helpline, [click here]({filename}/resources/helpline.md).\n"
    )
    settings = write_settings(tmp_path / "settings.py", content)
    summary = tmp_path / "summary.md"
    env = {"PATH": "/usr/bin:/bin", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), "--settings", str(settings),
         "--output", str(tmp_path / "output")],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode != 0
    assert (
        "::error file=content/pages/test.md,line=5,title=The site was not built::link text "
        "'click here' does not say where the link goes (../resources/helpline/); write link "
        "words that say where the link goes, such as the page's name"
    ) in done.stdout.splitlines()
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## The site was not built")
    assert (
        "- content/pages/test.md, line 5 (built as test/index.html): link text 'click here'" in text
    )
