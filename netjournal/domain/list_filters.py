"""What the Events and People lists can be narrowed to, and how a filter that is on is said.

A filter only ever hides rows from a list; nothing in it edits the journal. An event is
*coming up* when it is dated after today (from its day on it is past).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netjournal.domain.vocab import KINDS

WHEN = {"coming": "coming up", "past": "past"}


def is_coming_up(day: date, today: date) -> bool:
    """An event dated after today is coming up."""
    return day > today


@dataclass(frozen=True)
class EventFilter:
    tag: str = ""
    kind: str = ""  # a key of KINDS
    year: int | None = None
    when: str = ""  # a key of WHEN

    @property
    def on(self) -> bool:
        return self != EventFilter()

    def words(self) -> str:
        """The filter as the list says it: `#rust · meetups · 2019 · coming up`."""
        parts = []
        if self.tag:
            parts.append(f"#{self.tag}")
        if self.kind:
            parts.append(KINDS.get(self.kind, self.kind).lower() + "s")
        if self.year is not None:
            parts.append(str(self.year))
        if self.when:
            parts.append(WHEN.get(self.when, self.when))
        return " · ".join(parts)


@dataclass(frozen=True)
class PeopleFilter:
    tag: str = ""
    circle: bool = False  # only your circle (domain.followups.is_in_circle)

    @property
    def on(self) -> bool:
        return self != PeopleFilter()

    def words(self) -> str:
        parts = [f"#{self.tag}"] if self.tag else []
        if self.circle:
            parts.append("your circle")
        return " · ".join(parts)


def showing_line(words: str) -> str:
    """The line over a filtered list."""
    return f"Showing only {words}. x shows everything."


def nothing_matches(what: str, words: str) -> str:
    """The line a filtered list shows when nothing is left in it."""
    return f"No {what} match {words} yet. x shows everything; F changes the filter."
