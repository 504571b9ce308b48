from __future__ import annotations

import functools
import json
import logging
import re
from pathlib import Path
from typing import Any

import yaml
from content_checks.reading import check_limits

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Beside the figures (FIGURES_FILE): the data folder, which the build checks as content.
    "SEARCH_SYNONYMS_NAME": "search-synonyms.yaml",
    "SEARCH_SYNONYMS_SAVE_AS": "search/synonyms.json",
}
# Lower-case words as a reader types them: letters, digits, and spaces, hyphens or
# apostrophes between them.
WORD = re.compile(r"[a-z0-9]+(?:[ '-][a-z0-9]+)*")
MAX_WORD = 40
HOW = "each group is a list of two or more words in square brackets, e.g. [jail, prison]"


class SynonymProblem(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def parse(text: str) -> tuple[list[list[str]], list[SynonymProblem]]:
    """The groups of the file, and every problem in it, each at its line."""
    try:
        check_limits(text, max_depth=4)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return [], [SynonymProblem(line, f"this is not valid YAML ({error.problem}); {HOW}")]
    except (yaml.YAMLError, ValueError) as error:
        return [], [SynonymProblem(1, f"this is not valid YAML ({error}); {HOW}")]
    if not isinstance(root, yaml.MappingNode) or [k.value for k, _ in root.value] != ["groups"]:
        line = _line(root) if root is not None else 1
        return [], [SynonymProblem(line, f"the file must hold one list, 'groups:'; {HOW}")]
    listed = root.value[0][1]
    if not isinstance(listed, yaml.SequenceNode):
        return [], [SynonymProblem(_line(listed), f"'groups:' must be a list; {HOW}")]
    groups: list[list[str]] = []
    problems: list[SynonymProblem] = []
    first_seen: dict[str, int] = {}
    for node in listed.value:
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
            problems.append(SynonymProblem(_line(node), HOW))
            continue
        group = []
        for item in node.value:
            word = item.value if isinstance(item, yaml.ScalarNode) else None
            if not isinstance(word, str) or not WORD.fullmatch(word) or len(word) > MAX_WORD:
                shown = word if isinstance(word, str) else "a list or mapping"
                problems.append(
                    SynonymProblem(
                        _line(item),
                        f"{shown!r} is not a search word: write lower-case words of letters and "
                        f"digits, with spaces, hyphens or apostrophes between them, "
                        f"{MAX_WORD} characters at most",
                    )
                )
                continue
            if word in first_seen:
                problems.append(
                    SynonymProblem(
                        _line(item),
                        f"{word!r} is already in the group on line {first_seen[word]}; a word "
                        "may be in one group only (join the two groups if they mean the same)",
                    )
                )
                continue
            first_seen[word] = _line(item)
            group.append(word)
        if len(group) >= 2:
            groups.append(group)
    return groups, problems


@functools.lru_cache(maxsize=4)
def parsed(text: str) -> tuple[tuple[tuple[str, ...], ...], tuple[SynonymProblem, ...]]:
    """parse(text), kept for the same text: a preview or a test process builds again and
    again with the file unchanged (its YAML took about 20 ms a build)."""
    groups, problems = parse(text)
    return tuple(tuple(group) for group in groups), tuple(problems)


# --- Signal handlers -----------------------------------------------------------------


def merge_defaults(pelican: Any) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def load(pelican: Any) -> None:
    """initialized: read and check the file; its problems go to the build's one report."""
    settings = pelican.settings
    data = (Path(settings["PATH"]).parent / settings["FIGURES_FILE"]).parent
    path = data / settings["SEARCH_SYNONYMS_NAME"]
    shown = f"{data.name}/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = "groups: []"  # no synonyms: the search finds the words as typed
    except (OSError, UnicodeDecodeError) as error:
        logger.error("%s: cannot be read as UTF-8 text (%s)", shown, error)
        text = "groups: []"
    groups, problems = parsed(text)
    if problems:  # one message: the build stops at the first error logged
        logger.error("\n".join(f"{shown}, line {p.line}: {p}" for p in problems))
    settings["SEARCH_SYNONYMS"] = [list(group) for group in groups]


def write(pelican: Any) -> None:
    """finalized: the groups beside the search page, fetched only by it."""
    target = Path(pelican.output_path) / pelican.settings["SEARCH_SYNONYMS_SAVE_AS"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(pelican.settings.get("SEARCH_SYNONYMS", [])), encoding="utf-8")


def register() -> None:
    from pelican import signals

    signals.initialized.connect(merge_defaults)
    signals.initialized.connect(load)
    signals.finalized.connect(write)
