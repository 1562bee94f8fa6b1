"""`netjournal check`: SQLite's own health checks on the journal, in plain words."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from netjournal.errors import NotAJournalError
from netjournal.store.files import APPLICATION_ID, SCHEMA_VERSION, inspect_journal_file
from netjournal.transfer.backup import connect_existing


@dataclass
class CheckResult:
    lines: list[str] = field(default_factory=list)
    healthy: bool = True

    def note(self, line: str, *, ok: bool = True) -> None:
        self.lines.append(line)
        self.healthy = self.healthy and ok


def check_journal(path: Path) -> CheckResult:
    """Run integrity_check, foreign_key_check and read the schema version and application id."""
    path = Path(path)
    if inspect_journal_file(path) is None:
        raise NotAJournalError(f"There is no journal at {path} yet.")
    result = CheckResult()
    result.note(f"Journal: {path}")
    try:
        conn = connect_existing(path)
    except sqlite3.Error as err:
        result.note(f"Opening it: SQLite can't open it ({err}).", ok=False)
        return result
    try:
        _run_checks(conn, result)
    finally:
        conn.close()
    return result


def _run_checks(conn: sqlite3.Connection, result: CheckResult) -> None:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as err:
        rows = [str(err)]
    if rows == ["ok"]:
        result.note("Integrity check: ok")
    else:
        result.note(f"Integrity check: {_problems(len(rows))}, the first: {rows[0]}", ok=False)
    try:
        fk_rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as err:
        result.note(f"Links between records: SQLite can't check them ({err})", ok=False)
    else:
        if not fk_rows:
            result.note("Links between records (foreign_key_check): ok")
        else:
            table, rowid, parent, _ = fk_rows[0]
            result.note(
                f"Links between records (foreign_key_check): {_problems(len(fk_rows))}, the first: "
                f"a {table} row (rowid {rowid}) points at a missing {parent}",
                ok=False,
            )
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as err:
        result.note(f"Schema version: SQLite can't read it ({err})", ok=False)
        return
    if version == SCHEMA_VERSION:
        result.note(f"Schema version: {version} (current)")
    else:
        result.note(f"Schema version: {version} (netjournal brings it up to {SCHEMA_VERSION} next time it opens it)")
    result.note(f"Application id: {app_id:#x} (netjournal)", ok=app_id == APPLICATION_ID)


def _problems(n: int) -> str:
    return "1 problem" if n == 1 else f"{n} problems"
