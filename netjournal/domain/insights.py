"""What showing up has added up to. Pure: no UI, no database.

The store gathers small facts with aggregate queries (one GROUP BY row stands
for many events or people through `count`); `compute_insights` turns them into
the figures the Insights screen shows. Nothing here compares the user with
anyone else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from netjournal.domain.ahead import WorryFacts, WorrySummary, sum_worries
from netjournal.domain.followups import is_in_circle
from netjournal.domain.text import count

OUTCOME_ORDER = ("met", "partly", "not_this_time", "open")
MONTHS_SHOWN = 12

_EIGHTHS = " ▏▎▍▌▋▊▉█"
_LEVELS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class EventFacts:
    """How many events there were on one day."""

    date: date
    count: int = 1


@dataclass(frozen=True)
class EnergyFacts:
    """One event's energy before and after, both written down (1-5)."""

    date: date
    name: str
    before: int
    after: int


@dataclass(frozen=True)
class PersonFacts:
    """People met at `events_met` events who were (or weren't) followed up with."""

    events_met: int
    followed_up: bool = False
    count: int = 1


@dataclass(frozen=True)
class InsightInputs:
    events: Sequence[EventFacts] = ()
    outcomes: Mapping[str, int] = field(default_factory=dict)  # goals by outcome key
    energy: Sequence[EnergyFacts] = ()
    people: Sequence[PersonFacts] = ()
    follow_ups_done: int = 0
    not_work_moments: int = 0
    worries: Sequence[WorryFacts] = ()


@dataclass(frozen=True)
class Insights:
    showed_up_total: int = 0
    showed_up_this_year: int = 0
    events_per_month: list[tuple[str, int]] = field(default_factory=list)
    energy: list[EnergyFacts] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOME_ORDER, 0))
    people_met: int = 0
    conversations: int = 0
    circle_size: int = 0
    follow_ups_done: int = 0
    not_work_moments: int = 0
    worries: WorrySummary = field(default_factory=WorrySummary)

    @property
    def is_empty(self) -> bool:
        """Nothing to look back on yet: no event on or before today."""
        return self.showed_up_total == 0


def last_months(today: date, months: int = MONTHS_SHOWN) -> list[str]:
    """The `months` months ending in today's month, oldest first, as YYYY-MM."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months + 1, index + 1)]


def compute_insights(inputs: InsightInputs, *, today: date) -> Insights:
    """The figures for the Insights screen; events after `today` are not yet counted as shown up to."""
    months = dict.fromkeys(last_months(today), 0)
    total = this_year = 0
    for ev in inputs.events:
        if ev.date > today:
            continue
        total += ev.count
        if ev.date.year == today.year:
            this_year += ev.count
        month = f"{ev.date.year:04d}-{ev.date.month:02d}"
        if month in months:
            months[month] += ev.count
    met = [p for p in inputs.people if p.events_met > 0]
    return Insights(
        showed_up_total=total,
        showed_up_this_year=this_year,
        events_per_month=list(months.items()),
        energy=sorted(inputs.energy, key=lambda e: e.date),
        outcomes={key: inputs.outcomes.get(key, 0) for key in OUTCOME_ORDER},
        people_met=sum(p.count for p in met),
        conversations=sum(p.events_met * p.count for p in met),
        circle_size=sum(p.count for p in inputs.people if is_in_circle(p.events_met, p.followed_up)),
        follow_ups_done=inputs.follow_ups_done,
        not_work_moments=inputs.not_work_moments,
        worries=sum_worries(inputs.worries),
    )


# Words ------------------------------------------------------------------------


def _events(n: int) -> str:
    return count(n, "event")


def headline(ins: Insights) -> str:
    """The first line of Insights: how often you showed up."""
    if ins.is_empty:
        return invitation()
    total, year = ins.showed_up_total, ins.showed_up_this_year
    if total == 1:
        return "You showed up to your first event."
    if year == total:
        return f"You showed up to {_events(total)}, all of them this year."
    if year == 0:
        return f"You showed up to {_events(total)}."
    return f"You showed up to {_events(total)}. {year} this year."


def invitation() -> str:
    """What Insights says before there is anything to look back on."""
    return (
        "Nothing to look back on yet, and that's fine. "
        "After your first event, this page shows what showing up adds up to."
    )


def circle_line(ins: Insights) -> str:
    if ins.circle_size == 0:
        return "Your circle grows when you meet someone again, or follow up with them."
    people = "person" if ins.circle_size == 1 else "people"
    return f"{ins.circle_size} {people} in your circle: met at two events or more, or followed up with."


def energy_line(ins: Insights) -> str:
    """A gentle note on energy, comparing each event only with how you arrived."""
    if not ins.energy:
        return "Note your energy before and after an event, and it will show here."
    kept = sum(1 for e in ins.energy if e.after >= e.before)
    return f"You left {kept} of these {_events(len(ins.energy))} with as much energy as you came with, or more."


# Drawing ----------------------------------------------------------------------


def bar(value: float, maximum: float, width: int) -> str:
    """A horizontal bar exactly `width` cells wide; any value above zero shows at least a sliver."""
    if width <= 0:
        return ""
    if maximum <= 0 or value <= 0:
        return " " * width
    eighths = round(min(value, maximum) / maximum * width * 8)
    eighths = max(eighths, 1)
    full, rest = divmod(eighths, 8)
    drawn = "█" * full + (_EIGHTHS[rest] if rest else "")
    return drawn.ljust(width)


def spark(values: Iterable[float], maximum: float | None = None) -> str:
    """One character per value, taller for more; zero is a blank, anything above it shows."""
    values = list(values)
    top = max(values, default=0) if maximum is None else maximum
    out = []
    for v in values:
        if v <= 0 or top <= 0:
            out.append(" ")
            continue
        level = round(min(v, top) / top * (len(_LEVELS) - 1))
        out.append(_LEVELS[max(level, 0)])
    return "".join(out)


def bar_lines(rows: Sequence[tuple[str, int]], width: int) -> list[str]:
    """Labelled bars sharing one scale: `label  ████▌     count`, labels padded to line up."""
    if not rows:
        return []
    label_width = max(len(label) for label, _ in rows)
    top = max(value for _, value in rows)
    return [f"{label.ljust(label_width)}  {bar(value, top, width)}  {value}" for label, value in rows]
