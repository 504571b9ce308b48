"""What a pull request changes, for its job summary on GitHub: the declared phone numbers
first (the helpline and every other number a page may give), then each page whose main text
changed, was added or was removed, with its address and a short word diff, then how to look
at the built site. Everything is worked out from two built sites and the two settings files,
by pure functions; the command prints Markdown for $GITHUB_STEP_SUMMARY.

    python scripts/pr_summary.py --base-ref origin/main     # after make html: builds main's
                                                            # site in a git worktree first
    python scripts/pr_summary.py --base ../base/output --base-settings ../base/pelicanconf.py \\
        [--head output] [--settings pelicanconf.py] [--artifact-url URL]

Only the text of each page's <main> is compared: a change to the header, the footer or the
styles would otherwise show on every page and hide the edit.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# What git and main's build print goes to the log (file descriptor 2), never into the
# summary this command prints.
LOG = 2

# Bounds, so a pull request that touches every page still has a summary one can read.
MAX_PAGES = 20  # pages listed; the rest are counted
MAX_CHANGES = 3  # changes shown for one page; the rest are counted
MAX_WORDS = 12  # words shown of one change's removed or added words
CONTEXT = 4  # words shown around a change


@dataclass(frozen=True)
class Page:
    address: str  # /campaigns/scotland/
    title: str  # its <h1>
    words: tuple[str, ...]  # the text of its <main>, word by word
    # The words around it (header, navigation, footer), compared only to be counted.
    around: tuple[str, ...] = ()


def address_of(relative: Path) -> str:
    text = "/" + relative.as_posix()
    return text.removesuffix("index.html")


def text_of(element) -> str:
    """An element's text as a reader sees it: a space between elements, none before the
    punctuation that follows a link ("call 0808 1000 900." not "900 .")."""
    return re.sub(r"\s+([.,;:!?\u2019)])", r"\1", element.get_text(" "))


def read_pages(folder: Path) -> dict[str, Page]:
    """Every built page with a <main>, by address."""
    pages = {}
    for path in sorted(folder.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
        main = soup.find("main")
        if main is None:
            continue
        heading = main.find("h1") or soup.find("title")
        address = address_of(path.relative_to(folder))
        title = " ".join(heading.get_text(" ").split()) if heading else address
        words = tuple(text_of(main).split())
        main.decompose()
        around = tuple(text_of(soup.body or soup).split())
        pages[address] = Page(address, title, words, around)
    return pages


def declared_numbers(settings_file: Path) -> dict[str, str]:
    """The numbers the settings let a page give (pelicanconf.py): the helpline's and
    OTHER_PHONE_NUMBERS, each with what it is."""
    settings = runpy.run_path(str(settings_file))
    numbers = {settings["HELPLINE_NUMBER"]: "the helpline (HELPLINE_NUMBER)"}
    numbers.update(settings.get("OTHER_PHONE_NUMBERS", {}))
    return numbers


def readable_numbers(settings_file: Path) -> dict[str, str] | None:
    """The declared numbers, or None when the settings do not run (main's settings with this
    pull request's packages, or a pull request that broke them: its build says why)."""
    try:
        return declared_numbers(settings_file)
    except Exception:
        return None


# --- Markdown ------------------------------------------------------------------------------

# The marks that can start Markdown, HTML, a table, maths ($) or an automatic link (www.,
# https:, @) in GitHub's renderer; any ASCII punctuation may be escaped, these must be.
SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&:@$])")


def md(text: str) -> str:
    """Text shown as itself: each mark above escaped, so a page's words never become a
    link, a heading, a table, emphasis or HTML in the summary."""
    return SPECIAL.sub(r"\\\1", " ".join(text.split()))


def quoted_words(words: list[str] | tuple[str, ...], limit: int = MAX_WORDS) -> str:
    shown = md(" ".join(words[:limit]))
    return shown + (f" … ({plural(len(words) - limit, 'more word')})" if len(words) > limit else "")


def word_changes(before: tuple[str, ...], after: tuple[str, ...]) -> list[str]:
    """Each change as a line of Markdown, as tracked changes show them: the removed words
    struck out, the added words in bold, and a few words around; changes a few words apart
    share a line."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    lines = []
    for group in matcher.get_grouped_opcodes(CONTEXT):
        if all(tag == "equal" for tag, *_ in group):
            continue
        parts = ["…"] if group[0][1] > 0 else []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(md(" ".join(before[i1:i2])))
                continue
            if i2 > i1:
                parts.append(f"~~{quoted_words(before[i1:i2])}~~")
            if j2 > j1:
                parts.append(f"**{quoted_words(after[j1:j2])}**")
        line = " ".join(parts).replace("… ", "…", 1)
        lines.append(line + ("…" if group[-1][2] < len(before) else ""))
    return lines


def counts(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[int, int]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += i2 - i1
            added += j2 - j1
    return added, removed


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def numbers_section(before: dict[str, str] | None, after: dict[str, str] | None) -> list[str]:
    """The declared numbers' change, if any: first, since a number readers are told to call
    is the most serious thing a pull request can change."""
    if before is None or after is None:
        whose = "main's" if before is None else "this pull request's"
        return [
            f"### ⚠️ Phone numbers: {whose} settings could not be read",
            "",
            "Check `HELPLINE_NUMBER` and `OTHER_PHONE_NUMBERS` in `pelicanconf.py` by eye.",
            "",
        ]
    if before == after:
        return []
    lines = [
        "### ⚠️ The phone numbers the site may give have changed",
        "",
        "`pelicanconf.py` declares every number a page may give readers to call. Check each "
        "change against its source before this is merged:",
        "",
    ]
    for number in sorted(before.keys() | after.keys()):
        if number not in before:
            lines.append(f"- **Added** {md(number)}: {md(after[number])}")
        elif number not in after:
            lines.append(f"- **Removed** {md(number)}: {md(before[number])}")
        elif before[number] != after[number]:
            lines.append(f"- **Source changed** for {md(number)}: {md(after[number])}")
            lines.append(f"  (was: {md(before[number])})")
    return [*lines, ""]


def page_line(kind: str, page: Page, detail: str) -> str:
    return f"- **{kind}** {md(page.title)}, `{page.address}`: {detail}"


def pages_section(base: dict[str, Page], head: dict[str, Page]) -> list[str]:
    added = [head[a] for a in sorted(head.keys() - base.keys())]
    removed = [base[a] for a in sorted(base.keys() - head.keys())]
    changed = [
        (base[a], head[a])
        for a in sorted(base.keys() & head.keys())
        if base[a].words != head[a].words
    ]
    around = sum(base[a].around != head[a].around for a in base.keys() & head.keys())
    note = (
        [f"The words around the main text (header, navigation, footer) change on "
         f"{plural(around, 'page')}.", ""]
        if around else []
    )  # fmt: skip
    if not (added or removed or changed):
        return ["### Pages", "", "No page's main text changes.", "", *note]
    total = len(added) + len(removed) + len(changed)
    lines = [
        f"### Pages: {len(changed)} changed, {len(added)} added, {len(removed)} removed",
        "",
        "~~Struck out~~: words removed. **Bold**: words added.",
        "",
    ]
    shown = 0
    for before, after in changed:
        if shown == MAX_PAGES:
            break
        more, fewer = counts(before.words, after.words)
        lines.append(page_line("Changed", after, f"{plural(more, 'word')} added, {fewer} removed"))
        changes = word_changes(before.words, after.words)
        lines += [f"  - {change}" for change in changes[:MAX_CHANGES]]
        if len(changes) > MAX_CHANGES:
            lines.append(f"  - and {plural(len(changes) - MAX_CHANGES, 'more change')}")
        shown += 1
    for page in added:
        if shown == MAX_PAGES:
            break
        lines.append(page_line("Added", page, f"{plural(len(page.words), 'word')}"))
        lines.append(f"  - **{quoted_words(page.words, MAX_WORDS * 2)}**")
        shown += 1
    for page in removed:
        if shown == MAX_PAGES:
            break
        lines.append(page_line("Removed", page, f"it had {plural(len(page.words), 'word')}"))
        shown += 1
    if total > shown:
        lines.append(f"- and {plural(total - shown, 'more page')}, not listed here")
    return [*lines, "", *note]


# One step for an editor with Python: unpack the downloaded artifact and serve it, on this
# machine only (the site as the pull request builds it, drafts included).
VIEW_COMMAND = (
    "python3 -m zipfile -e site.zip site && python3 -m http.server -d site -b 127.0.0.1 8000"
)


def viewing_section(artifact_url: str) -> list[str]:
    where = f"[download it here]({artifact_url})" if artifact_url else "download it"
    return [
        "### Look at the built site",
        "",
        f"The site this pull request builds is attached to this run as **site**: {where} "
        "(it is also under Artifacts at the bottom of this page). Then, in a terminal in the "
        "folder it was saved to, one command unpacks it and serves it:",
        "",
        "```sh",
        VIEW_COMMAND,
        "```",
        "",
        "and open http://127.0.0.1:8000/ (Ctrl+C stops it). If the host runs Netlify, the "
        "pull request's checks also link to a deploy preview: the site live at an address of "
        "its own (docs/editing.md, Seeing your pull request).",
        "",
    ]


def summary(
    base: dict[str, Page] | None,
    head: dict[str, Page] | None,
    numbers_before: dict[str, str] | None,
    numbers_after: dict[str, str] | None,
    artifact_url: str = "",
) -> str:
    """The pull request's summary as Markdown. `head` is None when the pull request's site
    was not built (its problems are listed above this, by the build); `base` is None when
    main's was not."""
    lines = ["## What this pull request changes", ""]
    lines += numbers_section(numbers_before, numbers_after)
    if head is None:
        lines += [
            "The site was not built from this pull request, so its pages cannot be compared "
            "yet: fix the problems listed above (each is also marked on its line under Files "
            "changed), then push again.",
            "",
        ]
        return "\n".join(lines)
    if base is None:
        lines += ["main's site could not be built, so the pages are not compared.", ""]
    else:
        lines += pages_section(base, head)
    lines += viewing_section(artifact_url)
    return "\n".join(lines)


def add_worktree(ref: str, tree: Path) -> None:
    """main's files at `ref`, checked out beside this one (removed by main())."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), ref],
        check=True, stdout=LOG,
    )  # fmt: skip


def build_base(tree: Path, output: Path) -> bool:
    """main's site, built in its worktree with its own build and settings. Told nothing of
    GitHub Actions, so its problems (if any) are not reported as this pull request's."""
    if (ROOT / "cache").is_dir():  # this build's caches: each entry is checked before use
        shutil.copytree(ROOT / "cache", tree / "cache", dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(
        [sys.executable, str(tree / "scripts" / "build.py"), "--settings",
         str(tree / "pelicanconf.py"), "--output", str(output)],
        env=env, stdout=LOG,
    )  # fmt: skip
    return done.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-ref", help="build main's site from this commit first (the pull request's base)"
    )
    parser.add_argument("--base", type=Path, help="main's site, already built")
    parser.add_argument("--base-settings", type=Path, help="main's settings file")
    parser.add_argument("--head", type=Path, default=ROOT / "output", help="this site, built")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--artifact-url", default="", help="where the built site can be fetched")
    args = parser.parse_args(argv)
    if not args.base_ref and not (args.base and args.base_settings):
        parser.error("give --base-ref, or --base and --base-settings")
    with tempfile.TemporaryDirectory(prefix="pr-summary-") as scratch:
        tree = Path(scratch) / "base"
        if args.base_ref:
            args.base, args.base_settings = Path(scratch) / "output", tree / "pelicanconf.py"
            try:
                add_worktree(args.base_ref, tree)  # its settings hold main's numbers
                if (args.head / "index.html").is_file():  # else there are no pages to compare
                    build_base(tree, args.base)
            except subprocess.CalledProcessError:  # no such commit here: said in the summary
                pass
            try:
                text = summary_of(args)
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                    stdout=LOG,
                )  # fmt: skip
        else:
            text = summary_of(args)
    print(text)
    return 0


def summary_of(args: argparse.Namespace) -> str:
    def built(folder: Path) -> dict[str, Page] | None:
        return read_pages(folder) if (folder / "index.html").is_file() else None

    before, after = readable_numbers(args.base_settings), readable_numbers(args.settings)
    return summary(built(args.base), built(args.head), before, after, args.artifact_url)


if __name__ == "__main__":
    sys.exit(main())
