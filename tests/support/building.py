"""Building a copy of the content in this process, as make html does, without paying for a
new Python and Pelican's imports on every case (about a second each)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build import ROOT, build, write_settings
from content_checks.links import FILENAME_LINK, ROOT_RELATIVE
from content_model import SPECIAL_PAGES, file_for_url


@dataclass
class Outcome:
    """What an editor sees of a build: its exit status and its messages."""

    returncode: int
    stdout: str
    stderr: str


# The tests' budget for one file's Markdown (plugins/render_budget): a tenth of the real one,
# so a page made to stall a build stops in a moment; a real page takes a few hundredths.
RENDER_BUDGET = 0.3


def build_in_process(settings: Path, output: Path) -> Outcome:
    """The one build function (scripts/build.py), called here (it makes warnings fatal only
    while it runs)."""
    result = build(settings, output)
    return Outcome(0 if result.ok else 1, "", "" if result.ok else result.error)


def build_content(
    content: Path, output: Path, base: str = "pelicanconf", env: dict[str, str] | None = None
) -> Outcome:
    """Build `content` with the project's settings (`base`). In this process, unless the
    build depends on the environment (publishconf.py reads SITEURL when first imported):
    then through scripts/build.py, exactly as make publish runs it."""
    settings = write_settings(
        content.parent / f"{base}-test.py", content, base, RENDER_BUDGET_SECONDS=RENDER_BUDGET
    )
    if base == "pelicanconf" and env is None:
        return build_in_process(settings, output)
    return build_forked(["--settings", str(settings), "--output", str(output)], env)


def build_forked(argv: list[str], env: dict[str, str] | None = None) -> Outcome:
    """scripts/build.py's main in a process of its own, forked from one that has imported the
    build (tests/support/killing.py) instead of a new Python: the settings, publishconf.py
    among them, are read afresh there, with `env` as the environment."""
    from support.killing import CONTEXT, build_main

    with tempfile.TemporaryDirectory() as folder:
        logs = os.path.join(folder, "build")
        child = CONTEXT.Process(target=build_main, args=(argv, env or dict(os.environ), logs))
        child.start()
        child.join(timeout=300)
        out, err = (Path(logs + suffix) for suffix in (".out", ".err"))
        return Outcome(
            child.exitcode if child.exitcode is not None else -1,
            out.read_text(encoding="utf-8", errors="replace") if out.exists() else "",
            err.read_text(encoding="utf-8", errors="replace") if err.exists() else "",
        )


# The small site the editing tests build (the bad-input corpus, the kill points, the rebuilds,
# the fuzz and the scaffolding), so that their time stays flat as editors add pages: the
# special pages, a page of each section, the pages the theme itself links to, and every page
# those link to with {filename} (or {static}, {attach}), found by following the links. A page
# an editor adds is in it only if one of those links to it. tests/editing/test_bad_input.py
# checks it builds.
ALSO = [
    "pages/accessibility.md",  # the footer's Accessibility link
    # The campaign pages link to the FAQ's campaigns group (/faq/#campaigns): one answer
    # with that audience makes the group.
    "faq/what-are-the-campaigns.md",
    # A news item: with none, the news feed's date would be the time of the build.
    "news/west-yorkshire-campaign-launches.md",
]


def minimal_content(dest: Path, *changes: Callable[[Path], None]) -> Path:
    """The minimal site's content copied to `dest` (a folder named content), with `changes`
    made to it, and then the real pages that the changed files link to."""
    dest.mkdir(parents=True, exist_ok=True)
    follow(dest, [*SPECIAL_PAGES, *ALSO])
    for change in changes:
        change(dest)
    if changes:
        follow(dest, [str(file.relative_to(dest)) for file in dest.rglob("*") if file.is_file()])
    return dest


def follow(dest: Path, names: list[str]) -> None:
    """Copy each of `names` (paths inside content/) from the real content into `dest` unless
    it is there already, then every file they link to, and so on."""
    source, todo, seen = ROOT / "content", list(names), set()
    while todo:
        name = todo.pop()
        if name in seen or name.startswith(".."):
            continue  # a link out of content/: the build will say so
        seen.add(name)
        if not (dest / name).exists() and (source / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, dest / name)
        if (dest / name).is_file():
            text = (dest / name).read_text(encoding="utf-8", errors="replace")
            folder = os.path.dirname(name)
            for link in FILENAME_LINK.finditer(text):  # as the content checks read them
                target = link["path"]
                path = target if link["root"] else os.path.join(folder, target)
                todo.append(os.path.normpath(path))
            # A link from the site root is refused, and the refusal names the file to link to
            # instead: that file must be there too.
            for line in text.splitlines():
                urls = (link["url"] for link in ROOT_RELATIVE.finditer(line))
                todo += filter(None, (file_for_url(url, source) for url in urls))


def mirror(source: Path, target: Path) -> None:
    """Make `target` hold exactly `source`'s files and links, rewriting only the files that
    differ: the others keep their times and bytes, so the caches that go by them (Pelican's
    content cache by time, the content checks' by bytes) are used as in an editor's next
    build. A rewritten file gets a new time."""
    wanted: dict[Path, Path] = {}
    for path in source.rglob("*"):
        if path.is_symlink() or path.is_file():
            wanted[path.relative_to(source)] = path
    for path in sorted(target.rglob("*"), reverse=True):  # a folder's files before it
        name = path.relative_to(target)
        if path.is_symlink() or path.is_file():
            if name not in wanted or same_file(wanted[name], path) is False:
                path.unlink()
        elif not (source / name).is_dir():
            shutil.rmtree(path)
    for name, path in wanted.items():
        dest = target / name
        if dest.is_symlink() or dest.exists():
            continue  # the same as the source's (checked above)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            dest.symlink_to(os.readlink(path))
        else:
            shutil.copyfile(path, dest)


def same_file(a: Path, b: Path) -> bool:
    if a.is_symlink() or b.is_symlink():
        return a.is_symlink() and b.is_symlink() and os.readlink(a) == os.readlink(b)
    return a.read_bytes() == b.read_bytes()


_WORKSPACES: dict[str, Path] = {}


def workspace_content(content: Path, name: str) -> Path:
    """`content` mirrored into this process's own folder for `name` (tests/…/content), which
    every build of that name reuses with its caches: each case pays for what it changed, as an
    editor's build does, not for a build from nothing. The folder is named content, as the
    messages' paths expect."""
    if name not in _WORKSPACES:
        from support.sitebuild import TMP

        _WORKSPACES[name] = TMP / f"workspace-{name}-{os.getpid()}"
    target = _WORKSPACES[name] / "content"
    target.mkdir(parents=True, exist_ok=True)
    mirror(content, target)
    return target
