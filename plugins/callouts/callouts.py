"""A Markdown tree processor that turns admonitions into theme components."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from pelican import signals

logger = logging.getLogger(__name__)

KINDS = ("note", "warning", "helpline", "details")
# Written in a page where the helpline number goes; it becomes the number as a tel: link, so
# the number is typed once, in pelicanconf.py.
PLACEHOLDER = "{helpline}"


# Every class the call-outs give what they make: the only classes a body may carry
# (plugins/html_allowlist), so content never wears the rest of the theme's look.
CLASSES = frozenset(
    {
        "app-visually-hidden",
        "app-inset-text",
        "app-warning-text",
        "app-warning-text__icon",
        "app-warning-text__text",
        "app-helpline-callout",
        "app-helpline-callout__heading",
        "app-helpline-callout__number",
        "app-details",
        "app-details__summary",
        "app-details__summary-text",
        "app-details__text",
    }
)


class UnknownCalloutError(ValueError):
    """An admonition whose kind is not one of KINDS."""


def admonition_parts(div: etree.Element) -> tuple[str, str | None]:
    """(kind, title) of an admonition div; the title paragraph is removed from the div."""
    classes = div.get("class", "").split()
    kind = classes[1] if len(classes) > 1 else ""
    title = None
    first = div[0] if len(div) else None
    if first is not None and first.tag == "p" and "admonition-title" in first.get("class", ""):
        title = "".join(first.itertext()).strip()
        div.remove(first)
    # Python-Markdown titles an admonition with its kind ("Helpline") when none is given.
    if title == kind.capitalize() or not title:
        title = None
    return kind, title


def visually_hidden(text: str) -> etree.Element:
    span = etree.Element("span", {"class": "app-visually-hidden"})
    span.text = text
    return span


def build_component(
    div: etree.Element, kind: str, title: str | None, number: str, tel: str
) -> etree.Element:
    """Return the component element that replaces the admonition `div`."""
    children = list(div)
    if kind == "note":
        new = etree.Element("div", {"class": "app-inset-text"})
        new.extend(children)
        return new
    if kind == "warning":
        new = etree.Element("div", {"class": "app-warning-text"})
        icon = etree.SubElement(
            new, "span", {"class": "app-warning-text__icon", "aria-hidden": "true"}
        )
        icon.text = "!"
        text = etree.SubElement(new, "div", {"class": "app-warning-text__text"})
        text.append(visually_hidden("Warning: "))
        text.extend(children)
        return new
    if kind == "helpline":
        new = etree.Element("div", {"class": "app-helpline-callout"})
        heading = etree.SubElement(new, "p", {"class": "app-helpline-callout__heading"})
        heading.text = title or "Talk to someone, in confidence"
        new.extend(children)
        line = etree.SubElement(new, "p", {"class": "app-helpline-callout__number"})
        line.text = "Call the free, confidential Stop It Now! helpline on "
        link = etree.SubElement(line, "a", {"href": f"tel:{tel}"})
        link.text = number
        return new
    if kind == "details":
        new = etree.Element("details", {"class": "app-details"})
        summary = etree.SubElement(new, "summary", {"class": "app-details__summary"})
        summary_text = etree.SubElement(summary, "span", {"class": "app-details__summary-text"})
        summary_text.text = title or "More information"
        body = etree.SubElement(new, "div", {"class": "app-details__text"})
        body.extend(children)
        return new
    raise UnknownCalloutError(
        f'"!!! {kind}" is not a component; use one of: ' + ", ".join(f"!!! {k}" for k in KINDS)
    )


class CalloutsTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, number: str, tel: str) -> None:
        super().__init__(md)
        self.number, self.tel = number, tel

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "div" and "admonition" in child.get("class", "").split():
                    kind, title = admonition_parts(child)
                    try:
                        new = build_component(child, kind, title, self.number, self.tel)
                    except UnknownCalloutError as error:
                        logger.error("%s", error)
                        continue
                    new.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, new)


class HelplineInlineProcessor(InlineProcessor):
    """{helpline} in running text: the helpline number as a tel: link."""

    def __init__(self, number: str, tel: str) -> None:
        super().__init__(re.escape(PLACEHOLDER))
        self.number, self.tel = number, tel

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        link = etree.Element("a", {"href": f"tel:{self.tel}"})
        link.text = self.number
        return link, m.start(0), m.end(0)


class CalloutsExtension(Extension):
    def __init__(self, number: str, tel: str) -> None:
        super().__init__()
        self.number, self.tel = number, tel

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(
            CalloutsTreeprocessor(md, self.number, self.tel), "app_components", 5
        )
        # Above the emphasis and link patterns (which sit at 60 to 170), below backticks (190),
        # so `{helpline}` in code stays as written.
        md.inlinePatterns.register(
            HelplineInlineProcessor(self.number, self.tel), "app_helpline", 175
        )


def add_extension(pelican: Any) -> None:
    """initialized: add the extension to Pelican's Markdown settings."""
    settings = pelican.settings
    # The site's one helpline number, from pelicanconf.py.
    number, tel = settings["HELPLINE_NUMBER"], settings["HELPLINE_TEL"]
    # A new MARKDOWN dict, not the settings module's own, which the preview reuses.
    markdown = dict(settings.get("MARKDOWN", {}))
    extensions = [e for e in markdown.get("extensions", []) if not isinstance(e, CalloutsExtension)]
    markdown["extensions"] = [*extensions, CalloutsExtension(number, tel)]
    settings["MARKDOWN"] = markdown


def fill_front_matter(instance: Any) -> None:
    """content_object_init: {helpline} in a plain-text field (a description) becomes the number;
    in the summary the Markdown extension has already made it a link."""
    number = instance.settings["HELPLINE_NUMBER"]
    for name, value in instance.metadata.items():
        if isinstance(value, str) and PLACEHOLDER in value:
            instance.metadata[name] = value.replace(PLACEHOLDER, number)
            setattr(instance, name, instance.metadata[name])


def register() -> None:
    signals.initialized.connect(add_extension)
    signals.content_object_init.connect(fill_front_matter)
