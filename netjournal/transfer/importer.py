"""Reading a JSON export back in: check every record first, then merge in one transaction.

Records are matched by id. A record the journal lacks is added; one whose
`updated_at` is newer than the journal's copy replaces it; anything else is
left alone, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, col, select

from netjournal.domain.text import clean_text
from netjournal.domain.vocab import ENERGY, FOLLOW_UPS, KINDS, OUTCOMES, SLOTS, STATUSES, STILL_THINKING
from netjournal.errors import InputError
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection, utcnow
from netjournal.transfer.export import FORMAT, VERSION

KINDS_OF_RECORD = ("events", "people", "meetings", "goals", "reflections")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class ImportRefused(InputError):
    """The file can't be imported; nothing was written."""


# The fields of each record: name -> (kind of value, required).
_TIMES = {"created_at": ("time", True), "updated_at": ("time", True)}
PERSON_FIELDS = {
    "id": ("id", True),
    "name": ("name", True),
    "great_at": ("text", False),
    "contact": ("text", False),
    "notes": ("text", False),
    **_TIMES,
}
EVENT_FIELDS = {
    "id": ("id", True),
    "name": ("name", True),
    "date": ("date", True),
    "kind": (KINDS, False),
    "location": ("text", False),
    "notes": ("text", False),
    **_TIMES,
    "goal": ("nested", False),
    "meetings": ("nested", False),
    "reflection": ("nested", False),
}
GOAL_FIELDS = {
    "id": ("id", True),
    "text": ("text", False),
    "outcome": (OUTCOMES, False),
    "learned": ("text", False),
    **_TIMES,
}
MEETING_FIELDS = {
    "id": ("id", True),
    "person_id": ("id", True),
    "slot": ("slot", True),
    "status": (STATUSES, False),
    "talked_about": ("text", False),
    "not_work": ("text", False),
    "still_thinking": (STILL_THINKING, False),
    "follow_up": (FOLLOW_UPS, False),
    "follow_up_due": ("date?", False),
    "followed_up_on": ("date?", False),
    **_TIMES,
}
REFLECTION_FIELDS = {
    "id": ("id", True),
    "showed_up": ("bool", False),
    "energy_before": ("energy", False),
    "energy_after": ("energy", False),
    "hard": ("text", False),
    "others_too": ("text", False),
    "friend_words": ("text", False),
    "gained": ("text", False),
    "proud": ("text", False),
    **_TIMES,
}


@dataclass
class Record:
    """One checked record: where it sits in the file, and its values ready for the model."""

    where: str
    values: dict[str, Any]
    event_id: str | None = None


@dataclass
class Incoming:
    people: list[Record] = field(default_factory=list)
    events: list[Record] = field(default_factory=list)
    goals: list[Record] = field(default_factory=list)
    meetings: list[Record] = field(default_factory=list)
    reflections: list[Record] = field(default_factory=list)


@dataclass
class ImportReport:
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: int = 0

    def summary(self) -> str:
        added = ", ".join(_count(self.added[k], k) for k in KINDS_OF_RECORD)
        updated = ", ".join(_count(self.updated[k], k) for k in KINDS_OF_RECORD)
        line = f"Added {added}; updated {updated}."
        if self.unchanged:
            line += f" {self.unchanged} already up to date."
        return line


def _count(n: int, kind: str) -> str:
    if n == 1:
        return f"1 {'person' if kind == 'people' else kind[:-1]}"
    return f"{n} {kind}"


# Reading and checking the file --------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{where}: {message}")

    def raise_if_any(self, source: str) -> None:
        if not self.lines:
            return
        more = len(self.lines) - 1
        extra = f" (and {more} more {'problem' if more == 1 else 'problems'})" if more else ""
        raise ImportRefused(f"{source} can't be imported: {self.lines[0]}{extra}. Nothing was imported.")


def read_document(path: Path) -> Any:
    """The parsed JSON of `path`; a file that isn't readable JSON is refused in one line."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ImportRefused(f"Can't read {path}: {err.strerror or err}.") from None
    return parse_document(raw, source=str(path))


def parse_document(raw: bytes | str, *, source: str = "The file") -> Any:
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{source} is not UTF-8 text, so it isn't a netjournal export. Nothing was imported."
        ) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as err:
        where = f" (line {err.lineno}, column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
        raise ImportRefused(
            f"{source} is not complete JSON{where}; it may have been cut short. Nothing was imported."
        ) from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not allowed")


def check_document(doc: Any, *, source: str = "The file") -> Incoming:
    """Every record of `doc`, checked on its own and against the rest of the file."""
    if not isinstance(doc, dict) or "format" not in doc:
        raise ImportRefused(f'{source} is not a netjournal export (no "format": "{FORMAT}"). Nothing was imported.')
    if doc["format"] != FORMAT:
        raise ImportRefused(
            f"{source} is not a netjournal export "
            f"(its format is {json.dumps(doc['format'])[:60]}). Nothing was imported."
        )
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise ImportRefused(
            f"{source} has no export version netjournal knows ({json.dumps(version)[:40]}). Nothing was imported."
        )
    if version > VERSION:
        raise ImportRefused(
            f"{source} was written by a newer netjournal (export version {version}; this one reads up to "
            f"{VERSION}). Please update netjournal; nothing was imported."
        )
    problems = _Problems()
    for key in doc:
        if key not in ("format", "version", "exported_at", "people", "events"):
            problems.add(key, "not a part of the export format netjournal knows")
    incoming = Incoming()
    for key, fields, target in (("people", PERSON_FIELDS, incoming.people), ("events", EVENT_FIELDS, incoming.events)):
        items = doc.get(key)
        if not isinstance(items, list):
            problems.add(key, "should be a list" if key in doc else "is missing")
            continue
        for i, item in enumerate(items):
            values = _check_record(item, fields, f"{key}[{i}]", problems)
            if values is not None:
                target.append(Record(f"{key}[{i}]", values))
    for i, ev in enumerate(doc.get("events") or [] if isinstance(doc.get("events"), list) else []):
        if isinstance(ev, dict):
            _check_nested(ev, f"events[{i}]", incoming, problems)
    _check_file_as_a_whole(incoming, problems)
    problems.raise_if_any(source)
    return incoming


def _check_nested(ev: dict, where: str, incoming: Incoming, problems: _Problems) -> None:
    event_id = ev.get("id") if isinstance(ev.get("id"), str) else None
    for key, fields, target in (
        ("goal", GOAL_FIELDS, incoming.goals),
        ("reflection", REFLECTION_FIELDS, incoming.reflections),
    ):
        item = ev.get(key)
        if item is None:
            continue
        values = _check_record(item, fields, f"{where}.{key}", problems)
        if values is not None:
            target.append(Record(f"{where}.{key}", values, event_id))
    meetings = ev.get("meetings", [])
    if not isinstance(meetings, list):
        problems.add(f"{where}.meetings", "should be a list")
        return
    for j, item in enumerate(meetings):
        values = _check_record(item, MEETING_FIELDS, f"{where}.meetings[{j}]", problems)
        if values is not None:
            incoming.meetings.append(Record(f"{where}.meetings[{j}]", values, event_id))
    if len(meetings) > len(SLOTS):
        problems.add(f"{where}.meetings", f"has {len(meetings)} people; an event's meet list holds two")


def _check_record(item: Any, fields: dict, where: str, problems: _Problems) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        problems.add(where, f"should be an object, not {_json_kind(item)}")
        return None
    before = len(problems.lines)
    values: dict[str, Any] = {}
    for key in item:
        if key not in fields:
            problems.add(f"{where}.{key}", "not a field netjournal knows")
    for key, (kind, required) in fields.items():
        if kind == "nested":
            continue
        if key not in item:
            if required:
                problems.add(f"{where}.{key}", "is missing")
            continue
        try:
            values[key] = _check_value(kind, item[key])
        except ValueError as err:
            problems.add(f"{where}.{key}", str(err))
    return values if len(problems.lines) == before else None


def _check_value(kind, value: Any) -> Any:
    if kind == "time":
        return _check_time(value)
    if kind == "date":
        return _check_date(value)
    if kind == "date?":
        return None if value is None else _check_date(value)
    if kind == "id":
        if not isinstance(value, str):
            raise ValueError(f"{_show(value)} is not an id (a UUID in quotes)")
        try:
            parsed = uuid.UUID(value)
        except ValueError:
            parsed = None
        if parsed is None or str(parsed) != value:
            raise ValueError(f"{_show(value)} is not an id (a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427)")
        return value
    if kind == "slot":
        if type(value) is not int or value not in SLOTS:
            raise ValueError(f"{_show(value)} is not 1 or 2")
        return value
    if kind == "energy":
        if value is not None and (type(value) is not int or value not in ENERGY):
            raise ValueError(f"{_show(value)} is not a number from 1 to 5 (or null)")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{_show(value)} is not true or false")
        return value
    if isinstance(kind, dict):
        if not isinstance(value, str) or value not in kind:
            raise ValueError(f"{_show(value)} is not one of {', '.join(kind)}")
        return value
    # text and name
    if not isinstance(value, str):
        raise ValueError(f"should be text, not {_json_kind(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("holds a broken character (a lone UTF-16 surrogate)") from None
    if kind == "name" and not clean_text(value).strip():
        raise ValueError("is empty; every event and person needs a name")
    return value


def _check_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"{_show(value)} is not a time (like 2019-04-08T19:00:00.000000Z)")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or "T" not in value:
        raise ValueError(f"{_show(value)} is not a time (like 2019-04-08T19:00:00.000000Z)")
    if parsed.tzinfo is None:
        raise ValueError(f"{_show(value)} has no time zone; add Z for UTC")
    return parsed.astimezone(UTC)


def _check_date(value: Any) -> date:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise ValueError(f"{_show(value)} is not a date (like 2019-04-08)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{_show(value)} is not a date on the calendar") from None


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _check_file_as_a_whole(incoming: Incoming, problems: _Problems) -> None:
    for kind in KINDS_OF_RECORD:
        first_seen: dict[str, str] = {}
        for rec in getattr(incoming, kind):
            rid = rec.values["id"]
            if rid in first_seen:
                problems.add(f"{rec.where}.id", f"the same id as {first_seen[rid]}")
            else:
                first_seen[rid] = rec.where
    by_event: dict[str, list[Record]] = {}
    for rec in incoming.meetings:
        by_event.setdefault(rec.event_id, []).append(rec)
    for recs in by_event.values():
        _check_one_meet_list(recs, problems)


def _check_one_meet_list(recs: list[Record], problems: _Problems) -> None:
    slots: dict[int, str] = {}
    people: dict[str, str] = {}
    for rec in recs:
        slot, person = rec.values["slot"], rec.values["person_id"]
        if slot in slots:
            problems.add(f"{rec.where}.slot", f"slot {slot} is already taken by {slots[slot]}")
        slots.setdefault(slot, rec.where)
        if person in people:
            problems.add(f"{rec.where}.person_id", f"the same person as {people[person]}")
        people.setdefault(person, rec.where)


# Merging into the journal -------------------------------------------------------


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class Existing:
    """What the journal holds for one record, as far as merging needs to know."""

    id: str
    updated_at: datetime
    event_id: str | None = None


def _newer(incoming: Record, existing: Existing) -> bool:
    return incoming.values["updated_at"] > _aware(existing.updated_at)


_CHUNK = 900  # ids per IN (...) query, well under SQLite's limit on bound values


def _in_chunks(session: Session, stmt_for, keys) -> list:
    """Rows of `stmt_for(chunk)` for `keys` a chunk at a time."""
    keys = list(dict.fromkeys(keys))
    conn = session.connection()
    rows: list = []
    for i in range(0, len(keys), _CHUNK):
        rows.extend(conn.execute(stmt_for(keys[i : i + _CHUNK])).all())
    return rows


def _existing_by_id(session: Session, model, ids) -> dict[str, Existing]:
    """The journal's rows (soft-deleted ones too) among `ids`."""
    has_event = "event_id" in model.__table__.c
    columns = [model.id, model.updated_at] + ([model.event_id] if has_event else [])
    rows = _in_chunks(session, lambda chunk: select(*columns).where(col(model.id).in_(chunk)), ids)
    return {r[0]: Existing(*r) for r in rows}


def _defaults(model) -> dict[str, Any]:
    """The values a new row of `model` gets for fields a record leaves out."""
    out = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            out[name] = info.default_factory()
        elif not info.is_required():
            out[name] = info.default
    return out


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Text as every write to the journal stores it: without terminal control characters."""
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in values.items()}


def merge(*, session: Session, incoming: Incoming, source: str = "The file") -> ImportReport:
    """Check `incoming` against the journal, then write it; raises ImportRefused before any write.

    The journal is read and written in batches: a few queries per thousand records.
    """
    conn = session.connection()
    # A big import touches pages all over the file: a larger page cache for this
    # connection, for the length of the import, keeps that from going to disk.
    cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size={IMPORT_CACHE_SIZE}")
    try:
        return _merge(conn, _plan(session, incoming, source))
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size)}")


IMPORT_CACHE_SIZE = -131072  # KiB, as PRAGMA cache_size counts them when negative


def _merge(conn, plan: dict[str, Any]) -> ImportReport:
    report = ImportReport()
    # Meetings that change place are first taken off the meet list, so swapping
    # two slots never trips the one-person-per-slot index halfway through.
    moving = [{"_id": existing.id, "deleted_at": utcnow()} for _, existing in plan["meetings"] if existing is not None]
    if moving:
        table = Meeting.__table__
        conn.execute(update(table).where(table.c.id == bindparam("_id")), moving)
    for kind, model in (
        ("people", Person),
        ("events", Event),
        ("goals", Goal),
        ("reflections", Reflection),
        ("meetings", Meeting),
    ):
        table = model.__table__
        defaults = _defaults(model)
        added: list[dict[str, Any]] = []
        updated: dict[frozenset, list[dict[str, Any]]] = {}
        for rec, existing in plan[kind]:
            values = dict(rec.values)
            if rec.event_id is not None:
                values["event_id"] = rec.event_id
            if existing is None:
                added.append(_clean({**defaults, **values}))
                continue
            # Only the fields the record holds change; the rest of the journal's row stays.
            values = _clean(values)
            values["_id"] = values.pop("id")
            values["deleted_at"] = None
            updated.setdefault(frozenset(values), []).append(values)
        if added:
            conn.execute(insert(table), added)
        for rows in updated.values():
            conn.execute(update(table).where(table.c.id == bindparam("_id")), rows)
        report.added[kind] += len(added)
        report.updated[kind] += sum(len(rows) for rows in updated.values())
    report.unchanged = plan["unchanged"]
    return report


def _plan(session: Session, incoming: Incoming, source: str) -> dict[str, Any]:
    """For each record: (record, the journal's row to replace or None to add); the rest are left alone."""
    problems = _Problems()
    plan: dict[str, Any] = {kind: [] for kind in KINDS_OF_RECORD}
    unchanged = 0

    def decide(kind: str, rec: Record, existing: Existing | None) -> None:
        nonlocal unchanged
        if existing is None:
            plan[kind].append((rec, None))
        elif _newer(rec, existing):
            plan[kind].append((rec, existing))
        else:
            unchanged += 1

    people = _existing_by_id(session, Person, (rec.values["id"] for rec in incoming.people))
    for rec in incoming.people:
        decide("people", rec, people.get(rec.values["id"]))
    events = _existing_by_id(session, Event, (rec.values["id"] for rec in incoming.events))
    for rec in incoming.events:
        decide("events", rec, events.get(rec.values["id"]))
    for kind, model in (("goals", Goal), ("reflections", Reflection)):
        records = getattr(incoming, kind)
        by_id = _existing_by_id(session, model, (rec.values["id"] for rec in records))
        # One per event: a different id for the same event's goal merges into the journal's.
        by_event = {
            r[2]: Existing(*r)
            for r in _in_chunks(
                session,
                lambda chunk, m=model: select(m.id, m.updated_at, m.event_id).where(col(m.event_id).in_(chunk)),
                (rec.event_id for rec in records if rec.values["id"] not in by_id),
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
            decide(kind, rec, existing)

    people_in_file = {rec.values["id"] for rec in incoming.people}
    known_people = set(people) | {
        r[0]
        for r in _in_chunks(
            session,
            lambda chunk: select(Person.id).where(col(Person.id).in_(chunk)),
            (rec.values["person_id"] for rec in incoming.meetings if rec.values["person_id"] not in people_in_file),
        )
    }
    meetings = _existing_by_id(session, Meeting, (rec.values["id"] for rec in incoming.meetings))
    meetings_by_event: dict[str, list[tuple[Record, Existing | None]]] = {}
    for rec in incoming.meetings:
        person_id = rec.values["person_id"]
        if person_id not in people_in_file and person_id not in known_people:
            problems.add(f"{rec.where}.person_id", f"no person with id {person_id} in this file or the journal")
            continue
        existing = meetings.get(rec.values["id"])
        if existing is not None and existing.event_id != rec.event_id:
            problems.add(f"{rec.where}.id", "belongs to another event in this journal")
            continue
        meetings_by_event.setdefault(rec.event_id, []).append((rec, existing))
    live_lists: dict[str, list[tuple[str, int, str]]] = {}
    for mid, event_id, slot, person_id in _in_chunks(
        session,
        lambda chunk: (
            select(Meeting.id, Meeting.event_id, Meeting.slot, Meeting.person_id)
            .where(col(Meeting.event_id).in_(chunk), col(Meeting.deleted_at).is_(None))
            .order_by(Meeting.event_id, Meeting.slot)
        ),
        meetings_by_event,
    ):
        live_lists.setdefault(event_id, []).append((mid, slot, person_id))
    for event_id, pairs in meetings_by_event.items():
        _check_merged_meet_list(live_lists.get(event_id, []), pairs, problems)
        for rec, existing in pairs:
            decide("meetings", rec, existing)
    problems.raise_if_any(source)
    plan["unchanged"] = unchanged
    return plan


def _check_merged_meet_list(live: list[tuple[str, int, str]], pairs, problems: _Problems) -> None:
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
    for mid, (slot, person, where) in sorted(final.items(), key=lambda kv: kv[0] in wheres):
        here = wheres.get(mid)
        if slot in slots and here:
            problems.add(f"{here}.slot", f"slot {slot} of this event already holds {slots[slot]}")
        if person in people and here:
            problems.add(f"{here}.person_id", f"this person is already on the event's meet list ({people[person]})")
        slots.setdefault(slot, where)
        people.setdefault(person, where)


def import_document(*, store, doc: Any, source: str = "The file") -> ImportReport:
    """Check `doc` completely, then merge it into `store` in one transaction."""
    incoming = check_document(doc, source=source)
    with store.session() as session:
        return merge(session=session, incoming=incoming, source=source)
