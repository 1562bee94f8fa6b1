"""`netjournal check --repair`: a backup first, then what netjournal itself made, made again.

Indexes, triggers, a missing table, the people's summaries and the header are
netjournal's own; what a person wrote is never deleted or changed. Everything
happens in one transaction, so a repair that can't finish changes nothing.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from netjournal.errors import JournalError
from netjournal.store import cipher, search_index
from netjournal.store.files import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    read_only_error,
    read_only_reason,
    shown,
    storage_error,
)
from netjournal.store.models import RECOMPUTE_ALL_SUMMARIES
from netjournal.store.schema import Difference, differences, expected_schema, read_schema
from netjournal.transfer.backup import copy_to_new_file
from netjournal.transfer.check import SUMMARY_COLUMNS, CheckResult, check_journal, upgradable


@dataclass
class RepairResult:
    done: list[str] = field(default_factory=list)  # what was done, one line each
    backup: Path | None = None
    after: CheckResult = field(default_factory=CheckResult)


def repair_journal(path: Path, *, now: datetime | None = None) -> RepairResult:
    path = Path(path)
    before = check_journal(path, now=now)  # raises (exit 2) for anything that isn't a journal we can read
    reason = read_only_reason(path)
    if reason is not None:
        raise read_only_error(path, reason)
    if before.healthy:
        return RepairResult(["Nothing to repair."], None, before)
    if before.damaged:
        raise JournalError(
            f"SQLite finds {shown(path)} damaged in the file itself, which --repair doesn't mend; nothing was "
            "changed. `netjournal backup` copies what can be read, and `netjournal check` lists what is wrong."
        )
    if upgradable(before.version):
        raise JournalError(
            f"{shown(path)} is at journal version {before.version}: open it once with netjournal, which brings it "
            "up to date, then run `netjournal check --repair` again. Nothing was changed."
        )
    backup = copy_to_new_file(path, _backup_name(path, now or datetime.now()))
    done = [f"Backed up the journal to {shown(backup)} before repairing it."]
    done += _mend(path)
    return RepairResult(done, backup, check_journal(path, now=now))


def _backup_name(path: Path, now: datetime) -> Path:
    stem = f"{path.name}.before-repair-{now:%Y%m%d-%H%M%S}"
    candidate, n = path.with_name(f"{stem}.db"), 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{stem}-{n}.db")
    return candidate


def _mend(path: Path) -> list[str]:
    conn = cipher.connect(path.absolute(), timeout=5.0, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("BEGIN IMMEDIATE")  # the write lock first: what is compared is what gets changed
        try:
            done = _mend_schema(conn)
            done += _mend_search(conn)
            done += _mend_summaries(conn)
            done += _mend_header(conn)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as err:
        said = storage_error(path, err)
        raise (said or JournalError(f"The repair of {shown(path)} stopped ({err}); nothing was changed.")) from None
    finally:
        conn.close()
    return done


_ORDER = {"table": 0, "index": 1, "trigger": 2}


def _mend_schema(conn: sqlite3.Connection) -> list[str]:
    expected = expected_schema()
    found = [d for d in differences(read_schema(conn), expected) if d.repairable and not _of_search(d)]
    done = []
    for diff in sorted(found, key=lambda d: _ORDER[d.kind]):
        statements = [] if diff.change == "missing" else [f'DROP {diff.kind.upper()} IF EXISTS "{diff.name}"']
        if diff.change != "extra":
            statements.append(expected.sql[(diff.kind, diff.name)])
        stopped = _in_savepoint(conn, statements)
        done.append(_said(diff) if stopped is None else _not_done(diff, stopped))
    return done


def _of_search(diff: Difference) -> bool:
    return search_index.is_search_object(diff.name.split(".")[0])


def _mend_search(conn: sqlite3.Connection) -> list[str]:
    """The search index made again from the journal, whole, if any of it differs (it holds nothing of its own)."""
    differs = any(_of_search(d) for d in differences(read_schema(conn), expected_schema()))
    if not differs and search_index.stale(conn) is None:
        return []
    names = [(str(kind), str(name)) for kind, name in conn.execute("SELECT type, name FROM sqlite_master")]
    stopped = _in_savepoint(conn, [*search_index.drop_statements(names), *search_index.BUILD])
    if stopped is not None:
        return [f"Couldn't build the search index again ({stopped}); it is left as it was."]
    return ["Built the search index again from what the journal holds."]


def _said(diff: Difference) -> str:
    if diff.change == "missing" and diff.kind == "table":
        return f"Made the missing table {diff.name} (empty)."
    if diff.change == "extra":
        return f"Took away the {diff.kind} {diff.name}, which this netjournal doesn't make (it held no entries)."
    return f"Made the {diff.kind} {diff.name} again."


def _not_done(diff: Difference, stopped: str) -> str:
    stopped = re.sub(r"^UNIQUE constraint \w+: ", "two rows hold the same ", stopped)  # SQLite's words, made kind
    if diff.change == "missing" and diff.kind == "table":
        return f"Couldn't make the missing table {diff.name} ({stopped})."
    verb = "take away" if diff.change == "extra" else "make"
    again = "" if diff.change == "extra" else " again"
    return f"Couldn't {verb} the {diff.kind} {diff.name}{again} ({stopped}); it is left as it was."


def _in_savepoint(conn: sqlite3.Connection, statements: list[str]) -> str | None:
    """Run `statements` all or none; what stopped them (None if nothing did), so the rest can go on."""
    conn.execute("SAVEPOINT mend")
    try:
        for sql in statements:
            conn.execute(sql)
    except sqlite3.Error as err:
        if int(getattr(err, "sqlite_errorcode", 0)) & 0xFF in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
            raise
        conn.execute("ROLLBACK TO mend")
        conn.execute("RELEASE mend")
        return str(err)
    conn.execute("RELEASE mend")
    return None


def _mend_summaries(conn: sqlite3.Connection) -> list[str]:
    """Work every person's summary out again from their meetings (what the triggers keep), saying how many changed."""
    if not {"person", "meeting", "event"} <= {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}:
        return []
    read = f"SELECT id, {', '.join(SUMMARY_COLUMNS)} FROM person ORDER BY id"
    try:
        before = conn.execute(read).fetchall()
    except sqlite3.Error:
        return []  # the person table lacks a summary column: check has said so, and there is nothing to work out
    stopped = _in_savepoint(conn, [RECOMPUTE_ALL_SUMMARIES])
    if stopped is not None:
        return [f"Left as they were: the people's summaries couldn't be worked out again ({stopped})."]
    changed = sum(a != b for a, b in zip(before, conn.execute(read).fetchall(), strict=True))
    if not changed:
        return []
    people = "1 person" if changed == 1 else f"{changed} people"
    return [f"Worked out the summaries of {people} again."]


def _mend_header(conn: sqlite3.Connection) -> list[str]:
    """Mark the file as a journal of this version, once it holds every table and column this version makes."""
    diffs = differences(read_schema(conn), expected_schema())
    if any((d.kind, d.change) in (("column", "missing"), ("column", "changed"), ("table", "missing")) for d in diffs):
        return []
    done = []
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        done.append(f"Set the journal version to {SCHEMA_VERSION} (it said {version}).")
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        done.append("Marked the file as a netjournal journal again (its application id).")
    return done
