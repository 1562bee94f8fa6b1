"""Importing events from a calendar file (.ics): read with `icalendar`, repeats expanded with
`recurring-ical-events` within the range asked for, then added or brought up to date.

Each event remembers its calendar key (the UID, and for a repeat the day of that occurrence)
and the calendar's fields as imported: importing again adds nothing, and a changed calendar
changes only the fields not edited here since (domain.calendar.reimport). What a re-import
replaces is kept in History. An event you deleted stays deleted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlmodel import Session, col, select

from netjournal.domain.calendar import FIELDS, count_line, guess_kind, reimport
from netjournal.domain.dates import in_range
from netjournal.domain.text import clean_text, fold_line
from netjournal.errors import InputError
from netjournal.store import queries
from netjournal.store.changes import EventChanges
from netjournal.store.models import Event

BACK = timedelta(days=30)  # the default range: a month back ...
AHEAD = timedelta(days=180)  # ... to half a year ahead
UNTITLED = "Untitled event"


class NotACalendarError(InputError):
    """The file isn't a calendar netjournal can read; nothing was written."""


@dataclass(frozen=True)
class CalendarEvent:
    key: str  # the UID; for a repeat, the UID and the occurrence's day
    name: str
    date: date
    location: str
    kind: str

    def fields(self) -> dict[str, Any]:
        return {"name": self.name, "date": self.date.isoformat(), "location": self.location, "kind": self.kind}


@dataclass(frozen=True)
class ImportCount:
    added: int = 0
    updated: int = 0
    kept: int = 0

    def line(self) -> str:
        return count_line(self.added, self.updated, self.kept)


def _day(value: Any, local: tzinfo | None) -> date | None:
    """The day a DTSTART falls on in local time (a floating time or an all-day date as written)."""
    if isinstance(value, datetime):
        return (value.astimezone(local) if value.tzinfo is not None else value).date()
    if isinstance(value, date):
        return value
    return None


def read_calendar(data: bytes, *, start: date, end: date, local: tzinfo | None = None) -> list[CalendarEvent]:
    """The events of an .ics file from `start` to `end` (both days included), repeats expanded.

    Raises NotACalendarError, in one line, for anything that isn't a calendar."""
    import icalendar
    import recurring_ical_events  # type: ignore[import-untyped]

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as err:  # noqa: BLE001  (icalendar raises many kinds on a broken file)
        raise NotACalendarError(f"it can't be read as a calendar ({_first_line(err)})") from None
    if getattr(calendar, "name", None) != "VCALENDAR":
        raise NotACalendarError("it holds no calendar (no BEGIN:VCALENDAR)")
    repeating = {str(c.get("UID", "")) for c in calendar.walk("VEVENT") if {"RRULE", "RDATE", "RECURRENCE-ID"} & set(c)}
    try:
        occurrences = list(recurring_ical_events.of(calendar).between(start, end + timedelta(days=1)))
    except Exception as err:  # noqa: BLE001
        raise NotACalendarError(f"its events can't be read ({_first_line(err)})") from None
    found: dict[str, CalendarEvent] = {}
    for component in occurrences:
        if component.name != "VEVENT" or "DTSTART" not in component:
            continue
        day = _day(component.decoded("DTSTART"), local)
        if day is None or not in_range(day) or not start <= day <= end:
            continue
        uid = clean_text(str(component.get("UID", ""))).strip()
        name = fold_line(clean_text(str(component.get("SUMMARY", "")))).strip() or UNTITLED
        if not uid:
            uid = f"no-uid:{name}:{day.isoformat()}"  # a calendar without UIDs: its name and day stand in
        key = uid
        if uid in repeating:
            original = _day(component.decoded("RECURRENCE-ID"), local) if "RECURRENCE-ID" in component else day
            key = f"{uid}#{(original or day).isoformat()}"
        location = fold_line(clean_text(str(component.get("LOCATION", "")))).strip()
        found[key] = CalendarEvent(key=key, name=name, date=day, location=location, kind=guess_kind(name))
    return sorted(found.values(), key=lambda e: (e.date, e.name, e.key))


def merge_calendar(
    *, session: Session, events: list[CalendarEvent], visit: str, progress: Callable[[int, int], object] | None = None
) -> ImportCount:
    """Add the events new to the journal; bring the others up to date where you haven't edited them."""
    keys = [e.key for e in events]
    known: dict[str, Event] = {}
    for i in range(0, len(keys), 500):
        stmt = select(Event).where(col(Event.calendar_uid).in_(keys[i : i + 500]))
        for row in session.exec(stmt):
            known.setdefault(row.calendar_uid or "", row)
    added = updated = kept = 0
    for n, incoming in enumerate(events, 1):
        ev = known.get(incoming.key)
        if ev is None:
            new = queries.create_event(
                session=session,
                name=incoming.name,
                date=incoming.date,
                kind=incoming.kind,
                location=incoming.location,
            )
            new.calendar_uid, new.calendar_fields = incoming.key, json.dumps(incoming.fields())
            added += 1
        elif ev.deleted_at is None:  # one you deleted stays deleted
            imported = _remembered(ev.calendar_fields)
            current = {"name": ev.name, "date": ev.date.isoformat(), "location": ev.location, "kind": ev.kind}
            result = reimport(current, imported, incoming.fields())
            if result.changes:
                queries.update_event(session=session, event_id=ev.id, visit=visit, **_changes(result.changes))
                updated += 1
            kept += bool(result.kept)
            if result.remembered != imported:
                ev.calendar_fields = json.dumps(result.remembered)
        if progress is not None:
            progress(n, len(events))
    session.flush()
    return ImportCount(added=added, updated=updated, kept=kept)


def _changes(fields: dict[str, Any]) -> EventChanges:
    changes = EventChanges()
    for key, value in fields.items():
        if key == "date":
            changes["date"] = date.fromisoformat(value)
        elif key in ("name", "location", "kind"):
            changes[key] = str(value)  # type: ignore[literal-required]
    return changes


def _remembered(text: str | None) -> dict[str, Any]:
    try:
        fields = json.loads(text) if text else {}
    except ValueError:
        return {}
    return {k: v for k, v in fields.items() if k in FIELDS} if isinstance(fields, dict) else {}


def _first_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return lines[0][:160] if lines else type(err).__name__
