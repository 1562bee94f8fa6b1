"""Merging checked records into the journal, in one transaction.

Records are matched by id. A record the journal lacks is added; one whose
`updated_at` is newer than the journal's copy replaces it; anything else is
left alone, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Executable, bindparam, insert, update
from sqlmodel import Session, SQLModel, select

from netjournal.domain.text import count
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection, table_of, utcnow
from netjournal.transfer.import_checks import KINDS_OF_RECORD, Incoming, Problems, Record, no_cycle_scans

IMPORT_CACHE_SIZE = -131072  # KiB, as PRAGMA cache_size counts them when negative
_CHUNK = 900  # ids per IN (...) query, well under SQLite's limit on bound values


@dataclass
class ImportReport:
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0

    def summary(self) -> str:
        added = ", ".join(_count(self.added[k], k) for k in KINDS_OF_RECORD)
        updated = ", ".join(_count(self.updated[k], k) for k in KINDS_OF_RECORD)
        line = f"Added {added}; updated {updated}."
        if self.unchanged:
            line += f" {self.unchanged} already up to date."
        return line


def _count(n: int, kind: str) -> str:
    return count(n, "person", "people") if kind == "people" else count(n, kind[:-1])


@dataclass(frozen=True)
class Existing:
    """What the journal holds for one record, as far as merging needs to know."""

    id: str
    updated_at: datetime
    event_id: str | None = None


Pair = tuple[Record, Existing | None]  # a record, and the journal's row it replaces (None: it is added)


@dataclass
class Plan:
    """What the import will write: for each kind, the records to add or to put in place of the journal's."""

    writes: dict[str, list[Pair]] = field(default_factory=lambda: {kind: [] for kind in KINDS_OF_RECORD})
    unchanged: int = 0

    def decide(self, kind: str, rec: Record, existing: Existing | None) -> None:
        if existing is None or _newer(rec, existing):
            self.writes[kind].append((rec, existing))
        else:
            self.unchanged += 1


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _newer(incoming: Record, existing: Existing) -> bool:
    newer: bool = incoming.values["updated_at"] > _aware(existing.updated_at)
    return newer


def _in_chunks(session: Session, stmt_for: Callable[[list[str]], Executable], keys: Iterable[str]) -> list[Any]:
    """Rows of `stmt_for(chunk)` for `keys` a chunk at a time."""
    unique = list(dict.fromkeys(keys))
    conn = session.connection()
    rows: list[Any] = []
    for i in range(0, len(unique), _CHUNK):
        rows.extend(conn.execute(stmt_for(unique[i : i + _CHUNK])).all())
    return rows


def _existing_by_id(session: Session, model: type[SQLModel], ids: Iterable[str]) -> dict[str, Existing]:
    """The journal's rows (soft-deleted ones too) among `ids`."""
    table = table_of(model)
    columns = [table.c.id, table.c.updated_at] + ([table.c.event_id] if "event_id" in table.c else [])
    rows = _in_chunks(session, lambda chunk: select(*columns).where(table.c.id.in_(chunk)), ids)
    return {r[0]: Existing(*r) for r in rows}


def _defaults(model: type[SQLModel]) -> dict[str, Any]:
    """The values a new row of `model` gets for fields a record leaves out."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            out[name] = info.default_factory()  # type: ignore[call-arg]
        elif not info.is_required():
            out[name] = info.default
    return out


def merge(*, session: Session, incoming: Incoming, source: str = "The file") -> ImportReport:
    """Check `incoming` against the journal, then write it; raises ImportRefused before any write.

    All in one transaction that holds the journal's write lock from its start: what the journal
    holds is read only once no one else can change it, so an edit saved while the import waited
    for the lock is compared with the file's copy, not overwritten. `session` must not have
    written yet. The journal is read and written in batches: a few queries per thousand records.
    """
    conn = session.connection()
    take_write_lock(conn)
    # A big import touches pages all over the file: a larger page cache for this
    # connection, for the length of the import, keeps that from going to disk.
    cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size={IMPORT_CACHE_SIZE}")
    try:
        with no_cycle_scans():
            return _write(conn, _plan(session, incoming, source))
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size or 0)}")


def take_write_lock(conn: Connection) -> None:
    """Begin `conn`'s transaction holding the journal's write lock (waiting for it, up to the busy timeout)."""
    if not getattr(conn.connection.dbapi_connection, "in_transaction", False):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:  # a transaction someone else began: a write that changes nothing takes the lock before any read
        conn.exec_driver_sql("UPDATE event SET id = id WHERE 0")


_WRITE_ORDER: tuple[tuple[str, type[SQLModel]], ...] = (
    ("people", Person),
    ("events", Event),
    ("goals", Goal),
    ("reflections", Reflection),
    ("meetings", Meeting),
)


def _write(conn: Connection, plan: Plan) -> ImportReport:
    report = ImportReport()
    # Meetings that change place are first taken off the meet list, so swapping
    # two slots never trips the one-person-per-slot index halfway through.
    moving = [{"_id": existing.id, "deleted_at": utcnow()} for _, existing in plan.writes["meetings"] if existing]
    if moving:
        table = table_of(Meeting)
        conn.execute(update(table).where(table.c.id == bindparam("_id")), moving)
    for kind, model in _WRITE_ORDER:
        table = table_of(model)
        defaults = _defaults(model)
        added: list[dict[str, Any]] = []
        updated: dict[frozenset[str], list[dict[str, Any]]] = {}
        for rec, existing in plan.writes[kind]:
            values = dict(rec.values)
            if rec.event_id is not None:
                values["event_id"] = rec.event_id
            if existing is None:
                added.append({**defaults, **values})  # text is cleaned as its column binds it
                continue
            # Only the fields the record holds change; the rest of the journal's row stays.
            values["_id"] = values.pop("id")
            values["deleted_at"] = None
            updated.setdefault(frozenset(values), []).append(values)
        if added:
            conn.execute(insert(table), added)
        for rows in updated.values():
            conn.execute(update(table).where(table.c.id == bindparam("_id")), rows)
        report.added[kind] += len(added)
        report.updated[kind] += sum(len(rows) for rows in updated.values())
    report.unchanged = plan.unchanged
    return report


def _plan(session: Session, incoming: Incoming, source: str) -> Plan:
    """For each record: add it, put it in place of the journal's row, or leave it; raises ImportRefused."""
    problems = Problems()
    plan = Plan()
    people = _existing_by_id(session, Person, (rec.values["id"] for rec in incoming.people))
    for rec in incoming.people:
        plan.decide("people", rec, people.get(rec.values["id"]))
    events = _existing_by_id(session, Event, (rec.values["id"] for rec in incoming.events))
    for rec in incoming.events:
        plan.decide("events", rec, events.get(rec.values["id"]))
    for kind, model in (("goals", Goal), ("reflections", Reflection)):
        _plan_one_per_event(session, plan, kind, model, getattr(incoming, kind), problems)
    people_in_file = {rec.values["id"] for rec in incoming.people}
    person = table_of(Person)
    known_people = set(people) | {
        r[0]
        for r in _in_chunks(
            session,
            lambda chunk: select(person.c.id).where(person.c.id.in_(chunk)),
            (rec.values["person_id"] for rec in incoming.meetings if rec.values["person_id"] not in people_in_file),
        )
    }
    meetings = _existing_by_id(session, Meeting, (rec.values["id"] for rec in incoming.meetings))
    meetings_by_event: dict[str, list[Pair]] = {}
    for rec in incoming.meetings:
        person_id = rec.values["person_id"]
        if person_id not in people_in_file and person_id not in known_people:
            problems.add(f"{rec.where}.person_id", f"no person with id {person_id} in this file or the journal")
            continue
        existing = meetings.get(rec.values["id"])
        if existing is not None and existing.event_id != rec.event_id:
            problems.add(f"{rec.where}.id", "belongs to another event in this journal")
            continue
        meetings_by_event.setdefault(str(rec.event_id), []).append((rec, existing))
    meeting = table_of(Meeting)
    live_lists: dict[str, list[tuple[str, int, str]]] = {}
    for mid, event_id, slot, person_id in _in_chunks(
        session,
        lambda chunk: (
            select(meeting.c.id, meeting.c.event_id, meeting.c.slot, meeting.c.person_id)
            .where(meeting.c.event_id.in_(chunk), meeting.c.deleted_at.is_(None))
            .order_by(meeting.c.event_id, meeting.c.slot)
        ),
        meetings_by_event,
    ):
        live_lists.setdefault(event_id, []).append((mid, slot, person_id))
    for event_id, pairs in meetings_by_event.items():
        _check_merged_meet_list(live_lists.get(event_id, []), pairs, problems)
        for rec, existing in pairs:
            plan.decide("meetings", rec, existing)
    problems.raise_if_any(source)
    return plan


def _plan_one_per_event(
    session: Session, plan: Plan, kind: str, model: type[SQLModel], records: list[Record], problems: Problems
) -> None:
    """Goals and reflections: one per event, so a different id for the same event's merges into the journal's."""
    table = table_of(model)
    by_id = _existing_by_id(session, model, (rec.values["id"] for rec in records))
    by_event = {
        r[2]: Existing(*r)
        for r in _in_chunks(
            session,
            lambda chunk: select(table.c.id, table.c.updated_at, table.c.event_id).where(table.c.event_id.in_(chunk)),
            (str(rec.event_id) for rec in records if rec.values["id"] not in by_id),
        )
    }
    for rec in records:
        existing = by_id.get(rec.values["id"])
        if existing is not None and existing.event_id != rec.event_id:
            problems.add(f"{rec.where}.id", "belongs to another event in this journal")
            continue
        if existing is None:
            existing = by_event.get(rec.event_id)
            if existing is not None:
                rec = Record(rec.where, {**rec.values, "id": existing.id}, rec.event_id)
        plan.decide(kind, rec, existing)


def _check_merged_meet_list(live: list[tuple[str, int, str]], pairs: list[Pair], problems: Problems) -> None:
    """The meet list as it would be after the import still has two slots, one person each.

    `live` is the event's meet list in the journal now: (meeting id, slot, person id).
    """
    final: dict[str, tuple[int, str, str]] = {}
    for mid, slot, person_id in live:
        final[mid] = (slot, person_id, "a meeting already in the journal")
    for rec, existing in pairs:
        if existing is None or _newer(rec, existing):
            final[rec.values["id"]] = (rec.values["slot"], rec.values["person_id"], rec.where)
    wheres = {rec.values["id"]: rec.where for rec, _ in pairs}
    slots: dict[int, str] = {}
    people: dict[str, str] = {}
    # The journal's own meetings claim their places first, so a clash is named at the file's record.
    for mid, (slot, person, at) in sorted(final.items(), key=lambda kv: kv[0] in wheres):
        here = wheres.get(mid)
        if slot in slots and here:
            problems.add(f"{here}.slot", f"slot {slot} of this event already holds {slots[slot]}")
        if person in people and here:
            problems.add(f"{here}.person_id", f"this person is already on the event's meet list ({people[person]})")
        slots.setdefault(slot, at)
        people.setdefault(person, at)
