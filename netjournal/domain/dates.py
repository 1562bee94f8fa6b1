"""Reading and showing the dates people type into the journal."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Any

# dateutil loads only when typed text is read: showing dates (the first frame among them) doesn't need it.

MIN_YEAR, MAX_YEAR = 1900, 2199  # every date the journal holds lies in these years, both included
RANGE_MESSAGE = f"netjournal keeps dates between {MIN_YEAR} and {MAX_YEAR}"

_WEEKDAYS = {  # Monday is 0, as in dateutil's MO..SU
    **dict.fromkeys(("mon", "monday"), 0),
    **dict.fromkeys(("tue", "tues", "tuesday"), 1),
    **dict.fromkeys(("wed", "weds", "wednesday"), 2),
    **dict.fromkeys(("thu", "thur", "thurs", "thursday"), 3),
    **dict.fromkeys(("fri", "friday"), 4),
    **dict.fromkeys(("sat", "saturday"), 5),
    **dict.fromkeys(("sun", "sunday"), 6),
}
_NAMED_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_WEEKDAY_RE = re.compile(r"(?:(last|next|this) )?([a-z]+)")
_AMOUNT = r"(\d+|an?) (day|week|month|year)s?"
_AGO_RE = re.compile(_AMOUNT + r" ago", re.ASCII)
_IN_RE = re.compile(r"in " + _AMOUNT, re.ASCII)
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DateParseError(ValueError):
    """The typed text could not be read as a date."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f'Can\'t read "{text}" as a date. Try "2019-04-08" or "last fri".')


class DateOutOfRangeError(DateParseError):
    """The text is a date, but outside the years the journal keeps."""

    def __init__(self, text: str) -> None:
        self.text = text
        ValueError.__init__(self, f'"{text}" is out of range: {RANGE_MESSAGE}.')


def in_range(day: date) -> bool:
    """Whether `day` lies in the years the journal keeps."""
    return MIN_YEAR <= day.year <= MAX_YEAR


def read_day(value: object) -> date | None:
    """A day as the journal stores it (`YYYY-MM-DD`), or None for anything else: NULL, a
    day that doesn't exist, another format, a number. What an older version or a hand
    edit left must never break a list, so readers call this rather than trusting the text."""
    if type(value) is str:  # the common case first: lists read thousands of these
        # Exactly YYYY-MM-DD: fromisoformat takes ASCII digits only; its other forms (20240501) are ruled out here.
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


@cache
def _today_parser_info() -> Any:
    """dateutil's parserinfo, resolving two-digit years around `today` rather than the real clock."""
    from dateutil import parser

    class TodayParserInfo(parser.parserinfo):  # type: ignore[misc]  # dateutil ships no types
        def __init__(self, today: date) -> None:
            super().__init__()
            self._today_year = today.year

        def convertyear(self, year: int, century_specified: bool = False) -> int:
            if year < 100 and not century_specified:
                year += self._today_year // 100 * 100
                if year >= self._today_year + 50:
                    year -= 100
                elif year < self._today_year - 50:
                    year += 100
            return year

    return TodayParserInfo


def parse_date(text: str, *, today: date | None = None) -> date:
    if today is None:
        today = date.today()
    cleaned = " ".join(text.lower().split())
    try:
        result = _parse(cleaned, today)
    except (ValueError, TypeError, OverflowError):
        result = None
    if result is None:
        raise DateParseError(text)
    if not in_range(result):
        raise DateOutOfRangeError(text)
    return result


def read_typed_date(text: str, *, today: date | None = None) -> tuple[date | None, str | None]:
    """A date field as typed: (the date, None), (None, why it can't be read), or (None, None) when empty."""
    if not text.strip():
        return None, None
    try:
        return parse_date(text, today=today), None
    except DateParseError as err:
        return None, str(err)


def _parse(text: str, today: date) -> date | None:
    from dateutil.relativedelta import relativedelta
    from dateutil.relativedelta import weekday as on_weekday

    if not text:
        return None
    if text in _NAMED_DAYS:
        return _shift(today, relativedelta(days=_NAMED_DAYS[text]))
    if match := _AGO_RE.fullmatch(text):
        return _shift(today, -_amount(*match.groups()))
    if match := _IN_RE.fullmatch(text):
        return _shift(today, _amount(*match.groups()))
    match = _WEEKDAY_RE.fullmatch(text)
    if match and match[2] in _WEEKDAYS:
        weekday = on_weekday(_WEEKDAYS[match[2]])
        if match[1] == "last":
            return _shift(today, relativedelta(days=-1, weekday=weekday(-1)))
        if match[1] == "next":
            return _shift(today, relativedelta(days=+1, weekday=weekday(+1)))
        return _shift(today, relativedelta(weekday=weekday(+1)))
    return _parse_absolute(text, today)


def _shift(today: date, delta: Any) -> date:
    """`today` moved by a dateutil relativedelta (untyped, so the result is named here)."""
    shifted: date = today + delta
    return shifted


def _amount(count: str, unit: str) -> Any:
    from dateutil.relativedelta import relativedelta

    n = 1 if count in ("a", "an") else int(count)
    return relativedelta(**{unit + "s": n})


def _parse_absolute(text: str, today: date) -> date | None:
    # Parse against two defaults that differ in every field, so any field that
    # changes between them was filled in from the default rather than typed.
    default_a = datetime(today.year, today.month, today.day)
    default_b = datetime(2000 if today.year != 2000 else 2001, 1 if today.month != 1 else 2, 1 if today.day != 1 else 2)
    from dateutil import parser

    info = _today_parser_info()(today)
    a: date = parser.parse(text, default=default_a, parserinfo=info).date()
    b: date = parser.parse(text, default=default_b, parserinfo=info).date()
    if a.day != b.day:
        return None  # no day typed: "april 2019", "2019", times-only like "10:30"
    # A bare one- or two-digit number is a day of today's month ("12" -> the 12th).
    if a.month != b.month and not re.fullmatch(r"\d{1,2}", text, re.ASCII):
        return None
    return a


def format_date(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


NO_DATE = "no readable date"


def describe_date(d: date | None, *, today: date | None = None) -> str:
    """`Mon 8 Apr 2019 (yesterday)`; a date the journal couldn't read (see `read_day`) is said as such."""
    if d is None:
        return NO_DATE
    if today is None:
        today = date.today()
    text = f"{_DAY_NAMES[d.weekday()]} {d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"
    hint = _relative_hint((d - today).days)
    return f"{text} ({hint})" if hint else text


def _relative_hint(days: int) -> str | None:
    if days == 0:
        return "today"
    if days in (-1, 1):
        return "yesterday" if days < 0 else "tomorrow"
    size = abs(days)
    if size < 14:
        amount = f"{size} days"
    elif size < 60:
        amount = f"{size // 7} weeks"
    else:
        return None
    return f"{amount} ago" if days < 0 else f"in {amount}"
