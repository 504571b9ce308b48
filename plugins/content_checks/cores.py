"""Work split between this process and a forked one, on a machine with a second core: the
content checks of a build from nothing, and the search's English words (scripts/build_steps/
search_english.py)."""

from __future__ import annotations

import multiprocessing
import os
import warnings
from collections.abc import Callable
from typing import Any


def two_cores() -> bool:
    return (os.cpu_count() or 1) >= 2


def on_two_cores(work: Callable[[Any], Any], mine: Any, theirs: Any) -> tuple[Any, Any]:
    """work(mine) here and work(theirs) in a forked process, at the same time. Forked, as the
    render budget's worker is (docs/decisions.md: safe from the preview's threads); if the
    fork fails or its child dies, this process does the other part too (so an error in it
    is raised here, as it would be on one core)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send, args=(sender, work, theirs), daemon=True)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "This process .* is multi-threaded")
            child.start()
    except OSError:
        receiver.close()
        sender.close()
        return work(mine), work(theirs)
    sender.close()
    try:
        here = work(mine)
        try:
            there = receiver.recv()
        except (EOFError, OSError):
            there = work(theirs)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    return here, there


def _send(sender: Any, work: Callable[[Any], Any], part: Any) -> None:
    """In the child: the result, or nothing when the work fails (the parent then does the
    part itself and meets the error there, reported as the build reports it; a traceback
    printed here would reach the editor's screen)."""
    try:
        sender.send(work(part))
    except BaseException:  # the parent does this part again
        pass
    finally:
        sender.close()
