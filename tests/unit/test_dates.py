from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.dates import (
    DateOutOfRangeError,
    DateParseError,
    describe_date,
    format_date,
    parse_date,
    read_typed_date,
)

TODAY = date(2019, 4, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute forms
        ("2019-04-08", date(2019, 4, 8)),
        ("  2019-04-08  ", date(2019, 4, 8)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2199-12-31", date(2199, 12, 31)),
        ("2020-02-29", date(2020, 2, 29)),
        ("8 Apr 2019", date(2019, 4, 8)),
        ("April 8 2019", date(2019, 4, 8)),
        ("8 April 2019", date(2019, 4, 8)),
        ("8 APRIL 2019", date(2019, 4, 8)),
        ("Mon 8 Apr 2019", date(2019, 4, 8)),
        ("8 apr 19", date(2019, 4, 8)),
        ("apr 8", date(2019, 4, 8)),
        ("8 apr", date(2019, 4, 8)),
        ("dec 25", date(2019, 12, 25)),
        ("12", date(2019, 4, 12)),  # bare number: day of today's month
        ("1", date(2019, 4, 1)),
        # named days
        ("today", TODAY),
        ("Yesterday", date(2019, 4, 9)),
        ("TOMORROW", date(2019, 4, 11)),
        # weekdays
        ("last fri", date(2019, 4, 5)),
        ("last friday", date(2019, 4, 5)),
        ("last wed", date(2019, 4, 3)),
        ("last tue", date(2019, 4, 9)),
        ("last thu", date(2019, 4, 4)),
        ("next tuesday", date(2019, 4, 16)),
        ("next wed", date(2019, 4, 17)),
        ("next thu", date(2019, 4, 11)),
        ("Next  Sunday", date(2019, 4, 14)),
        ("fri", date(2019, 4, 12)),
        ("wednesday", TODAY),
        ("wed", TODAY),
        ("mon", date(2019, 4, 15)),
        ("tue", date(2019, 4, 16)),
        ("this wed", TODAY),
        ("this sat", date(2019, 4, 13)),
        ("this mon", date(2019, 4, 15)),
        # relative amounts
        ("3 days ago", date(2019, 4, 7)),
        ("1 day ago", date(2019, 4, 9)),
        ("a day ago", date(2019, 4, 9)),
        ("2 weeks ago", date(2019, 3, 27)),
        ("a week ago", date(2019, 4, 3)),
        ("1 month ago", date(2019, 3, 10)),
        ("an year ago", date(2018, 4, 10)),
        ("5 years ago", date(2014, 4, 10)),
        ("in 2 days", date(2019, 4, 12)),
        ("in 1 day", date(2019, 4, 11)),
        ("in a week", date(2019, 4, 17)),
        ("in 3 weeks", date(2019, 5, 1)),
        ("in a month", date(2019, 5, 10)),
        ("in 10 months", date(2020, 2, 10)),
        ("in a year", date(2020, 4, 10)),
        ("IN 2 YEARS", date(2021, 4, 10)),
    ],
)
def test_parse_date_accepts(text, expected):
    assert parse_date(text, today=TODAY) == expected


def test_month_arithmetic_clamps_to_month_end():
    assert parse_date("1 month ago", today=date(2019, 3, 31)) == date(2019, 2, 28)


def test_two_digit_years_follow_today_not_the_clock():
    assert parse_date("8 apr 80", today=date(2100, 1, 1)) == date(2080, 4, 8)
    assert parse_date("8 apr 80", today=date(2019, 1, 1)) == date(1980, 4, 8)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "blorp",
        "10:30",
        "10pm",
        "noon",
        "April 2019",
        "2019",
        "8 2019",
        "31",  # April has 30 days
        "0",
        "2019-02-30",
        "1899-12-31",
        "2201-01-01",
        "9999-01-01",
        "99999-01-01",
        "8 Apr 2019 blorp",
        "2019-04-08 please",
        "last",
        "next",
        "last blorp",
        "fri blorp",
        "3 days",
        "ago",
        "in days",
        "3 fortnights ago",
        "in 400 years",
        "200 years ago",
        "in 99999999999999999999 days",
        "99999999999999999999999 years ago",
    ],
)
def test_parse_date_rejects(text):
    with pytest.raises(DateParseError):
        parse_date(text, today=TODAY)


def test_error_message_names_the_text_and_gives_examples():
    with pytest.raises(DateParseError) as info:
        parse_date("blorp", today=TODAY)
    message = str(info.value)
    assert '"blorp"' in message
    assert '"2019-04-08"' in message
    assert '"last fri"' in message
    assert info.value.text == "blorp"
    assert isinstance(info.value, ValueError)


def test_today_defaults_to_the_clock():
    assert parse_date("today") == date.today()


def test_format_date():
    assert format_date(date(2019, 4, 8)) == "2019-04-08"
    assert format_date(date(1900, 1, 1)) == "1900-01-01"


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2019, 4, 10), "Wed 10 Apr 2019 (today)"),
        (date(2019, 4, 9), "Tue 9 Apr 2019 (yesterday)"),
        (date(2019, 4, 11), "Thu 11 Apr 2019 (tomorrow)"),
        (date(2019, 4, 7), "Sun 7 Apr 2019 (3 days ago)"),
        (date(2019, 4, 24), "Wed 24 Apr 2019 (in 2 weeks)"),
        (date(2019, 3, 20), "Wed 20 Mar 2019 (3 weeks ago)"),
        (date(2019, 4, 8), "Mon 8 Apr 2019 (2 days ago)"),
        (date(2018, 1, 1), "Mon 1 Jan 2018"),
    ],
)
def test_describe_date(d, expected):
    assert describe_date(d, today=TODAY) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_format_then_parse_round_trips(d):
    assert parse_date(format_date(d), today=TODAY) == d


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.dates())
def test_round_trip_does_not_depend_on_today(d, today):
    assert parse_date(format_date(d), today=today) == d


@given(st.text())
def test_any_text_parses_or_raises_date_parse_error(text):
    try:
        result = parse_date(text, today=TODAY)
    except DateParseError:
        return
    assert isinstance(result, date)


@given(st.text(alphabet="0123456789 -/.:,apjfmsondecrylgutwhikbvAPM", max_size=20), st.dates())
def test_date_like_text_parses_or_raises_date_parse_error(text, today):
    try:
        result = parse_date(text, today=today)
    except DateParseError:
        return
    assert isinstance(result, date)


@pytest.mark.parametrize("text", ["1850-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_dates_outside_the_kept_years_say_so_not_cant_read(text):
    with pytest.raises(DateOutOfRangeError) as err:
        parse_date(text, today=TODAY)
    assert str(err.value) == f'"{text}" is out of range: netjournal keeps dates between 1900 and 2199.'


def test_read_typed_date_says_what_a_field_holds():
    assert read_typed_date("  ", today=TODAY) == (None, None)
    assert read_typed_date("2019-04-08", today=TODAY) == (date(2019, 4, 8), None)
    when, problem = read_typed_date("someday", today=TODAY)
    assert when is None and problem is not None and "someday" in problem
