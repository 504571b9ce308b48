"""Create a new campaign or FAQ file from a template in which every field is explained.

    make new-campaign REGION="North East England" DATE=2020-05-01
    make new-faq QUESTION="Can I call about a friend?" AUDIENCE=someone-else

The new file starts as a draft (status: draft): it builds as it is, shows in the preview
with a "draft" banner, and is never published until an editor removes that line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
AUDIENCES = ("yourself", "someone-else", "campaigns", "law")

CAMPAIGN = """\
---
# The page title, shown as the main heading and in the browser tab.
title: {region} campaign
# The region's name as people know it; shown in lists and on posters.
region: {region}
# One plain sentence for search results and link previews (160 characters at most).
description: The Stop It Now! campaign in {region}, its partners and how to get help.
# When the campaign launched: YYYY-MM-DD, or YYYY-MM if only the month is known.
launch_date: {date}
# Every partner, one per line, each starting with "- ".
partners:
  - The Lucy Faithfull Foundation
# Figures for this campaign, by their key in data/figures.yaml (add new figures there first,
# with their source). Leave the list empty, as [], until the campaign has published figures.
figures: []
# One or two sentences for the campaigns list and the home page.
summary: A Stop It Now! campaign in {region}.
# Remove this line when the page is ready: drafts are only shown in the preview.
status: draft
---
## What the campaign is

Write two or three short sentences about the campaign.

## Getting help

You can call the free, confidential Stop It Now! helpline on 0808 1000 900.
"""

FAQ = """\
---
# The question, as a reader would ask it. End it with a question mark.
title: {question}
# Who the question is for: yourself, someone-else, campaigns or law.
audience: {audience}
# Where it goes in its group: 1 is first.
order: 99
# One plain sentence saying what the answer covers (160 characters at most).
description: An answer to the question "{question}"
# Remove this line when the answer is ready: drafts are only shown in the preview.
status: draft
---
Write the answer in one to three short paragraphs.
"""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class NewContentError(ValueError):
    """A value an editor gave that cannot make a valid file."""


def check_date(value: str) -> str:
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date.fromisoformat(value + "-01")
        else:
            dt.date.fromisoformat(value)
    except ValueError:
        raise NewContentError(
            f'DATE="{value}" is not a date; write it as YYYY-MM-DD, e.g. DATE=2020-05-01'
        ) from None
    return value


def write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise NewContentError(f"{path} already exists; choose another name")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_campaign(region: str, date: str, content: Path = CONTENT) -> Path:
    if not region.strip():
        raise NewContentError('give the region, e.g. make new-campaign REGION="North East England"')
    text = CAMPAIGN.format(region=region.strip(), date=check_date(date.strip()))
    return write_new(content / "campaigns" / f"{slugify(region)}.md", text)


def new_faq(question: str, audience: str, content: Path = CONTENT) -> Path:
    if audience not in AUDIENCES:
        raise NewContentError(f'AUDIENCE="{audience}" is not one of: {", ".join(AUDIENCES)}')
    question = question.strip() or "What is the new question?"
    if not question.endswith("?"):
        question += "?"
    text = FAQ.format(question=question.replace('"', "'"), audience=audience)
    return write_new(content / "faq" / f"{slugify(question)[:60]}.md", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    campaign = sub.add_parser("campaign")
    campaign.add_argument("--region", default="")
    campaign.add_argument("--date", default="")
    faq = sub.add_parser("faq")
    faq.add_argument("--question", default="")
    faq.add_argument("--audience", default="yourself")
    args = parser.parse_args(argv)
    try:
        if args.kind == "campaign":
            path = new_campaign(args.region, args.date)
        else:
            path = new_faq(args.question, args.audience)
    except NewContentError as error:
        print(f"Not created: {error}", file=sys.stderr)
        return 2
    print(
        f"Created {path.relative_to(ROOT)}. Open it, fill in each field, then run make devserver."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
