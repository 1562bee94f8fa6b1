"""Before and after an event: what is coming up, which meetings count, the worry check, a look back.

Pure: no UI, no database. One rule each, used by every place that counts: the store's
summary triggers take `COUNTED_STATUS` from here and compare the event's day with the
day the summaries were brought to, exactly as `counts_as_met` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

COUNTED_STATUS = "met"  # the one meeting status that counts, and only from the event's day on
HOPING = "hoping"
NOT_THIS_TIME = "not_this_time"
LOOK_BACK_DAYS = 3  # an event this many days either side of today, a year or more ago, is looked back on


def is_coming_up(event_date: date | None, today: date) -> bool:
    """An event dated after today is coming up. A day the journal can't read is not."""
    return event_date is not None and event_date > today


def counts_as_met(status: str, event_date: date | None, today: date) -> bool:
    """A meeting counts (times met, last met, the circle, follow-ups, Insights) only when you met
    them and the event's day has come: never one only hoped for, never at a coming-up event. (A day
    the journal can't read isn't coming up: such a meeting counts, as it always did.)"""
    return status == COUNTED_STATUS and not is_coming_up(event_date, today)


def showed_up_credited(event_date: date | None, today: date) -> bool:
    """ "I showed up" is credited from the event's day on."""
    return event_date is not None and event_date <= today


def new_slot_status(event_date: date | None, today: date) -> str:
    """A new meet-list slot: someone you'd like to meet before the day, someone you met after it."""
    return HOPING if is_coming_up(event_date, today) else COUNTED_STATUS


def asks_how_it_went(status: str, event_date: date | None, today: date) -> bool:
    """A slot hoped for, once the day has come: it asks whether you met them, or not this time."""
    return status == HOPING and not is_coming_up(event_date, today)


# The worry check ------------------------------------------------------------------

# How sure: one five-step scale in words, used everywhere (before, after, Insights).
SURE: dict[int, str] = {
    1: "hardly",
    2: "a little",
    3: "about half",
    4: "quite sure",
    5: "certain",
}
HAPPENED: dict[str, str] = {
    "no": "no, it didn't",
    "partly": "partly",
    "yes": "yes, it did",
}


@dataclass(frozen=True)
class WorryFacts:
    """One worry written before an event, and what came of it (None: not said yet)."""

    sure_before: int | None
    happened: str | None
    count: int = 1


@dataclass(frozen=True)
class WorrySummary:
    worries: int = 0  # worries whose outcome was written down
    happened: int = 0  # happened the way you feared
    partly: int = 0
    # sure-before level -> (worries at that level, how many of them happened the way you feared)
    by_sure: dict[int, tuple[int, int]] | None = None


def sum_worries(facts: Iterable[WorryFacts]) -> WorrySummary:
    """What the worries added up to: only those whose outcome was written down."""
    worries = happened = partly = 0
    by_sure: dict[int, tuple[int, int]] = {}
    for f in facts:
        if f.happened not in HAPPENED:
            continue
        worries += f.count
        happened += f.count if f.happened == "yes" else 0
        partly += f.count if f.happened == "partly" else 0
        if f.sure_before in SURE:
            seen, came = by_sure.get(f.sure_before, (0, 0))
            by_sure[f.sure_before] = (seen + f.count, came + (f.count if f.happened == "yes" else 0))
    return WorrySummary(worries=worries, happened=happened, partly=partly, by_sure=by_sure)


def worry_line(summary: WorrySummary) -> str:
    """Kind words for what the worries added up to."""
    if summary.worries == 0:
        return "Write a worry before an event and, afterwards, whether it happened: it adds up here."
    if summary.worries == 1:
        came = (
            "it happened the way you feared"
            if summary.happened
            else ("it partly happened" if summary.partly else "it didn't happen the way you feared")
        )
        return f"Of 1 worry written down, {came}."
    happened = summary.happened or "none"  # "Of 3 worries, none happened ...", never "0 happened"
    line = f"Of {summary.worries} worries, {happened} happened the way you feared"
    if summary.partly:
        line += f", {summary.partly} partly"
    return line + "."


def sure_lines(summary: WorrySummary, width: int = 10) -> list[str]:
    """A small picture: for each step of how sure you were before, how many worries, and how many happened."""
    rows = summary.by_sure or {}
    label_width = max(len(label) for label in SURE.values())
    lines = []
    for level, label in SURE.items():
        seen, came = rows.get(level, (0, 0))
        if not seen:
            continue
        cells = max(1, round(width * seen / max(s for s, _ in rows.values())))
        filled = round(cells * came / seen)
        lines.append(f"{label.ljust(label_width)}  {'█' * filled}{'░' * (cells - filled)}  {came} of {seen} happened")
    return lines


# A look back ------------------------------------------------------------------------


@dataclass(frozen=True)
class PastEvent:
    name: str
    date: date
    people: Sequence[str] = ()  # the people you met there


def _years_ago(event_date: date, today: date) -> int | None:
    """How many whole years ago `event_date` fell within LOOK_BACK_DAYS of today's date, if it did."""
    for years in range(1, today.year - event_date.year + 2):
        try:
            anniversary = event_date.replace(year=event_date.year + years)
        except ValueError:  # 29 February in a year without one
            anniversary = event_date.replace(year=event_date.year + years, day=28)
        if abs((anniversary - today).days) <= LOOK_BACK_DAYS:
            return years
    return None


def look_back(events: Iterable[PastEvent], today: date) -> str | None:
    """One quiet line about an event a year or more ago this week, or None. Never more than one:
    the nearest in years (the most recent), then the one with the most people met."""
    found = [
        (years, e) for e in events if e.date < today - timedelta(days=300) and (years := _years_ago(e.date, today))
    ]
    if not found:
        return None
    years, event = min(found, key=lambda pair: (pair[0], -len(pair[1].people), pair[1].name))
    when = "A year ago" if years == 1 else f"{years} years ago"
    line = f"{when} this week: {event.name}"
    if event.people:
        line += f", where you met {join_names(event.people)}"
    return line + "."


def join_names(names: Sequence[str]) -> str:
    """`Ana`, `Ana and Ben`, `Ana, Ben and Cleo`."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
