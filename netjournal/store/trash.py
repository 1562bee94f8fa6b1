"""The Trash: deleted events and people, kept until restored or deleted for good.

Deleting is soft: the row's `deleted_at` is set and it leaves every list. A person's meetings
leave with them, with the same stamp, so restoring the person brings exactly those back (their
meet-list slots are empty meanwhile; the events stay).

Deleting for good (`purge`) removes the rows, their goal, meetings and reflection, and their
History, leaves a tombstone of each event and person (id, table, when: no text) for a sync folder,
and leaves no copy of their text in the file: SQLite's secure_delete zeroes what is
freed, the search index is merged into one piece (which leaves their words out), VACUUM then
rewrites every page (a journal written where secure_delete was off can hold old copies in its
free pages), and a TRUNCATE checkpoint empties the write-ahead log.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from netjournal.domain.text import visible
from netjournal.errors import InputError, JournalError
from netjournal.store import search_index
from netjournal.store.device import keep_tombstones
from netjournal.store.models import Event, Meeting, Person, utcnow
from netjournal.store.rows import CHUNK, alive, require, touch


@dataclass(frozen=True)
class TrashRow:
    """One deleted event or person."""

    id: str
    kind: str  # "event" or "person"
    name: str
    deleted_at: datetime


@dataclass(frozen=True)
class Purged:
    """What `purge` deleted for good; `cleared` is False if the file couldn't be tidied yet (see `purge`)."""

    events: int
    people: int
    cleared: bool = True


# Deleting and restoring -----------------------------------------------------------------------


def delete_event(*, session: Session, event_id: str) -> None:
    """Soft delete: the event goes to the Trash and disappears from every list until restored."""
    ev = require(session, Event, event_id)
    ev.deleted_at = utcnow()
    touch(ev)
    session.flush()


def restore_event(*, session: Session, event_id: str) -> Event:
    ev = session.get(Event, event_id)
    if ev is None:
        raise InputError("That event is no longer in the journal.")
    ev.deleted_at = None
    touch(ev)
    session.flush()
    return ev


def delete_person(*, session: Session, person_id: str) -> None:
    """Soft delete: the person goes to the Trash, and their meetings with them (their slots are empty now)."""
    person = require(session, Person, person_id)
    stamp = utcnow()
    person.deleted_at = stamp
    touch(person)
    session.flush()
    session.execute(
        update(Meeting)
        .where(col(Meeting.person_id) == person_id, alive(Meeting))
        .values(deleted_at=stamp, updated_at=stamp)
    )
    session.flush()


def restore_person(*, session: Session, person_id: str) -> int:
    """Bring a person back from the Trash with the meetings deleted with them; how many of those
    stay off their meet list because someone else took the slot meanwhile."""
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is None:
        raise InputError("That person isn't in the Trash.")
    stamp = person.deleted_at
    meetings = list(
        session.exec(select(Meeting).where(col(Meeting.person_id) == person_id, col(Meeting.deleted_at) == stamp))
    )
    person.deleted_at = None
    touch(person)
    kept_off = 0
    for meeting in meetings:
        taken = select(col(Meeting.id)).where(
            col(Meeting.event_id) == meeting.event_id, col(Meeting.slot) == meeting.slot, alive(Meeting)
        )
        if session.exec(taken.limit(1)).first() is not None:
            kept_off += 1
            continue
        meeting.deleted_at = None
        touch(meeting)
        session.flush()
    session.flush()
    return kept_off


def trash(*, session: Session) -> list[TrashRow]:
    """Every deleted event and person, the most recently deleted first."""
    rows = [
        TrashRow(id=i, kind="event", name=name, deleted_at=when)
        for i, name, when in session.exec(
            select(col(Event.id), col(Event.name), col(Event.deleted_at)).where(col(Event.deleted_at).is_not(None))
        )
        if when is not None
    ]
    rows += [
        TrashRow(id=i, kind="person", name=name, deleted_at=when)
        for i, name, when in session.exec(
            select(col(Person.id), col(Person.name), col(Person.deleted_at)).where(col(Person.deleted_at).is_not(None))
        )
        if when is not None
    ]
    return sorted(rows, key=lambda r: (r.deleted_at, r.id), reverse=True)


def find_in_trash(*, session: Session, record_id: str) -> TrashRow:
    """The deleted event or person with this id; one clear line if the Trash has none."""
    for row in trash(session=session):
        if row.id == record_id:
            return row
    raise InputError(f"Nothing in the Trash has the id {visible(record_id)}; `netjournal trash` lists what is there.")


def restore(*, session: Session, record_id: str) -> tuple[TrashRow, int]:
    """Bring a deleted event or person back; for a person, how many meetings stay off their meet list."""
    row = find_in_trash(session=session, record_id=record_id)
    if row.kind == "event":
        restore_event(session=session, event_id=row.id)
        return row, 0
    return row, restore_person(session=session, person_id=row.id)


# Deleting for good ----------------------------------------------------------------------------


def purge_with(*, session: Session, ids: Collection[str] | None = None) -> Purged:
    """`purge` on the journal `session` is open on (from the app's writer); the session itself isn't used."""
    bind = session.get_bind()
    return purge(engine=bind if isinstance(bind, Engine) else bind.engine, ids=ids)


def purge(*, engine: Engine, ids: Collection[str] | None = None) -> Purged:
    """Delete for good what is in the Trash (those of `ids` still there, if given), leaving no copy of it in the file.

    `cleared` is False if the file couldn't be tidied (VACUUM, then emptying the write-ahead log) just now:
    another window reading, or no room; the next purge tidies it.
    """
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        level, conn.isolation_level = conn.isolation_level, None  # BEGIN and COMMIT are said here
        try:
            return _purge(conn, ids)
        finally:
            conn.isolation_level = level
    finally:
        raw.close()


def _purge(conn: sqlite3.Connection, ids: Collection[str] | None) -> Purged:
    secure = int(conn.execute("PRAGMA secure_delete").fetchone()[0])
    conn.execute("PRAGMA secure_delete=ON")
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
            events, people = _deleted(conn, "event", ids), _deleted(conn, "person", ids)
            _leave_tombstones(conn, events, people)
            delete_records(conn, events, people)
            _forget_in_search(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as err:
        raise JournalError(f"The Trash couldn't be emptied just now ({err}); nothing was deleted.") from None
    try:  # also when nothing was deleted now: a purge whose tidying couldn't finish is finished by the next
        conn.execute("VACUUM")  # rewrites every page: no old copy stays in a free page
        cleared = not conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]  # busy: a reader holds the log
    except sqlite3.Error:
        cleared = False
    with contextlib.suppress(sqlite3.Error):  # as it was, for whatever this pooled connection does next
        conn.execute(f"PRAGMA secure_delete={secure}")
    return Purged(events=len(events), people=len(people), cleared=cleared)


def _forget_in_search(conn: sqlite3.Connection) -> None:
    """The search index keeps a deleted row's words until its pieces are merged: merged here, into one."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (search_index.INDEX,)).fetchone():
        conn.execute(search_index.OPTIMIZE)


def _deleted(conn: sqlite3.Connection, table: str, ids: Collection[str] | None) -> list[str]:
    sql = f"SELECT id FROM {table} WHERE deleted_at IS NOT NULL"
    found = [str(r[0]) for r in conn.execute(sql)]
    return found if ids is None else [i for i in found if i in set(ids)]


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _ids(conn: sqlite3.Connection, sql: str, ids: list[str]) -> list[str]:
    found: list[str] = []
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        found += [str(r[0]) for r in conn.execute(sql.format(marks=marks), chunk)]
    return found


def _delete(conn: sqlite3.Connection, sql: str, ids: list[str]) -> None:
    for chunk in _chunks(ids):
        conn.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk)


def _leave_tombstones(conn: sqlite3.Connection, events: list[str], people: list[str]) -> None:
    """A tombstone for each record deleted for good (no text: id, table, when it went to the Trash), so a sync
    deletes it on the other devices too."""
    for table, ids in (("event", events), ("person", people)):
        for chunk in _chunks(ids):
            marks = ", ".join("?" * len(chunk))
            stones = conn.execute(f"SELECT id, ?, deleted_at FROM {table} WHERE id IN ({marks})", [table, *chunk])
            keep_tombstones(conn, stones.fetchall())


def delete_records(conn: sqlite3.Connection, events: list[str], people: list[str]) -> None:
    """Delete these events and people for good, with their goals, meetings, reflections, tags and History."""
    goals = _ids(conn, "SELECT id FROM goal WHERE event_id IN ({marks})", events)
    reflections = _ids(conn, "SELECT id FROM reflection WHERE event_id IN ({marks})", events)
    meetings = _ids(conn, "SELECT id FROM meeting WHERE event_id IN ({marks})", events)
    meetings += _ids(conn, "SELECT id FROM meeting WHERE person_id IN ({marks})", people)
    meetings = list(dict.fromkeys(meetings))
    records = [*events, *goals, *reflections, *meetings, *people]
    _delete(conn, "DELETE FROM history WHERE record_id IN ({marks})", records)
    _delete(conn, "DELETE FROM tag WHERE record_id IN ({marks})", [*events, *people])
    _delete(conn, "DELETE FROM goal WHERE id IN ({marks})", goals)
    _delete(conn, "DELETE FROM reflection WHERE id IN ({marks})", reflections)
    _delete(conn, "DELETE FROM meeting WHERE id IN ({marks})", meetings)
    _delete(conn, "DELETE FROM event WHERE id IN ({marks})", events)
    _delete(conn, "DELETE FROM person WHERE id IN ({marks})", people)
