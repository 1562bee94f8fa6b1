"""The full-text index `netjournal search` reads: what it holds, the triggers that keep it true, building it again.

`search_text` holds one row per live record (event, person, goal, meeting, reflection) with the
text a person wrote about it: a title, a body and (from the tags change on) its tags. The FTS5
table `search_index` indexes it as its external content, keyed by `search_text.id`, an INTEGER
PRIMARY KEY so VACUUM never renumbers it. Triggers on the journal's tables keep `search_text` as
the records are (a trashed record leaves it, a restored one comes back), and triggers on
`search_text` keep the index as `search_text` is. Nothing here is anything a person wrote that
the journal doesn't hold elsewhere: `check --repair` may drop all of it and build it again.

A later version that changes these statements adds a step of its own (see migrations.py); version
4's step builds the index with these.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from netjournal.domain.text import count

INDEX = "search_index"
TEXT = "search_text"
TOKENIZE = "unicode61 remove_diacritics 2"  # any case, any accent: "ines" finds "Inès"

# SQLite's own tables behind an FTS5 table (its external content is search_text, so no _content).
SHADOW_TABLES = (
    f"CREATE TABLE IF NOT EXISTS '{INDEX}_data'(id INTEGER PRIMARY KEY, block BLOB)",
    f"CREATE TABLE IF NOT EXISTS '{INDEX}_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID",
    f"CREATE TABLE IF NOT EXISTS '{INDEX}_docsize'(id INTEGER PRIMARY KEY, sz BLOB)",
    f"CREATE TABLE IF NOT EXISTS '{INDEX}_config'(k PRIMARY KEY, v) WITHOUT ROWID",
)
SHADOW_NAMES = frozenset(f"{INDEX}_{part}" for part in ("data", "idx", "content", "docsize", "config"))

_CREATE_TEXT = (
    f"CREATE TABLE {TEXT} (\n"
    "\tid INTEGER PRIMARY KEY, \n"
    "\tkind VARCHAR NOT NULL, \n"
    "\trecord_id VARCHAR NOT NULL, \n"
    "\tevent_id VARCHAR, \n"
    "\tperson_id VARCHAR, \n"
    "\ttitle VARCHAR, \n"
    "\tbody VARCHAR, \n"
    "\ttags VARCHAR\n"
    ")"
)
_CREATE_TEXT_INDEXES = (
    f"CREATE INDEX ix_{TEXT}_record ON {TEXT} (record_id, kind)",
    f"CREATE INDEX ix_{TEXT}_event ON {TEXT} (event_id)",
    f"CREATE INDEX ix_{TEXT}_person ON {TEXT} (person_id)",
)
_CREATE_INDEX = (
    f"CREATE VIRTUAL TABLE {INDEX} USING fts5(title, body, tags, content='{TEXT}', content_rowid='id', "
    f"tokenize='{TOKENIZE}')"
)


def _lines(*columns: str) -> str:
    """The columns' text, one per line (a NULL a hand edit left counts as empty)."""
    return " || char(10) || ".join(f"coalesce({c}, '')" for c in columns)


# What each table puts in search_text, from a row called `{row}`: kind, event_id, person_id, title, body.
_SOURCES: dict[str, tuple[str, str, str, str, str, tuple[str, ...]]] = {
    # table: (kind, event_id, person_id, title, body, the columns whose change rewrites the row)
    "event": ("event", "{row}.id", "NULL", "coalesce({row}.name, '')", _lines("{row}.location", "{row}.notes"), ()),
    "person": (
        "person",
        "NULL",
        "{row}.id",
        "coalesce({row}.name, '')",
        _lines("{row}.great_at", "{row}.contact", "{row}.notes"),
        (),
    ),
    "goal": ("goal", "{row}.event_id", "NULL", "coalesce({row}.text, '')", _lines("{row}.learned"), ("event_id",)),
    "meeting": (
        "meeting",
        "{row}.event_id",
        "{row}.person_id",
        "''",
        _lines("{row}.talked_about", "{row}.not_work"),
        ("event_id", "person_id"),
    ),
    "reflection": (
        "reflection",
        "{row}.event_id",
        "NULL",
        "''",
        _lines("{row}.hard", "{row}.others_too", "{row}.friend_words", "{row}.gained", "{row}.proud", "{row}.worry"),
        ("event_id",),
    ),
}
_TEXT_COLUMNS = {
    "event": ("name", "location", "notes"),
    "person": ("name", "great_at", "contact", "notes"),
    "goal": ("text", "learned"),
    "meeting": ("talked_about", "not_work"),
    "reflection": ("hard", "others_too", "friend_words", "gained", "proud", "worry"),
}
KINDS = tuple(kind for kind, *_ in _SOURCES.values())
_COLUMNS = "kind, record_id, event_id, person_id, title, body, tags"


TAGGED = ("event", "person")  # the tables whose records have tags (the tag table's record_table)


def _tags_of(table: str, record_id: str) -> str:
    """SQL for the live tags of the record `record_id` of `table` (both SQL), as one text (`rust embedded`)."""
    return (
        "(SELECT coalesce(group_concat(name, ' '), '') FROM (SELECT name FROM tag WHERE record_table = "
        f"{table} AND record_id = {record_id} AND deleted_at IS NULL ORDER BY name))"
    )


def _values(table: str, row: str) -> str:
    kind, event_id, person_id, title, body, _ = _SOURCES[table]
    tags = _tags_of(f"'{table}'", "{row}.id") if table in TAGGED else "''"
    parts = (f"'{kind}'", f"{row}.id", event_id, person_id, title, body, tags)
    return ", ".join(p.format(row=row) for p in parts)


def _retag(row: str) -> str:
    """What sets the tags search_text holds for the record the tag row `row` (OLD or NEW) belongs to."""
    tags = _tags_of(f"{row}.record_table", f"{row}.record_id")
    return f"UPDATE {TEXT} SET tags = {tags} WHERE record_id = {row}.record_id AND kind = {row}.record_table;"


# A tag put on, taken off (soft-deleted) or renamed: the record's row in search_text takes its tags again.
TAG_TRIGGERS = (
    f"CREATE TRIGGER tr_search_tag_insert AFTER INSERT ON tag\n    BEGIN {_retag('NEW')} END",
    f"CREATE TRIGGER tr_search_tag_update AFTER UPDATE ON tag\n    BEGIN {_retag('OLD')}\n    {_retag('NEW')} END",
    f"CREATE TRIGGER tr_search_tag_delete AFTER DELETE ON tag\n    BEGIN {_retag('OLD')} END",
)


_LIVE_EVENT = "EXISTS (SELECT 1 FROM event AS e WHERE e.id = {row}.event_id AND e.deleted_at IS NULL)"
_LIVE_PERSON = "EXISTS (SELECT 1 FROM person AS p WHERE p.id = {row}.person_id AND p.deleted_at IS NULL)"
# A record is found while it, and the event and person it belongs to, are out of the Trash.
_FINDABLE = {
    "event": "{row}.deleted_at IS NULL",
    "person": "{row}.deleted_at IS NULL",
    "goal": f"{{row}}.deleted_at IS NULL AND {_LIVE_EVENT}",
    "meeting": f"{{row}}.deleted_at IS NULL AND {_LIVE_EVENT} AND {_LIVE_PERSON}",
    "reflection": f"{{row}}.deleted_at IS NULL AND {_LIVE_EVENT}",
}
_BELONGING = {"event": ("goal", "meeting", "reflection"), "person": ("meeting",)}  # what leaves the Trash with them


def _rows_of(table: str, where: str = "") -> str:
    """SQL selecting what search_text holds for the findable records of `table` (`where` narrows them)."""
    more = f" AND {where}" if where else ""
    return f"SELECT {_values(table, 't')} FROM {table} AS t WHERE {_FINDABLE[table].format(row='t')}{more}"


def source_rows() -> str:
    """SQL for what search_text should hold: a row per findable record, in its columns' order (without id)."""
    return " UNION ALL ".join(_rows_of(table) for table in _SOURCES)


def _triggers(table: str) -> tuple[str, ...]:
    kind, *_, moving = _SOURCES[table]
    watched = (*_TEXT_COLUMNS[table], *moving)
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watched)
    remove = f"DELETE FROM {TEXT} WHERE record_id = OLD.id AND kind = '{kind}';"
    add = f"INSERT INTO {TEXT} ({_COLUMNS}) SELECT {_values(table, 'NEW')} WHERE {_FINDABLE[table].format(row='NEW')};"
    made = (
        f"CREATE TRIGGER tr_search_{table}_insert AFTER INSERT ON {table}\n    BEGIN {add} END",
        f"CREATE TRIGGER tr_search_{table}_update AFTER UPDATE OF {', '.join(watched)}, deleted_at ON {table}\n"
        f"    WHEN {changed} OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)\n"
        f"    BEGIN {remove}\n    {add} END",
        f"CREATE TRIGGER tr_search_{table}_delete AFTER DELETE ON {table}\n    BEGIN {remove} END",
    )
    belonging = _BELONGING.get(table)
    if not belonging:
        return made
    column = f"{table}_id"
    again = "\n    ".join(
        f"INSERT INTO {TEXT} ({_COLUMNS}) {_rows_of(other, f't.{column} = NEW.id')};" for other in belonging
    )
    kinds = ", ".join(f"'{_SOURCES[other][0]}'" for other in belonging)
    trash = (
        f"CREATE TRIGGER tr_search_{table}_trash AFTER UPDATE OF deleted_at ON {table}\n"
        f"    WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)\n"
        f"    BEGIN DELETE FROM {TEXT} WHERE {column} = NEW.id AND kind IN ({kinds});\n    {again} END"
    )
    return (*made, trash)


_FROM_OLD = (
    f"INSERT INTO {INDEX} ({INDEX}, rowid, title, body, tags) VALUES ('delete', OLD.id, OLD.title, OLD.body, OLD.tags);"
)
_FROM_NEW = f"INSERT INTO {INDEX} (rowid, title, body, tags) VALUES (NEW.id, NEW.title, NEW.body, NEW.tags);"
INDEX_TRIGGERS = (
    f"CREATE TRIGGER tr_search_text_insert AFTER INSERT ON {TEXT}\n    BEGIN {_FROM_NEW} END",
    f"CREATE TRIGGER tr_search_text_delete AFTER DELETE ON {TEXT}\n    BEGIN {_FROM_OLD} END",
    f"CREATE TRIGGER tr_search_text_update AFTER UPDATE ON {TEXT}\n    BEGIN {_FROM_OLD}\n    {_FROM_NEW} END",
)
RECORD_TRIGGERS = tuple(sql for table in _SOURCES for sql in _triggers(table))

BUILD = (
    _CREATE_TEXT,
    *_CREATE_TEXT_INDEXES,
    f"INSERT INTO {TEXT} ({_COLUMNS}) {source_rows()}",
    _CREATE_INDEX,
    f"INSERT INTO {INDEX} ({INDEX}) VALUES ('rebuild')",
    *INDEX_TRIGGERS,
    *RECORD_TRIGGERS,
    *TAG_TRIGGERS,
)
"""Every statement that makes the search index, filled from what the journal holds, in order."""

OPTIMIZE = f"INSERT INTO {INDEX} ({INDEX}) VALUES ('optimize')"
"""Merges the index into one piece, which leaves out every entry of a row deleted since (see trash.purge)."""


def is_search_object(name: str) -> bool:
    """Whether a table, index or trigger of this name is part of the search index (made, never written by a person)."""
    return name in (INDEX, TEXT) or name in SHADOW_NAMES or name.startswith(("tr_search_", f"ix_{TEXT}_"))


def drop_statements(names: list[tuple[str, str]]) -> list[str]:
    """What takes away the search objects among `names` ((type, name) of sqlite_master), even a broken index.

    An FTS5 table whose own tables were taken away can't be dropped until they are back: they are
    made again, empty, first.
    """
    found = {(kind, name) for kind, name in names if is_search_object(name)}
    statements = [f'DROP TRIGGER IF EXISTS "{name}"' for kind, name in sorted(found) if kind == "trigger"]
    if ("table", INDEX) in found:
        statements += [*SHADOW_TABLES, f"INSERT OR IGNORE INTO '{INDEX}_config' VALUES ('version', 4)"]
        statements.append(f"DROP TABLE {INDEX}")
    statements += [f'DROP TABLE IF EXISTS "{name}"' for kind, name in sorted(found) if kind == "table"]
    return statements


def build(execute: Callable[[str], object]) -> None:
    """Make the search index from what the journal holds, with `execute` running one statement."""
    for sql in BUILD:
        execute(sql)


def stale(conn: sqlite3.Connection) -> str | None:
    """How the search index differs from what the journal holds (one line), or None if it doesn't. Only reads."""
    columns, wanted = _COLUMNS, f"SELECT * FROM ({source_rows()})"
    try:
        differ = conn.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT kind, record_id FROM ("
            f"SELECT * FROM (SELECT {columns} FROM {TEXT} EXCEPT {wanted}) "
            f"UNION ALL SELECT * FROM ({wanted} EXCEPT SELECT {columns} FROM {TEXT})))"
        ).fetchone()[0]
        held = conn.execute(f"SELECT count(*) FROM {TEXT}").fetchone()[0]
        indexed = conn.execute(f"SELECT count(*) FROM '{INDEX}_docsize'").fetchone()[0]
        conn.execute(f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH '\"netjournal\"*' LIMIT 1").fetchall()
    except sqlite3.Error as err:
        return f"can't be read ({err})"
    if differ:
        return f"differs from what the journal holds for {count(differ, 'record')}"
    if held != indexed:
        return f"holds the words of {indexed} of its {count(held, 'record')}"
    return None
