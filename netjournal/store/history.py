"""Each field's earlier values: kept as pages save, listed for an event or a person, restored.

A visit is one opening of a page; the page passes its id with each save. A save keeps the value
it replaces once per visit and field (not per keystroke or autosave). When the value it replaces
isn't the one the page read (`expected`: another window, an import or a sync wrote it since),
that other text is kept too, never lost, and `changed_elsewhere` tells the page which fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Session, col, select

from netjournal.domain.tags import parse_tags, tags_text
from netjournal.errors import InputError
from netjournal.store import changes, tags
from netjournal.store.models import (
    CleanText,
    Event,
    Goal,
    History,
    Meeting,
    Person,
    Reflection,
    Row,
    new_id,
    table_of,
    utcnow,
)
from netjournal.store.rows import alive, require, touch

_ELSEWHERE = "netjournal.changed_elsewhere"  # in session.info: what this session's saves found changed elsewhere
_MODELS: dict[str, type[Row]] = {
    "event": Event,
    "goal": Goal,
    "person": Person,
    "meeting": Meeting,
    "reflection": Reflection,
}
_WRITABLE = {
    "event": changes.EVENT_FIELDS,
    "goal": changes.GOAL_FIELDS,
    "person": changes.PERSON_FIELDS,
    "meeting": changes.MEETING_FIELDS,
    "reflection": changes.REFLECTION_FIELDS,
}
SHOWN = 500  # entries listed at most, newest first
TAGS = "tags"  # the field History keeps a record's tags under, as text (`rust embedded`)


@dataclass(frozen=True)
class ChangedElsewhere:
    """A field a save found written elsewhere since the page read it; the other text is in History."""

    table: str
    record_id: str
    field: str


@dataclass(frozen=True)
class Entry:
    """One earlier value, as the History view lists it."""

    id: str
    table: str
    record_id: str
    field: str
    value: str
    replaced_at: datetime
    slot: int | None = None  # a meeting's slot on the meet list
    person: str = ""  # a meeting's person


# Keeping ------------------------------------------------------------------------------------


def keep(
    session: Session,
    row: Row,
    fields: Mapping[str, object],
    *,
    visit: str | None,
    expected: Mapping[str, object] | None,
) -> None:
    """Before `fields` are written to `row`: keep each value they replace, once per `visit` and field,
    and every value written elsewhere since the page read `expected`. Without either, nothing is kept."""
    if (visit is None and expected is None) or row in session.new:  # a row made by this save replaces nothing
        return
    table = table_of(type(row))
    now = utcnow()
    for name, new in fields.items():
        column = table.c[name]
        old = getattr(row, name)
        if _stored(column, new) == old:
            continue
        seen = _stored(column, expected[name]) if expected is not None and name in expected else old
        keep_value(session, table=table.name, record_id=row.id, field=name, old=old, seen=seen, visit=visit, now=now)


def keep_value(
    session: Session,
    *,
    table: str,
    record_id: str,
    field: str,
    old: object,
    seen: object,
    visit: str | None,
    now: datetime | None = None,
) -> None:
    """Keep `old`, the value a save is about to replace in a field (one not stored as a column of its own,
    like tags, or one `keep` found changed), as `keep` does; `seen` is what the page read there."""
    text = _encode(old)
    if text is None:  # an empty field: nothing to keep
        return
    if seen != old:
        session.info.setdefault(_ELSEWHERE, []).append(ChangedElsewhere(table, record_id, field))
    elif visit is not None and _kept(session, visit, record_id, field):
        return
    session.add(
        History(
            record_table=table,
            record_id=record_id,
            field=field,
            value=text,
            replaced_at=now or utcnow(),
            visit=visit or new_id(),
        )
    )


def changed_elsewhere(*, session: Session) -> list[ChangedElsewhere]:
    """The fields this session's saves found changed elsewhere (each now in History), once."""
    found: list[ChangedElsewhere] = session.info.pop(_ELSEWHERE, [])
    return found


def _kept(session: Session, visit: str, record_id: str, field: str) -> bool:
    stmt = select(col(History.id)).where(
        col(History.visit) == visit, col(History.record_id) == record_id, col(History.field) == field
    )
    return session.exec(stmt.limit(1)).first() is not None


def _stored(column: Column[Any], value: object) -> object:
    """`value` as the column stores it (text cleaned as its type cleans it)."""
    kind = column.type
    return kind.clean(value) if isinstance(kind, CleanText) and isinstance(value, str) else value


def _encode(value: object) -> str | None:
    """A field's value as History keeps it: text; None for an empty field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _restore_tags(session: Session, row: Row, table: str, text: str) -> None:
    old = tags_text(tags.tags_of(session=session, table=table, record_id=row.id))
    keep_value(session, table=table, record_id=row.id, field=TAGS, old=old, seen=old, visit=new_id())
    tags.write_tags(session=session, table=table, record_id=row.id, tags=parse_tags(text))
    touch(row)
    session.flush()


def _decode(column: Column[Any], text: str | None) -> object:
    if text is None:
        return None
    kind = column.type.python_type
    if kind is bool:
        return text == "1"
    if kind is int:
        return int(text)
    if kind is date:
        return date.fromisoformat(text)
    return text


# Listing --------------------------------------------------------------------------------------


def event_history(*, session: Session, event_id: str, limit: int = SHOWN) -> list[Entry]:
    """Earlier values of an event's fields, its goal, its meet list's meetings and its reflection, newest first."""
    owners: dict[str, tuple[int | None, str]] = {event_id: (None, "")}
    for model in (Goal, Reflection):
        for row_id in session.exec(select(col(model.id)).where(col(model.event_id) == event_id)):
            owners[row_id] = (None, "")
    meetings = (
        select(col(Meeting.id), col(Meeting.slot), col(Person.name))
        .join(Person, col(Person.id) == col(Meeting.person_id))
        .where(col(Meeting.event_id) == event_id, alive(Meeting))
    )
    for meeting_id, slot, name in session.exec(meetings):
        owners[meeting_id] = (slot, name)
    return _entries(session, owners, limit)


def person_history(*, session: Session, person_id: str, limit: int = SHOWN) -> list[Entry]:
    """Earlier values of a person's fields, newest first."""
    return _entries(session, {person_id: (None, "")}, limit)


def _entries(session: Session, owners: dict[str, tuple[int | None, str]], limit: int) -> list[Entry]:
    stmt = (
        select(History)
        .where(col(History.record_id).in_(list(owners)))
        .order_by(col(History.replaced_at).desc(), col(History.created_at).desc(), col(History.field))
        .limit(limit)
    )
    return [_entry(h, *owners[h.record_id]) for h in session.exec(stmt)]


def _entry(h: History, slot: int | None = None, person: str = "") -> Entry:
    return Entry(
        id=h.id,
        table=h.record_table,
        record_id=h.record_id,
        field=h.field,
        value=h.value or "",
        replaced_at=h.replaced_at,
        slot=slot,
        person=person,
    )


# Restoring --------------------------------------------------------------------------------------


def restore(*, session: Session, entry_id: str) -> Entry:
    """Put an earlier value back in its field; the value it replaces is kept in History in its turn."""
    entry = session.get(History, entry_id)
    if entry is None:
        raise InputError("That earlier value is no longer in the journal.")
    model = _MODELS.get(entry.record_table)
    if model is None or entry.field not in _WRITABLE[entry.record_table]:
        raise InputError("That earlier value is of a field netjournal doesn't restore.")
    row = require(session, model, entry.record_id)
    if entry.field == TAGS:
        _restore_tags(session, row, entry.record_table, entry.value or "")
        return _entry(entry)
    value = _decode(table_of(model).c[entry.field], entry.value)
    keep(session, row, {entry.field: value}, visit=new_id(), expected=None)
    setattr(row, entry.field, value)
    touch(row)
    session.flush()
    return _entry(entry)
