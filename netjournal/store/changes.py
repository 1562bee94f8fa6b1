"""The fields each update may write, as typed shapes.

A function that changes a row takes `**fields: Unpack[...Changes]`, so mypy checks every
call, and `check_fields` refuses anything else at run time: the people's summary columns
(kept by the database's triggers), ids, and the times the store keeps itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypedDict


class EventChanges(TypedDict, total=False):
    name: str
    date: date
    kind: str
    location: str
    notes: str
    tags: tuple[str, ...]  # normalised (domain.tags.parse_tags); kept as rows of `tag`, not a column


class GoalChanges(TypedDict, total=False):
    text: str
    outcome: str
    learned: str


class ReflectionChanges(TypedDict, total=False):
    showed_up: bool
    energy_before: int | None
    energy_after: int | None
    hard: str
    others_too: str
    friend_words: str
    gained: str
    proud: str
    worry: str
    worry_sure_before: int | None
    worry_happened: str | None
    worry_sure_after: int | None


class PersonChanges(TypedDict, total=False):
    name: str
    great_at: str
    contact: str
    notes: str
    keep_in_touch: str  # a cadence as typed ("every 3 months"); kept as domain/cadence.py writes it
    tags: tuple[str, ...]


class MeetingChanges(TypedDict, total=False):
    status: str
    talked_about: str
    not_work: str
    still_thinking: str
    follow_up: str
    follow_up_due: date | None
    followed_up_on: date | None


def check_fields(function: str, fields: Mapping[str, object], writable: frozenset[str]) -> None:
    """Raise TypeError, before anything is written, when `fields` names one `function` doesn't write."""
    unknown = sorted(set(fields) - writable)
    if unknown:
        raise TypeError(f"{function}() can't write {', '.join(unknown)}; it writes {', '.join(sorted(writable))}.")


EVENT_FIELDS = EventChanges.__optional_keys__
GOAL_FIELDS = GoalChanges.__optional_keys__
REFLECTION_FIELDS = ReflectionChanges.__optional_keys__
PERSON_FIELDS = PersonChanges.__optional_keys__
MEETING_FIELDS = MeetingChanges.__optional_keys__
