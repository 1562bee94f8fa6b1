"""Events from a calendar: the kind a title suggests, and what a re-import may change. Pure.

An imported event remembers the calendar's fields as they were imported. On a re-import a
field follows the calendar only while it still holds what was imported (you haven't edited
it here); a field you edited is kept, and counted as kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("name", "date", "location", "kind")  # what a calendar gives an event

_KIND_WORDS = (
    ("meetup", re.compile(r"\bmeet-?ups?\b|\buser group\b|\bhack ?night\b", re.IGNORECASE)),
    ("conference", re.compile(r"\bconf(erence)?s?\b|\bsummit\b|\bcon\b|\bsymposium\b|\bforum\b", re.IGNORECASE)),
    ("dinner", re.compile(r"\bdinners?\b|\bsupper\b|\blunch\b|\bbrunch\b", re.IGNORECASE)),
    ("talk", re.compile(r"\btalks?\b|\blecture\b|\bkeynote\b|\bwebinar\b|\bseminar\b", re.IGNORECASE)),
)


def guess_kind(*texts: str) -> str:
    """The kind of event the words suggest (meetup, conference, dinner, talk), else other."""
    for kind, words in _KIND_WORDS:
        if any(words.search(text) for text in texts):
            return kind
    return "other"


@dataclass(frozen=True)
class Reimport:
    """What a re-import does to one event."""

    changes: dict[str, Any] = field(default_factory=dict)  # fields to set, as the calendar now has them
    kept: tuple[str, ...] = ()  # fields the calendar changed that you edited here: left as you have them
    remembered: dict[str, Any] = field(default_factory=dict)  # the calendar's fields, to remember from now on


def reimport(current: dict[str, Any], imported: dict[str, Any], incoming: dict[str, Any]) -> Reimport:
    """`current`: the event's fields now; `imported`: as last imported; `incoming`: as the calendar has them."""
    changes, kept = {}, []
    for key in FIELDS:
        if key not in incoming or incoming[key] == imported.get(key):
            continue  # the calendar didn't change it
        if current.get(key) == imported.get(key):
            changes[key] = incoming[key]
        elif current.get(key) != incoming[key]:
            kept.append(key)
    return Reimport(changes=changes, kept=tuple(kept), remembered={k: incoming[k] for k in FIELDS if k in incoming})


def count_line(added: int, updated: int, kept: int) -> str:
    """`Added 1 event, updated 2, kept 1 as you edited it.`"""
    events = "event" if added == 1 else "events"
    edited = "it" if kept == 1 else "them"
    return f"Added {added} {events}, updated {updated}, kept {kept} as you edited {edited}."
