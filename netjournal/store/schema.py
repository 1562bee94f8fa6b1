"""The journal's schema as SQLite holds it (tables, columns, indexes, triggers), and how one differs from another.

`expected_schema()` is what this netjournal makes: a fresh journal built in
memory by the very function that creates journal files, so the two can't drift.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass, replace

from netjournal.store.search_index import SHADOW_NAMES, is_search_object

_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([(),;])\s*")


def normalized(sql: str | None) -> str | None:
    """SQL text with its layout taken out, so only what it says is compared."""
    if sql is None:
        return None
    return _AROUND.sub(r"\1", _SPACE.sub(" ", sql)).strip().rstrip(";")


Column = tuple[str, int, str | None, int]  # declared type, NOT NULL, default, place in the primary key


@dataclass(frozen=True)
class Schema:
    """What sqlite_master and `PRAGMA table_info` say, without SQLite's own `sqlite_` objects."""

    sql: dict[tuple[str, str], str]  # (type, name) -> the CREATE statement as stored
    columns: dict[str, dict[str, Column]]  # table -> column name -> its shape

    def names(self, kind: str) -> list[str]:
        return sorted(name for k, name in self.sql if k == kind)


def read_schema(conn: sqlite3.Connection) -> Schema:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL"
    ).fetchall()
    # The search index's own tables belong to it: made and taken away with it, never compared one by one.
    sql = {(str(kind), str(name)): str(text) for kind, name, text in rows if name not in SHADOW_NAMES}
    columns: dict[str, dict[str, Column]] = {}
    for kind, name in sql:
        if kind == "table":
            try:
                info = conn.execute('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)', (name,))
                columns[name] = {str(c): (str(t).upper(), int(nn), d, int(pk)) for c, t, nn, d, pk in info}
            except sqlite3.OperationalError:
                if not is_search_object(name):
                    raise
                columns[name] = {}  # a search index SQLite can't open: it differs, and --repair builds it again
    return Schema(sql=sql, columns=columns)


@functools.cache
def expected_schema() -> Schema:
    """The schema of a journal this netjournal creates today."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from netjournal.store.engine import create_schema

    raw = sqlite3.connect(":memory:", check_same_thread=False)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    try:
        create_schema(engine)
        return read_schema(raw)
    finally:
        engine.dispose()
        raw.close()


@dataclass(frozen=True)
class Difference:
    kind: str  # "table", "column", "index" or "trigger"
    name: str
    change: str  # "missing", "changed" or "extra"
    line: str  # one line for the person
    problem: bool = True  # an extra table of someone's own harms nothing netjournal does
    repairable: bool = False  # `check --repair` can make it as this netjournal makes it, losing nothing


_KINDS = {"index": "Index", "trigger": "Trigger"}


def differences(actual: Schema, expected: Schema) -> list[Difference]:
    """One Difference per table, column, index or trigger that isn't as `expected` has it.

    The search index is made from the rest, so whatever differs in it `check --repair` builds again.
    """
    return [
        replace(d, repairable=True) if is_search_object(d.name.split(".")[0]) else d
        for d in _differences(actual, expected)
    ]


def _differences(actual: Schema, expected: Schema) -> list[Difference]:
    found: list[Difference] = []
    for table in expected.names("table"):
        if table not in actual.columns:
            found.append(Difference("table", table, "missing", f"Table {table} is missing.", repairable=True))
        else:
            found += _table_differences(table, actual, expected)
    for table in actual.names("table"):
        if table not in expected.columns:
            line = f"Table {table} is not one netjournal makes; it is left as it is."
            found.append(Difference("table", table, "extra", line, problem=False))
    for kind, title in _KINDS.items():
        for name in expected.names(kind):
            mine = actual.sql.get((kind, name))
            if mine is None:
                found.append(Difference(kind, name, "missing", f"{title} {name} is missing.", repairable=True))
            elif normalized(mine) != normalized(expected.sql[(kind, name)]):
                line = f"{title} {name} differs from the one this netjournal makes."
                found.append(Difference(kind, name, "changed", line, repairable=True))
        for name in actual.names(kind):
            if (kind, name) not in expected.sql:
                line = f"{title} {name} is not one this netjournal makes."
                found.append(Difference(kind, name, "extra", line, repairable=True))
    return found


def _table_differences(table: str, actual: Schema, expected: Schema) -> list[Difference]:
    found: list[Difference] = []
    mine, wanted = actual.columns[table], expected.columns[table]
    for column, shape in wanted.items():
        have = mine.get(column)
        if have is None:
            found.append(Difference("column", f"{table}.{column}", "missing", f"Table {table} has no column {column}."))
        elif have != shape:
            line = f"Column {table}.{column} is {_shape(have)}; this netjournal makes it {_shape(shape)}."
            found.append(Difference("column", f"{table}.{column}", "changed", line))
    for column in mine:
        if column not in wanted:
            line = f"Table {table} has a column {column} that this netjournal doesn't make."
            found.append(Difference("column", f"{table}.{column}", "extra", line))
    if not found and normalized(actual.sql[("table", table)]) != normalized(expected.sql[("table", table)]):
        line = f"Table {table} has other constraints than the ones this netjournal makes."
        found.append(Difference("table", table, "changed", line))
    return found


def _shape(column: Column) -> str:
    kind, not_null, default, key = column
    words = [kind or "untyped"]
    if not_null:
        words.append("NOT NULL")
    if default is not None:
        words.append(f"DEFAULT {default}")
    if key:
        words.append("PRIMARY KEY")
    return " ".join(words)
