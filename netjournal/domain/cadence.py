"""How often you'd like to keep in touch with someone: "3 months", "6 weeks", or off. Pure: no UI, no database.

A cadence is kept as its words ("3 months", "1 week"; "" is off), which is also how the export
writes it and how a person's page shows it. Typed, it may say more ("every 3 months", "monthly").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from netjournal.domain.text import visible

OFF = ""  # no cadence: only a follow-up you plan puts them on the list
UNITS = ("week", "month")
MOST = 99  # every 99 weeks or months at the most
EXAMPLE = "3 months or 6 weeks"

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12}
_ALONE = {
    "weekly": (1, "week"),
    "fortnightly": (2, "week"),
    "monthly": (1, "month"),
    "quarterly": (3, "month"),
    "yearly": (12, "month"),
    "a year": (12, "month"),
    "1 year": (12, "month"),
    "every year": (12, "month"),
}
_OFF_WORDS = frozenset({"", "off", "no", "none", "never"})
_TYPED = re.compile(r"(?:every\s+)?(?:(\d{1,4}|[a-z]+)\s*)?(weeks?|wks?|w|months?|mos?|m)", re.ASCII)


class CadenceError(ValueError):
    """Text that isn't a cadence; the message names it and says what would be."""


@dataclass(frozen=True)
class Cadence:
    every: int
    unit: str  # one of UNITS

    def __str__(self) -> str:
        return f"{self.every} {self.unit}{'' if self.every == 1 else 's'}"

    def steps(self, count: int) -> relativedelta:
        return relativedelta(weeks=count) if self.unit == "week" else relativedelta(months=count)

    def after(self, day: date) -> date:
        """The day this long after `day` (the 31st a month on is the month's last day)."""
        later: date = day + self.steps(self.every)
        return later

    def elapsed(self, since: date, today: date) -> int:
        """Whole weeks or months (this cadence's unit) from `since` to `today`; 0 if today isn't after it."""
        if today <= since:
            return 0
        if self.unit == "week":
            return (today - since).days // 7
        gap = relativedelta(today, since)
        count = int(gap.years) * 12 + int(gap.months)
        while since + self.steps(count + 1) <= today:  # the 31st to the 28th of February is a month too
            count += 1
        return count


def units(count: int, unit: str) -> str:
    """`1 month`, `5 months`."""
    return f"{count} {unit}{'' if count == 1 else 's'}"


def parse_cadence(text: str) -> Cadence | None:
    """What was typed as a cadence: None for off (empty, "off", "never"), else the cadence.

    Raises CadenceError, naming the text, for anything else.
    """
    typed = " ".join(text.casefold().split())
    if typed in _OFF_WORDS:
        return None
    if typed in _ALONE:
        return Cadence(*_ALONE[typed])
    match = _TYPED.fullmatch(typed)
    count_text = match.group(1) if match else None
    if match is None or not (count_text is None or count_text.isdigit() or count_text in _NUMBER_WORDS):
        raise CadenceError(
            f'"{visible(text.strip())}" isn\'t a number of weeks or months; try {EXAMPLE} (empty turns it off).'
        )
    count = _NUMBER_WORDS.get(count_text or "a") or int(count_text or 1)
    if not 1 <= count <= MOST:
        raise CadenceError(f"Keep in touch every 1 to {MOST} weeks or months; {count} is out of that range.")
    return Cadence(count, "week" if match.group(2).startswith("w") else "month")


def read_cadence(stored: str | None) -> Cadence | None:
    """A cadence as the journal keeps it; what an older version or a hand edit left there that
    isn't one counts as off, so it never breaks a list."""
    try:
        return parse_cadence(stored or "")
    except CadenceError:
        return None


def cadence_text(cadence: Cadence | None) -> str:
    """How the journal keeps a cadence: its words, or OFF."""
    return OFF if cadence is None else str(cadence)


def stored_cadence(text: str) -> str:
    """What was typed, as the journal keeps it; raises CadenceError for text that isn't a cadence."""
    return cadence_text(parse_cadence(text))
