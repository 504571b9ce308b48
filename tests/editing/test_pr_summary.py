"""A pull request's job summary (scripts/pr_summary.py), rendered by GitHub's own Markdown
renderer (cmark-gfm, through cmarkgfm) and read as GitHub would show it: the declared phone
numbers first, then each page changed, added and removed with its address and a short word
diff, then how to look at the built site; on a failed build, every problem."""

from __future__ import annotations

import os
import shutil

import cmarkgfm
import pr_summary
from bs4 import BeautifulSoup
from build import ROOT
from build_steps.github_report import report_to_github
from pr_summary import Page, declared_numbers, read_pages, summary

ARTIFACT_URL = "https://github.com/example/stop-it-now/actions/runs/1/artifacts/2"
# A number in Ofcom's range for drama, which no telephone answers: the pull request adds it.
NEW_NUMBER = "01632 960 000"


def as_github_shows(markdown: str) -> BeautifulSoup:
    html = cmarkgfm.github_flavored_markdown_to_html(markdown)
    return BeautifulSoup(html, "html.parser")


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pull_request_sites(site, tmp_path):
    """main's site, and the site of a pull request that edits two pages, adds a news item,
    removes a page and declares a new phone number."""
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(site.root, base)
    shutil.copytree(site.root, head)
    edit(head / "campaigns/scotland/index.html", "It began in June 2017.", "The campaign began in June 2017.")  # fmt: skip
    edit(head / "faq/index.html", "These are answers to questions people often ask.", "These answer the questions people ask most often.")  # fmt: skip
    added = head / "news" / "campaign-update"
    shutil.copytree(head / "news" / "west-yorkshire-campaign-launches", added)
    edit(added / "index.html", "West Yorkshire Police join the Stop It Now! campaign</h1>", "Campaign update</h1>")  # fmt: skip
    shutil.rmtree(head / "staying-safe-online")
    numbers = declared_numbers(ROOT / "pelicanconf.py")
    more = {**numbers, NEW_NUMBER: "Press office, out of hours"}
    return read_pages(base), read_pages(head), numbers, more


def item(rendered: BeautifulSoup, address: str):
    code = rendered.find("code", string=address)
    assert code is not None, f"{address} is not listed"
    return code.find_parent("li")


def test_a_realistic_summary_lists_the_number_change_first_then_each_page(site, tmp_path):
    base, head, numbers, more = pull_request_sites(site, tmp_path)
    markdown = summary(base, head, numbers, more, ARTIFACT_URL)
    print("\n" + markdown)  # for the closing note: pytest -s shows it
    rendered = as_github_shows(markdown)
    headings = [h.get_text() for h in rendered.find_all(["h2", "h3"])]
    assert headings == [
        "What this pull request changes",
        "⚠️ The phone numbers the site may give have changed",
        "Pages: 2 changed, 1 added, 1 removed",
        "Look at the built site",
    ]
    number = rendered.find("ul").find("li")
    assert number.get_text() == f"Added {NEW_NUMBER}: Press office, out of hours"
    scotland = item(rendered, "/campaigns/scotland/")
    assert scotland.get_text().startswith("Changed Scotland campaign, /campaigns/scotland/: ")
    assert "2 words added, 1 removed" in scotland.get_text()
    assert [d.get_text() for d in scotland.find_all("del")] == ["It"]
    assert [s.get_text() for s in scotland.find_all("strong")][1:] == ["The campaign"]
    faq = item(rendered, "/faq/")
    assert len(faq.find_all("li")) == 1  # two changes four words apart: one line
    assert [d.get_text() for d in faq.find_all("del")] == ["are answers to", "often ask."]
    assert [s.get_text() for s in faq.find_all("strong")][1:] == ["answer the", "ask most often."]
    added = item(rendered, "/news/campaign-update/")
    assert added.get_text().startswith("Added Campaign update, /news/campaign-update/: ")
    removed = item(rendered, "/staying-safe-online/")
    assert removed.get_text().startswith("Removed ")
    assert [a["href"] for a in rendered.find_all("a")] == [ARTIFACT_URL, "http://127.0.0.1:8000/"]
    command = rendered.find("pre").get_text()
    assert command.strip() == pr_summary.VIEW_COMMAND


def test_no_change_to_the_numbers_says_nothing_about_them_and_no_change_to_pages_says_so(site):
    pages = read_pages(site.root)
    numbers = declared_numbers(ROOT / "pelicanconf.py")
    rendered = as_github_shows(summary(pages, pages, numbers, numbers, ARTIFACT_URL))
    assert "phone" not in rendered.get_text().lower()
    assert "No page's main text changes." in rendered.get_text()
    assert "The words around the main text" not in rendered.get_text()


def test_a_change_around_the_main_text_is_counted_not_listed(site, tmp_path):
    """A change to the header is on every page: it is counted once, so the edits to each
    page's own text stay readable."""
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(site.root, base)
    shutil.copytree(site.root, head)
    pages = sorted(head.rglob("index.html"))
    changed = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if "</footer>" in text:
            page.write_text(text.replace("</footer>", "<p>Registered charity</p></footer>", 1))
            changed += 1
    numbers = declared_numbers(ROOT / "pelicanconf.py")
    rendered = as_github_shows(summary(read_pages(base), read_pages(head), numbers, numbers))
    assert changed > 10
    assert "No page's main text changes." in rendered.get_text()
    assert (
        f"The words around the main text (header, navigation, footer) change on {changed} pages."
        in rendered.get_text()
    )


def test_a_failed_build_lists_every_problem_though_github_marks_only_ten(tmp_path, monkeypatch):
    """As the job summary holds it: the build's own section (scripts/build.py on GitHub
    Actions), then the pull request's, which still names the number change first."""
    problems = [
        f"content/faq/question-{n:02}.md, line {n + 2}: link text 'click here' does not say "
        "where the link goes; write link words that say where the link goes"
        for n in range(1, 13)
    ]
    report = "\n".join([*problems, "12 problems in 12 files: the site was not built."])
    page = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(page))
    report_to_github([report])
    numbers = declared_numbers(ROOT / "pelicanconf.py")
    more = {**numbers, NEW_NUMBER: "Press office, out of hours"}
    markdown = page.read_text(encoding="utf-8") + "\n" + summary(None, None, numbers, more)
    print("\n" + markdown)
    rendered = as_github_shows(markdown)
    listed = [li.get_text() for li in rendered.find("ul").find_all("li")]
    assert listed[:12] == problems
    assert "GitHub marks only the first 10 on their lines under Files changed; all 12" in (
        rendered.find("p").get_text()
    )
    headings = [h.get_text() for h in rendered.find_all(["h2", "h3"])]
    assert headings == [
        "The site was not built",
        "What this pull request changes",
        "⚠️ The phone numbers the site may give have changed",
    ]
    assert "fix the problems listed above" in rendered.get_text()


def test_a_pages_words_are_shown_as_text_never_as_markdown_or_html():
    hostile = "[click](javascript:x) <img src=x> | a | *b* ~~e~~ `f` \\ &amp; $x$"
    before = Page("/a/", "A <b>page</b> | one", ("Call", "us"))
    after = Page("/a/", "A <b>page</b> | one", ("Call", "us", *hostile.split()))
    markdown = summary({"/a/": before}, {"/a/": after}, {}, {})
    rendered = as_github_shows(markdown)
    change = item(rendered, "/a/")
    assert not change.find_all(["a", "img", "em", "table", "h1", "b"])
    assert change.find_all("strong")[1].get_text() == hostile
    assert change.get_text().startswith("Changed A <b>page</b> | one, /a/")


def test_the_summary_is_bounded_in_pages_changes_and_words():
    words = tuple(f"w{i}" for i in range(400))
    edited = list(words)
    for at in (60, 110, 160, 210, 260):  # five separate changes
        edited[at] = "new"
    edited[10:10] = [f"long{i}" for i in range(40)]  # and a long insertion before them
    base = {f"/p{n}/": Page(f"/p{n}/", f"Page {n}", words) for n in range(30)}
    head = {a: Page(a, p.title, tuple(edited)) for a, p in base.items()}
    rendered = as_github_shows(summary(base, head, {}, {}))
    pages = [li for li in rendered.find_all("li") if li.find("code")]
    assert len(pages) == pr_summary.MAX_PAGES
    text = rendered.get_text()
    assert "and 10 more pages, not listed here" in text
    assert "and 3 more changes" in text
    first = pages[0]
    assert len(first.find_all("li")) == pr_summary.MAX_CHANGES + 1
    assert "45 words added, 5 removed" in first.get_text()
    assert first.find("strong", string=lambda s: s and s.endswith("long11 … (28 more words)"))


def test_the_command_prints_the_summary_of_two_built_sites(site, tmp_path, capsys):
    base, head, *_ = pull_request_sites(site, tmp_path)
    settings = ROOT / "pelicanconf.py"
    code = pr_summary.main(
        ["--base", str(tmp_path / "base"), "--base-settings", str(settings),
         "--head", str(tmp_path / "head"), "--settings", str(settings),
         "--artifact-url", ARTIFACT_URL]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert printed == summary(base, head, declared_numbers(settings), declared_numbers(settings), ARTIFACT_URL) + "\n"  # fmt: skip


def test_the_one_command_in_the_summary_unpacks_the_downloaded_site_and_serves_it(site, tmp_path):
    """As an editor does it: site.zip (what GitHub gives for the artifact: the files of
    output/ at its top) in a folder, then the summary's command, on a free port."""
    import http.client
    import signal
    import subprocess
    import time

    from devserver import free_port

    shutil.make_archive(str(tmp_path / "site"), "zip", site.root)
    command = pr_summary.VIEW_COMMAND
    port = free_port()
    process = subprocess.Popen(
        ["bash", "-c", command.replace("8000", str(port))], cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/campaigns/scotland/")
                response = connection.getresponse()
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, "the command served nothing"
                time.sleep(0.2)
        assert response.status == 200
        assert "Scotland campaign</h1>" in response.read().decode("utf-8")
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # bash and the server it started
        process.wait(timeout=10)


def test_the_editing_guide_gives_the_summarys_command():
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    assert f"`{pr_summary.VIEW_COMMAND}`" in guide


def worktrees() -> str:
    import subprocess

    listed = subprocess.run(["git", "-C", str(ROOT), "worktree", "list", "--porcelain"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    return listed.stdout


def test_the_workflows_command_builds_main_from_the_base_commit_and_removes_its_worktree(
    site, capsys, monkeypatch
):
    """The workflow's own command (--base-ref): main's site built in a git worktree, told
    nothing of GitHub Actions, so it writes nothing into the pull request's summary."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "/nonexistent/summary.md")  # unwritable
    assert pr_summary.main(["--base-ref", "HEAD", "--head", str(site.root)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("## What this pull request changes\n")
    assert "### Pages" in printed and "could not be built" not in printed
    assert "pr-summary-" not in worktrees()


def test_a_pull_request_whose_site_did_not_build_gets_its_numbers_and_no_page_comparison(
    tmp_path, capsys
):
    assert pr_summary.main(["--base-ref", "HEAD", "--head", str(tmp_path / "none")]) == 0
    printed = capsys.readouterr().out
    assert "The site was not built from this pull request" in printed
    assert "phone numbers" not in printed  # the same settings on both sides
    assert "pr-summary-" not in worktrees()
