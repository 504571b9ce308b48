"""A build that kills itself (SIGKILL: no clean-up of any kind) just before or after one of its
steps, in a process forked from one that has already imported the build: each kill point
pays for the build up to its step, not for a new Python and its imports."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import sys

# A server process, started once, that imports the build and then forks a child for each
# kill point (multiprocessing's "forkserver": the server has no threads of a test runner).
CONTEXT = multiprocessing.get_context("forkserver")
CONTEXT.set_forkserver_preload(["build", "pelican", "markdown", "jinja2"])


def killed_build(module_name: str, step_name: str, when: str, argv: list[str]) -> None:
    """The real build (scripts/build.py's main, as make html runs it) with `step_name` of
    `module_name` wrapped so that the process kills itself `when` ("before" or "after") it."""
    import build

    module = importlib.import_module(module_name)
    step = getattr(module, step_name)

    def wrapped(*args, **kwargs):
        if when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        step(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)

    setattr(module, step_name, wrapped)
    sys.exit(build.main(argv))


def build_main(argv: list[str], env: dict[str, str] | None = None, logs: str = "") -> None:
    """scripts/build.py's main, as make html runs it, in a process of CONTEXT's: with `env` as
    its environment (read by publishconf.py when the build first imports it), and its output
    and errors written to `logs`.out and `logs`.err."""
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    if logs:
        for fd, suffix in ((1, ".out"), (2, ".err")):
            os.dup2(os.open(logs + suffix, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
    import build

    try:
        code = build.main(argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(code)


def kill_at(module_name: str, step_name: str, when: str, argv: list[str]) -> int | None:
    """Run the build to its kill point; the child's exit code (-9 when it was killed)."""
    child = CONTEXT.Process(target=killed_build, args=(module_name, step_name, when, argv))
    child.start()
    child.join(timeout=120)
    return child.exitcode
