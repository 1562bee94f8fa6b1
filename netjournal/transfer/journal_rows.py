"""The journal's live rows as the export writes them, read a batch at a time from one snapshot.

Rows come straight from SQLite as tuples: each text column passes through its column type's
cleaning (so it is what every screen shows), times and dates are turned from the text SQLite
holds into export form, and any other column through its type's own result processor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Dialect
from sqlmodel import Session, SQLModel

from netjournal.domain.dates import read_day
from netjournal.store.models import CleanText, Event, Goal, Meeting, OneLineText, Person, Reflection, table_of
from netjournal.transfer.document import (
    TAGS,
    EventRecord,
    GoalRecord,
    MeetingRecord,
    PersonRecord,
    RecordModel,
    ReflectionRecord,
    columns,
    fields_holding,
    iso_time,
)

PERSON_COLUMNS = columns(PersonRecord)
GOAL_COLUMNS = columns(GoalRecord)
MEETING_COLUMNS = columns(MeetingRecord)
REFLECTION_COLUMNS = columns(ReflectionRecord)
EVENT_COLUMNS = columns(EventRecord)
SHOWN_OF_A_PERSON = ("name", "great_at", "contact", "keep_in_touch")  # what the Markdown and CSV show of someone met
_RECORDS: tuple[type[RecordModel], ...] = (PersonRecord, GoalRecord, MeetingRecord, ReflectionRecord, EventRecord)
TIMES = frozenset(name for model in _RECORDS for name in fields_holding(model, datetime))
DATES = frozenset(name for model in _RECORDS for name in fields_holding(model, date))
DELETED_AT = "deleted_at"  # a sync folder's device file has the Trash too: when each record there was deleted
BATCH = 200  # events (with what belongs to them) or people per batch; also ids per IN (...), under SQLite's limit

Row = dict[str, Any]
Convert = Callable[[Any], Any]
Write = Callable[[bytes | memoryview], object]  # takes an export's next piece, UTF-8
Tick = Callable[[int], object]  # told how many more events or people an export has written


def stored_time(text: object) -> str | None:
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


def stored_date(text: object) -> str | None:
    """A day as stored, in export form; one an older version or a hand edit left unreadable is null
    (`netjournal check` names it), so one odd row never stops an export."""
    if isinstance(text, str) and len(text) == 10 and text[:4].isdigit() and text[0] != "0":
        return text if read_day(text) is not None else None
    day = read_day(text[:10] if isinstance(text, str) else text)
    return day.isoformat() if day is not None else None


class _Table:
    """How to read one table's live rows: its SELECT list, and what each column goes through, a batch at a time."""

    def __init__(
        self, model: type[SQLModel], names: tuple[str, ...], dialect: Dialect, *, deleted: bool = False
    ) -> None:
        table = table_of(model)
        self.name = table.name
        names = (*names, DELETED_AT) if deleted else names
        self.names = names
        self._where = "1" if deleted else "deleted_at IS NULL"
        self.columns: list[str] = []
        self.converts: list[tuple[str, Convert | None]] = []
        for name in names:
            kind = table.c[name].type
            if name in TIMES or name == DELETED_AT:
                self.columns.append(name)
                self.converts.append(("each", stored_time))
            elif name in DATES:
                self.columns.append(name)
                self.converts.append(("day", stored_date))
            elif isinstance(kind, CleanText):
                self.columns.append(name)
                self.converts.append(("text", kind.clean))
            else:
                self.columns.append(name)
                self.converts.append(("each", kind.dialect_impl(dialect).result_processor(dialect, None)))

    def select(self, *, extra: tuple[str, ...] = ()) -> str:
        return f"SELECT {', '.join((*extra, *self.columns))} FROM {self.name} WHERE {self._where}"

    def rows(self, selected: list[Any], *, extra: int = 0) -> list[Row]:
        """The rows `select` gave (after `extra` columns of their own), as the export writes them.

        A column at a time, the usual case inline: a batch is hundreds of thousands of values.
        """
        if not selected:
            return []
        columns = list(zip(*selected, strict=True))[extra:]
        out: list[Sequence[Any]] = []
        for column, (how, convert) in zip(columns, self.converts, strict=True):
            if convert is None:
                out.append(column)
            elif how == "day":
                out.append([d if d is None else convert(d) for d in column])
            elif how == "text":  # cleaned as the column type cleans it; most text is printable as it is
                out.append([convert(v) if v.__class__ is str and not v.isprintable() else v for v in column])
            else:
                out.append(list(map(convert, column)))
        names = self.names
        return [dict(zip(names, values, strict=True)) for values in zip(*out, strict=True)]


class JournalRows:
    """The journal's live people and events, in the export's order, a batch at a time; with `deleted`, the
    ones in the Trash too (and swapped-out meetings), each with its `deleted_at` (a sync folder's device file).

    Everything is read inside one read transaction, so the batches show the journal at one
    moment even while the app saves beside it.
    """

    def __init__(self, session: Session, *, exported_at: str | None, batch: int = BATCH, deleted: bool = False) -> None:
        conn = session.connection()
        self._db = cast(sqlite3.Connection, conn.connection.driver_connection)
        if not self._db.in_transaction:
            self._db.execute("BEGIN")  # one snapshot for every read below
        self.exported_at = exported_at
        self._batch = batch
        dialect = conn.dialect
        self._people = _Table(Person, PERSON_COLUMNS, dialect, deleted=deleted)
        self._goals = _Table(Goal, GOAL_COLUMNS, dialect, deleted=deleted)
        self._meetings = _Table(Meeting, MEETING_COLUMNS, dialect, deleted=deleted)
        self._reflections = _Table(Reflection, REFLECTION_COLUMNS, dialect, deleted=deleted)
        self._events = _Table(Event, EVENT_COLUMNS, dialect, deleted=deleted)
        self._shown = _Table(Person, ("id", *SHOWN_OF_A_PERSON), dialect)

    def counts(self) -> tuple[int, int]:
        """How many live events and people the journal holds."""
        events = self._db.execute("SELECT count(*) FROM event WHERE deleted_at IS NULL").fetchone()[0]
        people = self._db.execute("SELECT count(*) FROM person WHERE deleted_at IS NULL").fetchone()[0]
        return int(events), int(people)

    def people(self) -> Iterator[list[Row]]:
        cursor = self._db.execute(self._people.select() + " ORDER BY id")
        while rows := cursor.fetchmany(self._batch):
            yield self._tagged(self._people.rows(rows))

    def _tagged(self, records: list[Row]) -> list[Row]:
        """`records` (events or people), each with its live tags, in alphabetical order."""
        ids = [r["id"] for r in records]
        found: dict[str, list[str]] = {}
        if ids:
            marks = ", ".join("?" * len(ids))
            sql = f"SELECT record_id, name FROM tag WHERE deleted_at IS NULL AND record_id IN ({marks}) ORDER BY 1, 2"
            for record_id, name in self._db.execute(sql, ids):
                found.setdefault(record_id, []).append(OneLineText().clean(name))
        for r in records:
            r[TAGS] = found.get(r["id"], [])
        return records

    def events(self, *, with_people: bool = False) -> Iterator[tuple[list[Row], Mapping[str, Row]]]:
        """Batches of events, each with its goal, meetings and reflection; with `with_people`, the live
        people those meetings name, by id (for the Markdown and CSV, which show who was met)."""
        cursor = self._db.execute(self._events.select() + " ORDER BY date, id")
        while rows := cursor.fetchmany(self._batch):
            events = self._tagged(self._events.rows(rows))
            ids = [e["id"] for e in events]
            goals = self._by_event(self._goals, ids)
            reflections = self._by_event(self._reflections, ids)
            meetings: dict[str, list[Row]] = {}
            for event_id, meeting in self._belonging(self._meetings, ids, order=" ORDER BY event_id, slot, id"):
                meetings.setdefault(event_id, []).append(meeting)
            for event in events:
                event["goal"] = goals.get(event["id"])
                event["meetings"] = meetings.get(event["id"], [])
                event["reflection"] = reflections.get(event["id"])
            people: dict[str, Row] = {}
            if with_people:
                met = list(dict.fromkeys(m["person_id"] for ms in meetings.values() for m in ms))
                for i in range(0, len(met), self._batch):
                    chunk = met[i : i + self._batch]
                    sql = f"{self._shown.select()} AND id IN ({', '.join('?' * len(chunk))})"
                    shown = self._tagged(self._shown.rows(self._db.execute(sql, chunk).fetchall()))
                    people.update((p["id"], p) for p in shown)
            yield events, people

    def _by_event(self, table: _Table, ids: list[str]) -> dict[str, Row]:
        return dict(self._belonging(table, ids))

    def _belonging(self, table: _Table, ids: list[str], *, order: str = "") -> Iterator[tuple[str, Row]]:
        sql = f"{table.select(extra=('event_id',))} AND event_id IN ({', '.join('?' * len(ids))}){order}"
        selected = self._db.execute(sql, ids).fetchall()
        return zip((r[0] for r in selected), table.rows(selected, extra=1), strict=True)


class DocumentRows:
    """A document in memory (from `journal_document`, or made by hand), read as JournalRows reads the journal."""

    def __init__(self, document: Mapping[str, Any], *, batch: int = BATCH) -> None:
        self.exported_at = document["exported_at"]
        self._document = document
        self._batch = batch
        self._by_id = {p["id"]: p for p in document["people"]}

    def counts(self) -> tuple[int, int]:
        return len(self._document["events"]), len(self._by_id)

    def people(self) -> Iterator[list[Row]]:
        people = self._document["people"]
        for i in range(0, len(people), self._batch):
            yield people[i : i + self._batch]

    def events(self, *, with_people: bool = False) -> Iterator[tuple[list[Row], Mapping[str, Row]]]:
        events = self._document["events"]
        for i in range(0, len(events), self._batch):
            yield events[i : i + self._batch], self._by_id
