"""The digest of the plugins, the theme and the content (plugins/incremental) reads a file
again only when its stat says it may have changed, and always follows what is in the files."""

from __future__ import annotations

import os
import time

from incremental import incremental


def aged(path, text: str, seconds: float = 60) -> None:
    """Write `text` and date the file `seconds` back, past the time a file is read anyway."""
    path.write_text(text)
    when = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(when, when))


def test_the_digest_follows_every_change(tmp_path, monkeypatch):
    tree = tmp_path / "plugin"
    (tree / "sub").mkdir(parents=True)
    aged(tree / "a.py", "one")
    aged(tree / "sub" / "b.py", "two")
    first = incremental.tree_digest([tree])
    assert incremental.tree_digest([tree]) == first
    # The same size, written back to the same modified time: the change time still moves.
    before = (tree / "a.py").stat().st_mtime_ns
    (tree / "a.py").write_text("uno")
    os.utime(tree / "a.py", ns=(before, before))
    changed = incremental.tree_digest([tree])
    assert changed != first
    aged(tree / "sub" / "c.py", "")  # a new, empty file
    assert incremental.tree_digest([tree]) != changed
    (tree / "sub" / "c.py").unlink()
    assert incremental.tree_digest([tree]) == changed
    (tree / "__pycache__").mkdir()
    aged(tree / "__pycache__" / "a.pyc", "compiled")
    assert incremental.tree_digest([tree]) == changed


def test_a_file_is_read_again_only_when_its_stat_changed_or_it_is_fresh(tmp_path, monkeypatch):
    tree = tmp_path / "theme"
    tree.mkdir()
    (tree / "a.html").write_text("a")
    (tree / "b.html").write_text("b")
    opened: list[str] = []
    real_open = open

    def counted(path, *rest):
        opened.append(os.path.basename(path))
        return real_open(path, *rest)

    monkeypatch.setattr(incremental, "open", counted, raising=False)

    def digest_reads() -> list[str]:
        opened.clear()
        incremental.tree_digest([tree])
        return sorted(opened)

    # Written just now: read every time (its stat could stay the same through a rewrite).
    assert digest_reads() == ["a.html", "b.html"]
    assert digest_reads() == ["a.html", "b.html"]
    later = time.time_ns() + 2 * incremental.SETTLED_NS
    monkeypatch.setattr(incremental.time, "time_ns", lambda: later)
    assert digest_reads() == ["a.html", "b.html"]
    assert digest_reads() == []  # settled and unchanged: not read
    (tree / "b.html").write_text("bb")
    assert digest_reads() == ["b.html"]
    assert digest_reads() == []
