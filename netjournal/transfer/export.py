"""The journal as one document: JSON (the format import reads back), Markdown or CSV.

The document holds the fields the models in transfer/document.py describe, in their order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from pydantic_core import to_json
from sqlalchemy import ColumnElement, CursorResult, String, select, type_coerce
from sqlmodel import Session, SQLModel

from netjournal.domain.dates import read_day
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection, table_of
from netjournal.transfer.document import (
    FORMAT,
    VERSION,
    EventRecord,
    GoalRecord,
    MeetingRecord,
    PersonRecord,
    RecordModel,
    ReflectionRecord,
    columns,
    fields_holding,
)
from netjournal.transfer.document import iso_time as _iso_time
from netjournal.transfer.markdown import dumps_markdown
from netjournal.transfer.spreadsheet import CSV_COLUMNS, dumps_csv, neutralise_cell

__all__ = [
    "CSV_COLUMNS",
    "EVENT_COLUMNS",
    "FORMAT",
    "FORMATS",
    "GOAL_COLUMNS",
    "MEETING_COLUMNS",
    "PERSON_COLUMNS",
    "REFLECTION_COLUMNS",
    "VERSION",
    "dumps_csv",
    "dumps_json",
    "dumps_markdown",
    "iso_date",
    "iso_time",
    "journal_document",
    "neutralise_cell",
    "render",
]

PERSON_COLUMNS = columns(PersonRecord)
GOAL_COLUMNS = columns(GoalRecord)
MEETING_COLUMNS = columns(MeetingRecord)
REFLECTION_COLUMNS = columns(ReflectionRecord)
EVENT_COLUMNS = columns(EventRecord)
_RECORDS: tuple[type[RecordModel], ...] = (PersonRecord, GoalRecord, MeetingRecord, ReflectionRecord, EventRecord)
_TIMES = frozenset(name for model in _RECORDS for name in fields_holding(model, datetime))
_DATES = frozenset(name for model in _RECORDS for name in fields_holding(model, date))


def iso_time(value: datetime | None) -> str | None:
    """A time as the export writes it (UTC, ISO 8601 with a Z and microseconds); None stays None."""
    return None if value is None else _iso_time(value)


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _stored_time(text: object) -> str | None:
    """A time as the journal stores it ("2019-04-08 19:00:00.123456", UTC) in export form; one a hand
    edit left unreadable is null (`netjournal check` names it)."""
    if not isinstance(text, str):
        return None
    if len(text) == 26 and text[10] == " " and text[19] == "." and text[:4].isdigit() and text[0] != "0":
        return f"{text[:10]}T{text[11:]}Z"
    try:
        return iso_time(datetime.fromisoformat(text))
    except ValueError:
        return None


def _stored_date(text: object) -> str | None:
    """A day as stored, in export form; one an older version or a hand edit left unreadable is null
    (`netjournal check` names it), so one odd row never stops an export."""
    if isinstance(text, str) and len(text) == 10 and text[:4].isdigit() and text[0] != "0":
        return text if read_day(text) is not None else None
    return iso_date(read_day(text[:10] if isinstance(text, str) else text))


def _as_json(names: tuple[str, ...], row: Sequence[Any]) -> dict[str, Any]:
    """A row as the export writes it: times and dates (read as stored text) in ISO form."""
    out = dict(zip(names, row, strict=True))
    for key in _TIMES.intersection(out):
        out[key] = _stored_time(out[key])
    for key in _DATES.intersection(out):
        out[key] = _stored_date(out[key])
    return out


def _live_rows(
    session: Session,
    model: type[SQLModel],
    names: tuple[str, ...],
    *,
    extra: tuple[str, ...] = (),
    order_by: tuple[str, ...] = (),
) -> CursorResult[Any]:
    """Tuples of the live rows of `model`: `extra` columns first, then `names`.

    Times and dates come back as the text SQLite holds, skipping a parse and a format per value;
    text comes back through its column's type, so it is what every screen shows.
    """
    table = table_of(model)
    columns: list[ColumnElement[Any]] = [
        type_coerce(table.c[name], String) if name in _TIMES or name in _DATES else table.c[name]
        for name in (*extra, *names)
    ]
    stmt = select(*columns).where(table.c.deleted_at.is_(None))
    result: CursorResult[Any] = session.connection().execute(stmt.order_by(*(table.c[n] for n in order_by)))
    return result


def journal_document(*, session: Session, now: datetime | None = None) -> dict[str, Any]:
    """The whole journal, soft-deleted rows left out, in a stable order.

    Rows are read as plain tuples, not model objects, so a large journal exports quickly.
    """
    goals = {
        row[0]: _as_json(GOAL_COLUMNS, row[1:]) for row in _live_rows(session, Goal, GOAL_COLUMNS, extra=("event_id",))
    }
    reflections = {
        row[0]: _as_json(REFLECTION_COLUMNS, row[1:])
        for row in _live_rows(session, Reflection, REFLECTION_COLUMNS, extra=("event_id",))
    }
    meetings: dict[str, list[dict[str, Any]]] = {}
    order = ("event_id", "slot", "id")
    for row in _live_rows(session, Meeting, MEETING_COLUMNS, extra=("event_id",), order_by=order):
        meetings.setdefault(row[0], []).append(_as_json(MEETING_COLUMNS, row[1:]))
    people = [_as_json(PERSON_COLUMNS, row) for row in _live_rows(session, Person, PERSON_COLUMNS, order_by=("id",))]
    events = []
    for row in _live_rows(session, Event, EVENT_COLUMNS, order_by=("date", "id")):
        event = _as_json(EVENT_COLUMNS, row)
        event["goal"] = goals.get(event["id"])
        event["meetings"] = meetings.get(event["id"], [])
        event["reflection"] = reflections.get(event["id"])
        events.append(event)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_time(now or datetime.now(UTC)),
        "people": people,
        "events": events,
    }


def dumps_json(document: dict[str, Any]) -> str:
    """The document as indented JSON and a newline: the bytes of `json.dumps(document, ensure_ascii=False,
    indent=2)`, written by pydantic's serializer, which is several times faster on a large journal."""
    return to_json(document, indent=2).decode("utf-8") + "\n"


FORMATS = ("json", "markdown", "csv")


def render(document: dict[str, Any], fmt: str) -> str:
    """The document as text in one of FORMATS."""
    if fmt == "json":
        return dumps_json(document)
    if fmt == "markdown":
        return dumps_markdown(document)
    if fmt == "csv":
        return dumps_csv(document)
    raise ValueError(f"unknown export format {fmt!r}")
