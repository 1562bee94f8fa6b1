"""The first page of the Events list, read with the standard library's sqlite3 alone.

SQLModel and SQLAlchemy take about a third of a second to load, which the app
spends in a thread after its first frame. This reader needs neither, so the
Events list can show its rows in that first frame: one indexed query, a few
milliseconds, through a read-only connection that never changes the file. It
answers exactly as `store.events.list_event_rows` does (a test holds them
equal on a varied journal), or not at all: a journal it can't read as it is
(not there yet, to be upgraded, busy, odd) gets None, and the app reads it the
usual way a moment later.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from netjournal.domain.dates import read_day
from netjournal.domain.text import kept_line
from netjournal.errors import JournalError
from netjournal.store import cipher
from netjournal.store.files import SCHEMA_VERSION

BUSY_MS = 50  # a write holding the file longer than this: let the usual read wait for it instead


@dataclass(frozen=True)
class EventRow:
    """One line of the Events list."""

    id: str
    date: date | None  # None: a day an older version or a hand edit left unreadable
    name: str
    kind: str
    goal_text: str
    outcome: str | None
    people_met: int
    has_reflection: bool
    location: str = ""
    tags: tuple[str, ...] = ()


# The same question `list_event_rows` asks, in the same order (date, then id, newest first).
_FIRST_PAGE = """
SELECT event.id, event.date, event.name, event.kind, goal.text, goal.outcome,
       (SELECT count(*) FROM meeting
         WHERE meeting.event_id = event.id AND meeting.deleted_at IS NULL AND meeting.status = 'met'),
       EXISTS (SELECT 1 FROM reflection
                WHERE reflection.event_id = event.id AND reflection.deleted_at IS NULL),
       event.location
FROM event LEFT OUTER JOIN goal ON goal.event_id = event.id AND goal.deleted_at IS NULL
WHERE event.deleted_at IS NULL
ORDER BY event.date DESC, event.id DESC
LIMIT ?
"""


_TAGS = """
SELECT record_id, name FROM tag
WHERE record_table = ? AND deleted_at IS NULL AND record_id IN (SELECT value FROM json_each(?))
ORDER BY record_id, name
"""


def live_tags(conn: sqlite3.Connection, *, table: str, ids: list[str]) -> dict[str, list[str]]:
    """The live tags of the records `ids` of `table` (event or person), as `store.tags.tags_by_record` reads
    them, through a plain sqlite3 connection: for the readers that go without the ORM (this page, the vCards)."""
    found: dict[str, list[str]] = {}
    for record_id, name in conn.execute(_TAGS, (table, json.dumps(ids))):
        found.setdefault(record_id, []).append(name)
    return found


class _Odd(Exception):
    """A value of a type the journal never writes: the usual read knows what to make of it."""


def _text(value: object) -> str:
    if type(value) is not str:
        raise _Odd
    return kept_line(value)


def _row(r: tuple[object, ...]) -> EventRow:
    goal_text, outcome, met = r[4], r[5], r[6]
    if type(r[0]) is not str or type(met) is not int or (outcome is not None and type(outcome) is not str):
        raise _Odd
    return EventRow(
        id=r[0],
        date=read_day(r[1]),
        name=_text(r[2]),
        kind=_text(r[3]),
        goal_text=_text(goal_text) if goal_text is not None else "",
        outcome=outcome,
        people_met=met,
        has_reflection=bool(r[7]),
        location=_text(r[8]) if r[8] is not None else "",
    )


def first_event_rows(path: Path, *, limit: int) -> list[EventRow] | None:
    """The newest `limit` rows of the Events list, or None when this quick read can't be sure of them."""
    if not path.is_file():
        return None
    try:
        # Read-only, through SQLite's locks: the app's own connection may be opening the file this moment.
        uri = f"{path.resolve().as_uri()}?mode=ro"  # as_uri() percent-encodes %, ? and #: the name stays itself
        conn = cipher.connect(path, uri, uri=True, timeout=BUSY_MS / 1000)
    except (sqlite3.Error, JournalError):  # an encrypted journal not unlocked yet, too
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None  # an older journal is upgraded first; a newer one is refused
        rows = [_row(r) for r in conn.execute(_FIRST_PAGE, (limit,))]
        tags = live_tags(conn, table="event", ids=[r.id for r in rows])
        return [replace(r, tags=tuple(_text(t) for t in tags[r.id])) if r.id in tags else r for r in rows]
    except (sqlite3.Error, _Odd, ValueError):
        return None
    finally:
        conn.close()
