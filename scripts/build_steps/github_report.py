"""On GitHub Actions, a failed build's problems where a pull request shows them: each as an
annotation on its line of the changed file, and the whole list in the job's summary."""

from __future__ import annotations

import os
import re

# A problem line of the checks: the file, its line if known, what it became, the message.
PROBLEM = re.compile(
    r"^(?P<file>(?:content|data)/[^,:()]+?)(?:, line (?P<line>\d+))?(?: \(built as [^)]+\))?: "
    r"(?P<message>.+)$"
)


def escape_data(text: str) -> str:
    """A workflow command's message, as GitHub's runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(messages: list[str]) -> list[str]:
    """GitHub Actions error annotations for the problems in `messages`: each shows on its
    line of the changed file under "Files changed" in a pull request."""
    commands = []
    for text in messages:
        for line in text.splitlines():
            problem = PROBLEM.match(line.strip())
            if problem is None:
                continue
            where = f"file={escape_property(problem['file'])}"
            if problem["line"]:
                where += f",line={problem['line']}"
            commands.append(
                f"::error {where},title=The site was not built::{escape_data(problem['message'])}"
            )
    return commands


# GitHub shows at most this many error annotations of one step; the summary holds them all.
ANNOTATIONS_SHOWN = 10


def report_to_github(messages: list[str]) -> None:
    """On GitHub Actions: every problem as an annotation on its line (GitHub shows at most
    10 a step), and the whole list in the job's summary page."""
    commands = annotations(messages)
    for command in commands:
        print(command, flush=True)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        problems = [line for text in messages for line in text.splitlines() if line.strip()]
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write("## The site was not built\n\n")
            stream.write("Fix each problem below, then push again (docs/errors.md says how).")
            if len(commands) > ANNOTATIONS_SHOWN:
                stream.write(
                    f" GitHub marks only the first {ANNOTATIONS_SHOWN} on their lines under "
                    f"Files changed; all {len(commands)} are listed here."
                )
            stream.write("\n\n")
            stream.write("".join(f"- {line.strip()}\n" for line in problems))
