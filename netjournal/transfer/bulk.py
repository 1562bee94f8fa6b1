"""Writing many rows in one transaction: upkeep (person summaries, indexes, the search index) done once
at the end instead of after every row, and new rows inserted a batch at a time.

The summary and search triggers, and the indexes of tables that were empty when the transaction began, are
dropped inside it and made again, exactly as the journal held them, before it commits. SQLite's
DDL is transactional: no one ever sees the journal without them, and a transaction that stops
halfway leaves them as they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Dialect, TypeDecorator
from sqlalchemy.types import TypeEngine
from sqlmodel import SQLModel

from netjournal.store import search_index
from netjournal.store.models import RECOMPUTE_ALL_SUMMARIES, SUMMARY_TRIGGERS, CleanText, Day, table_of

CHUNK = 900  # ids per IN (...), well under SQLite's limit on bound values
_MANY = 20_000  # people touched past which every summary is made again, in one pass
_TRIGGER_NAMES = tuple(re.match(r"\s*CREATE TRIGGER (\w+)", sql).group(1) for sql in SUMMARY_TRIGGERS)  # type: ignore[union-attr]
_EVERYONE = " WHERE 1"
if not RECOMPUTE_ALL_SUMMARIES.endswith(_EVERYONE):  # pragma: no cover - a change in store/models.py
    raise RuntimeError("RECOMPUTE_ALL_SUMMARIES no longer ends in WHERE 1; transfer/bulk.py must follow it")


def in_chunks(items: Iterable[str]) -> Iterable[list[str]]:
    unique = list(dict.fromkeys(items))
    for i in range(0, len(unique), CHUNK):
        yield unique[i : i + CHUNK]


def marks(n: int) -> str:
    return ", ".join("?" * n)


class Upkeep:
    """What a journal keeps up by itself, done once for one transaction: from its first write the summary
    and search triggers are off (and the indexes of `fresh` tables dropped); `finish` builds the indexes, makes
    the summary of every touched person as the triggers would have, puts the triggers back and builds the
    search index again from what the journal then holds."""

    def __init__(self, conn: Connection, *, fresh: Iterable[str] = ()) -> None:
        self._conn = conn
        self._fresh = tuple(fresh)  # tables empty when the transaction began: indexed once, at the end
        self._held: tuple[list[str], list[str]] | None = None  # the SQL of the indexes and triggers dropped
        self._touched: set[str] | None = set()  # people whose meetings (or meetings' events) changed; None: many
        self._search: list[tuple[str, str]] = []  # (type, name) of the search index's parts, while it is held

    def hold(self) -> None:
        """Drop the triggers and the fresh tables' indexes (once, before the first write)."""
        if self._held is not None:
            return
        triggers = self._conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks(len(_TRIGGER_NAMES))})",
            _TRIGGER_NAMES,
        ).all()
        # The search index's triggers too: it is built again, whole, at the end (a row at a time is far slower).
        search = [
            (str(kind), str(name))
            for kind, name in self._conn.exec_driver_sql("SELECT type, name FROM sqlite_master").all()
            if search_index.is_search_object(str(name))
        ]
        self._search = search
        for kind, name in search:
            if kind == "trigger":
                self._conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        # An index SQLite made for a UNIQUE or PRIMARY KEY column has no SQL and stays.
        indexes = self._conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks(len(self._fresh))})",
            self._fresh,
        ).all()
        for name, _ in triggers:
            self._conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        for name, _ in indexes:
            self._conn.exec_driver_sql(f'DROP INDEX "{name}"')
        self._held = ([sql for _, sql in indexes], [sql for _, sql in triggers])

    def touch(self, people: Iterable[str]) -> None:
        """These people's summaries may have changed."""
        if self._touched is not None:
            self._touched.update(people)
            if len(self._touched) > _MANY:  # one pass over everyone, at the end, instead
                self._touched = None

    def people_at(self, event_ids: list[str]) -> None:
        """The people met at these events (their date or their being deleted changed) are touched."""
        for chunk in in_chunks(event_ids):
            sql = f"SELECT person_id FROM meeting WHERE deleted_at IS NULL AND event_id IN ({marks(len(chunk))})"
            self.touch(r[0] for r in self._conn.exec_driver_sql(sql, tuple(chunk)))

    def finish(self) -> None:
        """The indexes again, each touched person's summary made from their meetings, then the triggers again."""
        if self._held is None:
            return
        (indexes, triggers), self._held = self._held, None
        for sql in indexes:  # first: the summaries find each person's meetings through them
            self._conn.exec_driver_sql(sql)
        if self._touched is None:
            self._conn.exec_driver_sql(RECOMPUTE_ALL_SUMMARIES)
        else:
            for chunk in in_chunks(self._touched):
                where = f" WHERE id IN ({marks(len(chunk))})"
                self._conn.exec_driver_sql(RECOMPUTE_ALL_SUMMARIES.removesuffix(_EVERYONE) + where, tuple(chunk))
        for sql in triggers:
            self._conn.exec_driver_sql(sql)
        if self._search:
            names, self._search = self._search, []
            for sql in search_index.drop_statements(names):
                self._conn.exec_driver_sql(sql)
            search_index.build(self._conn.exec_driver_sql)


def insert_rows(conn: Connection, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert whole rows (every column given) with one executemany; each value as its column's type binds it."""
    table = table_of(model)
    names = [c.name for c in table.c]
    texts = [(i, c.type.clean) for i, c in enumerate(table.c) if isinstance(c.type, CleanText)]
    binds = [
        (i, bind) for i, c in enumerate(table.c) if (bind := binder(c.type, conn.dialect)) and i not in dict(texts)
    ]
    values: list[tuple[Any, ...]] = []
    for row in rows:
        out = [row[name] for name in names]
        for i, clean in texts:  # the text binder, inline: most text is printable as it is
            text = out[i]
            if text.__class__ is str and not text.isprintable():
                out[i] = clean(text)
        for i, bind in binds:
            out[i] = bind(out[i])
        values.append(tuple(out))
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks(len(names))})", values)


def update_rows(conn: Connection, model: type[SQLModel], names: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Set the columns `names` of rows found by their "id", one executemany; values bound as in insert_rows."""
    table = table_of(model)
    binds = [binder(table.c[name].type, conn.dialect) for name in names]
    values = [
        (
            *(v if bind is None else bind(v) for bind, v in zip(binds, map(row.__getitem__, names), strict=True)),
            row["id"],
        )
        for row in rows
    ]
    assignments = ", ".join(f"{name} = ?" for name in names)
    conn.exec_driver_sql(f"UPDATE {table.name} SET {assignments} WHERE id = ?", values)


def binder(kind: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """What a column of type `kind` makes of a value it binds: the type's own processing, done in one step
    for the journal's text, times and days (tests/unit/test_transfer_bulk.py holds them equal)."""
    if isinstance(kind, CleanText):
        clean = kind.clean
        return lambda value: value if type(value) is not str or value.isprintable() else clean(value)
    if isinstance(kind, TypeDecorator) and isinstance(kind.impl_instance, DateTime):
        return stored_time
    if isinstance(kind, Day):
        return stored_day
    return kind.dialect_impl(dialect).bind_processor(dialect)


def stored_time(value: datetime | str | None) -> str | None:
    """A time as the journal stores it: "2019-04-08 19:00:00.000000", in UTC. Text is taken to be
    that already (see `time_of`)."""
    if value is None or type(value) is str:
        return value
    assert isinstance(value, datetime)
    if value.utcoffset() is None:
        raise ValueError("a time to store needs its time zone")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


def stored_day(value: date | str | None) -> str | None:
    """A day as the journal stores it; text is taken to be that already ("2019-04-08")."""
    return value.isoformat() if isinstance(value, date) else value


def time_of(value: datetime | str) -> datetime:
    """The moment a record's time stands for: a datetime, or the text the journal would store for it
    (which a checked file's times as the export writes them are kept as; see import_stream)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value
