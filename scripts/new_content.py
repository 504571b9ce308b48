"""Create a new campaign or FAQ file from a template in which every field is explained.

    make new-campaign REGION="North East England" DATE=2020-05-01
    make new-faq QUESTION="Can I call about a friend?" AUDIENCE=someone-else

The new file starts as a draft (status: draft): it builds as it is, shows in the preview
with a "draft" banner, and is never published until an editor removes that line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
sys.path.insert(0, str(ROOT / "plugins"))

from content_model import (  # noqa: E402
    AUDIENCES,
    SCAFFOLD_BODIES,
    SCAFFOLD_FAQ_DESCRIPTION,
    SECTIONS,
    DateError,
    parse_date,
)
from pelican.utils import slugify as pelican_slugify  # noqa: E402

# The body of each new file is the content model's (SCAFFOLD_BODIES): what to write, as a
# first draft, in words the content checks recognise, so a page still holding them is never
# published. The helpline is the helpline call-out (plugins/callouts).
BODIES = SCAFFOLD_BODIES


def yaml_value(value: str | list[str]) -> list[str]:
    """The lines of a front-matter value, quoted where YAML would misread it (a colon, a
    quote, a leading symbol)."""
    if isinstance(value, list):
        return ["[]"] if not value else ["", *(f"  - {yaml_text(item)}" for item in value)]
    return [yaml_text(value)]


def yaml_text(text: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9][\w ,.!?()'-]*", text) and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def scaffold(section: str, values: dict[str, str | list[str]]) -> str:
    """A new file of `section`: each field from the content model, in its order, with the
    model's explanation above it, then status: draft and the body to replace."""
    lines = ["---"]
    for field in (*SECTIONS[section].fields, SECTIONS[section].field("status")):
        if field.name in values:
            first, *rest = yaml_value(values[field.name])
            lines += [f"# {field.help}", f"{field.name}: {first}".rstrip(), *rest]
    return "\n".join([*lines, "---", BODIES[section]])


def slugify(text: str) -> str:
    """A file name from a title, as Pelican makes a slug (pelican.utils.slugify)."""
    return pelican_slugify(text, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\s+", "-")])


class NewContentError(ValueError):
    """A value an editor gave that cannot make a valid file."""


def check_date(value: str) -> str:
    try:
        parse_date(value, month_only_ok=True)
    except DateError:
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
    region = region.strip()
    text = scaffold(
        "campaigns",
        {
            "title": f"{region} campaign",
            "region": region,
            "description": f"The Stop It Now! campaign in {region}, its partners and how to get help.",
            "launch_date": check_date(date.strip()),
            "partners": ["The Lucy Faithfull Foundation"],
            "figures": [],
            "summary": f"A Stop It Now! campaign in {region}.",
            "status": "draft",
        },
    )
    return write_new(content / "campaigns" / f"{slugify(region)}.md", text)


def new_faq(question: str, audience: str, content: Path = CONTENT) -> Path:
    if audience not in AUDIENCES:
        raise NewContentError(f'AUDIENCE="{audience}" is not one of: {", ".join(AUDIENCES)}')
    question = question.strip()
    if not question:
        raise NewContentError(
            'give the question, e.g. make new-faq QUESTION="Can I call about a friend?" '
            "AUDIENCE=someone-else"
        )
    if not question.endswith("?"):
        question += "?"
    text = scaffold(
        "faq",
        {
            "title": question,
            "audience": audience,
            "order": "99",
            "description": SCAFFOLD_FAQ_DESCRIPTION.format(question=question),
            "status": "draft",
        },
    )
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
