"""`netjournal check`: the journal compared with what this netjournal makes, in plain words.

It only ever reads (see cipher.read_only_uri), so a read-only journal, a
read-only folder or a full disk never stand in its way.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from netjournal.domain.dates import MAX_YEAR, MIN_YEAR
from netjournal.domain.text import count, fold_line, visible
from netjournal.errors import NotAJournalError, UnreadableError
from netjournal.store import cipher, search_index
from netjournal.store.files import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    check_version,
    connect_read_only,
    read_header,
    shown,
)
from netjournal.store.migrations import MIGRATIONS
from netjournal.store.models import RECOMPUTE_ALL_SUMMARIES
from netjournal.store.schema import Difference, Schema, differences, expected_schema, read_schema

SUMMARY_COLUMNS = ("events_met", "last_met", "followed_up", "follow_ups_done", "not_work_moments")
DATE_COLUMNS = (("event", "date", False), ("meeting", "follow_up_due", True), ("meeting", "followed_up_on", True))
STAMP_COLUMNS = (("created_at", False), ("updated_at", False), ("deleted_at", True))
_SHOWN_ROWS = 3
# SQLite can't read the file at all (exit 2), as opposed to finding it damaged (exit 1).
_UNREADABLE = {sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_BUSY}


@dataclass
class CheckResult:
    lines: list[str] = field(default_factory=list)
    healthy: bool = True
    damaged: bool = False  # SQLite itself finds the file damaged: not something --repair mends
    version: int = SCHEMA_VERSION
    app_id: int = APPLICATION_ID
    schema: list[str] = field(default_factory=list)  # what differs from this netjournal's schema
    stale_summaries: int = 0  # people whose stored summary differs from their meetings

    def note(self, line: str, *, ok: bool = True) -> None:
        self.lines.append(line)
        self.healthy = self.healthy and ok


def check_journal(path: Path, *, now: datetime | None = None) -> CheckResult:
    """Look the journal over without writing a byte; raise a JournalError (exit 2) if it can't be read as one."""
    path = Path(path)
    header = read_header(path)
    if header is None:
        raise NotAJournalError(f"There is no journal at {shown(path)} yet.")
    version, app_id = header
    if app_id not in (APPLICATION_ID, 0):
        raise NotAJournalError(f"{shown(path)} is an SQLite database but not a netjournal journal.")
    check_version(path, version)
    result = CheckResult(version=version, app_id=app_id)
    result.note(f"Journal: {shown(path)}")
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as err:
        raise _unreadable(path, err) from None
    try:
        _integrity(conn, result, path)
        if cipher.held_key(path) is not None:
            _cipher_integrity(conn, result)
        try:
            actual = read_schema(conn)
        except sqlite3.Error as err:
            if _code(err) in _UNREADABLE:
                raise _unreadable(path, err) from None
            result.damaged = True
            result.note(f"Tables: SQLite can't read the list of them ({err}).", ok=False)
            return result
        if app_id == 0 and not set(expected_schema().columns) <= set(actual.columns):
            raise NotAJournalError(f"{shown(path)} is an SQLite database but not a netjournal journal.")
        _header(result)
        found = _schema(actual, result)
        _summaries(conn, actual, result)
        _search(conn, actual, result, found)
        _odd_rows(conn, actual, result, now or datetime.now(UTC))
    finally:
        conn.close()
    return result


def _code(err: sqlite3.Error) -> int:
    return int(getattr(err, "sqlite_errorcode", 0)) & 0xFF


def _unreadable(path: Path, err: sqlite3.Error) -> UnreadableError:
    return UnreadableError(f"SQLite can't read {shown(path)} ({err}); nothing was changed.")


def _integrity(conn: sqlite3.Connection, result: CheckResult, path: Path) -> None:
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as err:
        if _code(err) in _UNREADABLE:
            raise _unreadable(path, err) from None
        rows = [str(err)]
    if rows == ["ok"]:
        result.note("Integrity check: ok")
    else:
        result.damaged = True
        result.note(f"Integrity check: {_problems(len(rows))}, the first: {visible(rows[0])}", ok=False)
    try:
        fk_rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as err:
        result.note(f"Links between records: SQLite can't check them ({err})", ok=False)
        return
    if not fk_rows:
        result.note("Links between records (foreign_key_check): ok")
    else:
        table, rowid, parent, _ = fk_rows[0]
        result.note(
            f"Links between records (foreign_key_check): {_problems(len(fk_rows))}, the first: "
            f"a {table} row (rowid {rowid}) points at a missing {parent}",
            ok=False,
        )


def _cipher_integrity(conn: sqlite3.Connection, result: CheckResult) -> None:
    """SQLCipher's own check of an encrypted journal: every page's authentication code."""
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
    except sqlite3.DatabaseError as err:
        rows = [str(err)]
    if not rows:
        result.note("Encryption check (cipher_integrity_check): ok")
    else:
        result.damaged = True
        result.note(f"Encryption check: {_problems(len(rows))}, the first: {visible(rows[0])}", ok=False)


def upgradable(version: int) -> bool:
    """Whether netjournal brings a journal at `version` up to date by itself when it opens it."""
    return 1 <= version < SCHEMA_VERSION and all(v in MIGRATIONS for v in range(version + 1, SCHEMA_VERSION + 1))


def _header(result: CheckResult) -> None:
    version, app_id = result.version, result.app_id
    if version == SCHEMA_VERSION:
        result.note(f"Schema version: {version} (current)")
    elif upgradable(version):
        result.note(f"Schema version: {version} (netjournal brings it up to {SCHEMA_VERSION} next time it opens it)")
    else:
        result.note(
            f"Schema version: {version}, which no netjournal writes (this one writes {SCHEMA_VERSION}), "
            "so netjournal won't open it; `netjournal check --repair` sets it",
            ok=False,
        )
    if app_id == APPLICATION_ID:
        result.note(f"Application id: {app_id:#x} (netjournal)")
    else:
        result.note(
            "Application id: 0, not netjournal's mark, though the tables are netjournal's; "
            "`netjournal check --repair` sets it",
            ok=False,
        )


def _schema(actual: Schema, result: CheckResult) -> list[Difference]:
    if upgradable(result.version):
        result.note("Tables, columns, indexes and triggers: compared once netjournal has brought it up to date")
        return []
    found = differences(actual, expected_schema())
    for diff in found:
        result.note(diff.line, ok=not diff.problem)
        if diff.problem:
            result.schema.append(diff.line)
    if not found:
        result.note("Tables, columns, indexes and triggers: as this netjournal makes them")
    return found


def _summaries(conn: sqlite3.Connection, actual: Schema, result: CheckResult) -> None:
    """Work the people's summaries out again from their meetings, in a copy only this connection sees."""
    if "person" not in actual.columns or upgradable(result.version):
        return
    cols = SUMMARY_COLUMNS
    differ = " OR ".join(f"s.{c} IS NOT r.{c}" for c in cols)
    try:
        conn.execute("PRAGMA temp_store=MEMORY")
        # The recount names `person`; a temporary table of that name is what it finds first, and updates.
        conn.execute("CREATE TEMP TABLE person AS SELECT * FROM main.person")
        try:
            conn.execute(RECOMPUTE_ALL_SUMMARIES)
            rows = conn.execute(
                f"SELECT s.name, {', '.join(f's.{c}' for c in cols)}, {', '.join(f'r.{c}' for c in cols)} "
                f"FROM main.person AS s JOIN temp.person AS r ON r.id = s.id WHERE {differ} ORDER BY s.name"
            ).fetchall()
        finally:
            conn.execute("DROP TABLE temp.person")
    except sqlite3.Error as err:
        result.note(f"People's summaries: can't be worked out again ({err})", ok=False)
        return
    if not rows:
        result.note("People's summaries (events met, last met, follow-ups): match their meetings")
        return
    for row in rows[:10]:
        stored, counted = row[1 : 1 + len(cols)], row[1 + len(cols) :]
        pairs = zip(cols, stored, counted, strict=True)
        said = ", ".join(f"{c} {s!r} (the meetings say {n!r})" for c, s, n in pairs if s != n)
        result.note(f"Summary of {_label(row[0])}: {said}", ok=False)
    if len(rows) > 10:
        result.note(f"... and {len(rows) - 10} more people whose summaries differ from their meetings", ok=False)
    result.lines.append("(`netjournal check --repair` works them out again.)")
    result.stale_summaries = len(rows)


def _search(conn: sqlite3.Connection, actual: Schema, result: CheckResult, found: list[Difference]) -> None:
    """The search index against what the journal holds, once its tables are as this netjournal makes them
    (a difference there is said already)."""
    if upgradable(result.version) or search_index.INDEX not in actual.columns:
        return
    if any(search_index.is_search_object(d.name.split(".")[0]) for d in found):
        return
    why = search_index.stale(conn)
    if why is None:
        result.note("Search index: matches the journal")
    else:
        result.note(f"Search index: {why}; `netjournal check --repair` builds it again", ok=False)


def _odd_rows(conn: sqlite3.Connection, actual: Schema, result: CheckResult, now: datetime) -> None:
    """Dates and time stamps the app can't use: missing, unreadable, outside the years kept, or in the future."""
    found = 0
    checks = [(t, c, nullable, "date") for t, c, nullable in DATE_COLUMNS]
    checks += [(t, c, nullable, "stamp") for t in _STAMPED for c, nullable in STAMP_COLUMNS]
    for table, column, nullable, kind in checks:
        if column not in actual.columns.get(table, {}):
            continue
        try:
            rows = conn.execute(
                f'SELECT * FROM (SELECT {_label_sql(table, actual)}, quote(t."{column}"), '
                f'{_why(column, kind, nullable)} AS why FROM "{table}" AS t) WHERE why IS NOT NULL ORDER BY why',
                {"now": now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")},
            ).fetchall()
        except sqlite3.Error as err:
            result.note(f"{table}.{column}: can't be looked over ({err})", ok=False)
            continue
        for why in dict.fromkeys(r[2] for r in rows):
            same = [r for r in rows if r[2] == why]
            examples = "; ".join(f"{_shown_label(r[0])} {visible(str(r[1]))}" for r in same[:_SHOWN_ROWS])
            more = f"; and {len(same) - _SHOWN_ROWS} more" if len(same) > _SHOWN_ROWS else ""
            noun = table if len(same) == 1 else f"{table} rows"
            result.note(f"{table}.{column}: {len(same)} {noun} {_WHY[why][kind]}: {examples}{more}", ok=False)
            found += 1
    if not found:
        result.note("Dates and time stamps: all usable")


_STAMPED = ("event", "goal", "person", "meeting", "reflection")


def _why(column: str, kind: str, nullable: bool) -> str:
    """SQL naming what is wrong with a row's date or time stamp (NULL when nothing is)."""
    col = f't."{column}"'
    # date(x, '+0 days') normalises what SQLite lets through (2019-02-30 becomes 2019-03-02); Python doesn't.
    if kind == "date":
        unreadable = f"typeof({col}) != 'text' OR date({col}, '+0 days') IS NOT {col}"
    else:
        unreadable = (
            f"typeof({col}) != 'text' OR julianday({col}) IS NULL OR date({col}, '+0 days') IS NOT substr({col}, 1, 10)"
        )
    future = f"WHEN julianday({col}) > julianday(:now) + 1 THEN 'future'" if kind == "stamp" else ""
    when_null = "NULL" if nullable else "'missing'"
    return (
        f"CASE WHEN {col} IS NULL THEN {when_null} "
        f"WHEN {unreadable} THEN 'unreadable' "
        f"WHEN substr({col}, 1, 4) NOT BETWEEN '{MIN_YEAR:04d}' AND '{MAX_YEAR:04d}' THEN 'range' {future} END"
    )


_WHY = {
    "missing": {"date": "with no date", "stamp": "with no time stamp"},
    "unreadable": {"date": "with a date netjournal can't read", "stamp": "with a time stamp netjournal can't read"},
    "range": {
        "date": f"with a date outside the years {MIN_YEAR}-{MAX_YEAR}",
        "stamp": f"with a time stamp outside the years {MIN_YEAR}-{MAX_YEAR}",
    },
    "future": {"stamp": "with a time stamp more than a day in the future"},
}


def _label(name: object) -> str:
    text = visible(fold_line(str(name))) if name is not None else "?"
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _shown_label(label: object) -> str:
    text = visible(fold_line(str(label)))
    return f"{text[:80]}…" if len(text) > 80 else text


def _label_sql(table: str, actual: Schema) -> str:
    """SQL naming a row so a person can find it: its name, or the names of the event (and person) it belongs to."""

    def has(t: str, c: str) -> bool:
        return c in actual.columns.get(t, {})

    def quoted(sql: str) -> str:
        return f"'\"' || coalesce({sql}, '?') || '\"'"

    if has(table, "name"):
        return quoted("t.name")
    if not (has(table, "event_id") and has("event", "name")):
        return "t.id"
    event = quoted("(SELECT e.name FROM event AS e WHERE e.id = t.event_id)")
    if table == "meeting" and has("meeting", "person_id") and has("person", "name"):
        person = quoted("(SELECT p.name FROM person AS p WHERE p.id = t.person_id)")
        return f"'with ' || {person} || ' at ' || {event}"
    return f"'for ' || {event}"


def _problems(n: int) -> str:
    return count(n, "problem")
