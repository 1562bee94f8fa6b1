"""A copy of the journal taken with SQLite's online backup API, safe while it is being written."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from netjournal.errors import InputError, JournalError, NotAJournalError
from netjournal.store import cipher
from netjournal.store.files import (
    connect_read_only,
    inspect_journal_file,
    make_private_dir,
    read_only_reason,
    refuse_output,
    shown,
    storage_error,
    write_error,
)


def connect_existing(path: Path) -> sqlite3.Connection:
    """A plain connection to a journal that must already exist (never creates one).

    A journal we may only read is read without writing a byte (not even a -shm file).
    """
    if read_only_reason(path) is not None:
        return connect_read_only(path)
    conn = cipher.connect(path, f"{Path(os.path.realpath(path)).as_uri()}?mode=rw", uri=True, timeout=5.0)
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def backup_journal(source: Path, dest: Path) -> Path:
    """Copy the journal at `source` to a new file `dest` (0600) and check the copy."""
    source, dest = Path(source), Path(dest)
    if inspect_journal_file(source) is None:
        raise NotAJournalError(f"There is no journal at {shown(source)} yet, so there is nothing to back up.")
    return copy_to_new_file(source, dest)


def copy_to_new_file(source: Path, dest: Path) -> Path:
    """Copy the SQLite file at `source` to `dest`, which must not exist yet, and check the copy."""
    if dest.exists() or dest.is_symlink():
        raise InputError(f"{shown(dest)} already exists; pick a new name for the backup. Nothing was changed.")
    refuse_output(dest, journal=source)
    make_private_dir(dest.parent)
    try:
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(
            f"{shown(dest)} already exists; pick a new name for the backup. Nothing was changed."
        ) from None
    except OSError as err:
        raise write_error(dest, err) from None
    os.close(fd)
    os.chmod(dest, 0o600)  # the file we just made: owner-only whatever the umask
    try:
        _copy(source, dest)
    except BaseException:
        _remove(dest)
        raise
    problems = integrity_problems(dest)
    if problems:
        raise JournalError(
            f"The backup at {shown(dest)} did not pass SQLite's integrity check ({problems[0]}); "
            f"`netjournal check` will tell you more about the journal."
        )
    return dest


def _copy(source: Path, dest: Path) -> None:
    try:
        src = connect_existing(source)
    except sqlite3.DatabaseError as err:
        raise NotAJournalError(f"{shown(source)} can't be read as a journal ({err}). Nothing was changed.") from None
    try:
        dst = cipher.connect_like(dest.absolute(), source)  # an encrypted journal's backup is encrypted
        try:
            # One step: the whole copy comes from a single read snapshot, so it
            # holds exactly the transactions committed before it began.
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    except sqlite3.DatabaseError as err:
        said = storage_error(dest, err)
        if said is not None:
            raise said from None
        raise NotAJournalError(f"{shown(source)} can't be read as a journal ({err}). Nothing was changed.") from None
    finally:
        src.close()
    cipher.hold_like(dest, source)


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def integrity_problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong with the file at `path` (empty when healthy)."""
    conn = connect_existing(path)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as err:
        return [str(err)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows
