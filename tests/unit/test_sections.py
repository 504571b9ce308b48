"""The sections plugin's pure functions, and the content model's date rules they use."""

import datetime as dt

import pytest
from content_model import DateError, format_date, parse_date
from sections import sections


def test_a_full_launch_date_keeps_its_day():
    assert parse_date(dt.date(2018, 1, 24), month_only_ok=True) == (dt.date(2018, 1, 24), "day")


def test_a_year_and_month_launch_date_is_shown_without_a_day():
    date, precision = parse_date("2017-06", month_only_ok=True)
    assert format_date(date, precision) == "June 2017"


def test_a_full_date_is_shown_in_the_gov_uk_style():
    assert format_date(dt.date(2019, 3, 14), "day") == "14 March 2019"


@pytest.mark.parametrize("value", ["14/03/2019", "2019-13-01", "2019-02-30", "March 2019", ""])
def test_a_launch_date_that_is_not_a_date_is_refused(value):
    with pytest.raises(DateError):
        parse_date(value, month_only_ok=True)


def test_a_campaign_is_placed_under_campaigns_with_a_pretty_url():
    assert sections.output_location("campaigns", "scotland") == (
        "campaigns/scotland/",
        "campaigns/scotland/index.html",
    )


def test_an_faq_item_points_at_its_anchor_on_the_faq_page_and_is_not_written():
    assert sections.output_location("faq", "is-it-illegal") == ("faq/#is-it-illegal", "")


def test_a_plain_page_keeps_pelicans_default_location():
    assert sections.output_location("pages", "privacy") is None


class FakeFaq:
    def __init__(self, title, audience, order):
        self.title, self.audience, self.order = title, audience, order


def test_faqs_are_grouped_by_audience_in_the_configured_order_and_sorted_within():
    faqs = [
        FakeFaq("B", "law", 2),
        FakeFaq("A", "law", 1),
        FakeFaq("C", "yourself", 1),
    ]
    groups = sections.group_faqs(faqs, {"yourself": "You", "law": "Law", "campaigns": "C"})
    assert [g["id"] for g in groups] == ["yourself", "law"]
    assert [f.title for f in groups[1]["items"]] == ["A", "B"]
