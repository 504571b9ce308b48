"""plugins/content_checks/numbers.py: every number read as a reader sees it, whatever the
disguise; a Hypothesis strategy writes phone numbers in every disguise it knows, mixed."""

from __future__ import annotations

import pytest
from content_checks.numbers import dialled, numbers_in
from hypothesis import given, settings
from hypothesis import strategies as st

NOT_PHONE_NUMBERS = [
    "In 2018, 1,240 people asked for help; 24/01/2018; 72% more; 320 pixels wide.",
    "Call 999 in an emergency.",
    "From 2017-2018 to 2019/20, and 14.03.2019.",
    "| 0800 | 123 4567 |",  # two table cells
    "- 0800\n- 123 4567",  # two list items
    "0800\n\n123 4567",  # two paragraphs
    "<p>0800</p><p>123 4567</p>",
    "one or two people, three times",
    "[the law](tel:08001234567)",  # a link's address is not shown (tel: links are checked apart)
    "Zoom in up to 400%; 65,000 contacts; 35,000 callers; 55%.",
]


@pytest.mark.parametrize("text", NOT_PHONE_NUMBERS)
def test_numbers_that_do_not_dial_are_not_phone_numbers(text):
    assert dialled(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "0800 123 4567",
        "(0800) 123-4567",
        "+44 (0)800 123 4567",
        "0044 800 123 4567",
        "0800\n123 4567",
        "08OO l23 4567",
        "\uff10\uff18\uff10\uff10 \uff11\uff12\uff13 \uff14\uff15\uff16\uff17",
        "&#48;800 123 &#x34;567",
        "08**00** 123 4567",
        "<strong>0800</strong> <em>123</em> 4567",
        "0800\u200b123\u00ad4567",
        "oh eight hundred, one two three, four five six seven",
        "oh eight double oh, one-two-three, four five six seven",
    ],
)
def test_a_phone_number_is_read_through_every_disguise(text):
    [number] = dialled(text)
    assert number.national == "08001234567"


@pytest.mark.parametrize(
    "text", ["+1 555 010 9999", "+33 1 23 45 67 89", "00 49 30 1234567", "+353 1 234 5678"]
)
def test_a_number_in_any_country_dials(text):
    assert dialled(text)


def test_seven_digits_in_words_dial_and_six_do_not():
    assert dialled("one two three four five six seven")
    assert not dialled("one two three four five six")


DISGUISES = {
    "plain": lambda d: d,
    "fullwidth": lambda d: chr(0xFF10 + int(d)),
    "entity": lambda d: f"&#{ord(d)};",
    "hex entity": lambda d: f"&#x{ord(d):x};",
    "zero-width space after": lambda d: d + "\u200b",
    "soft hyphen after": lambda d: d + "\u00ad",
    "emphasis": lambda d: f"*{d}*",
    "strong": lambda d: f"**{d}**",
    "html": lambda d: f"<span>{d}</span>",
    "letter for zero": lambda d: "O" if d == "0" else d,
    "space after": lambda d: d + " ",
    "hyphen after": lambda d: d + "-",
    "dot after": lambda d: d + ".",
}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    # A UK number: 0, then not another 0 (00 is the international prefix).
    st.tuples(st.sampled_from("123456789"), st.text("0123456789", min_size=8, max_size=9)).map(
        lambda parts: "0" + "".join(parts)
    ),
    st.lists(st.sampled_from(sorted(DISGUISES)), min_size=11, max_size=11),
)
def test_a_number_in_mixed_disguises_is_still_read_as_itself(number, disguises):
    written = "".join(DISGUISES[how](digit) for digit, how in zip(number, disguises, strict=False))
    found = [n.national for n in numbers_in(f"Call {written} now.")]
    assert number in found, (written, found)
