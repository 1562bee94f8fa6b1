"""Encrypting a journal in place, and decrypting it: a new copy beside it, checked row for row, then swapped in.

The journal is never written: the copy is made by SQLCipher's `sqlcipher_export` into a new owner-only
file, compared with the journal table by table and row by row, and only then takes the journal's name
in one step (`os.replace`). Anything in doubt before that (the journal open elsewhere, read-only, not a
journal, a copy that differs) leaves the journal exactly as it was and the new file gone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

from netjournal.errors import InputError, JournalError, NotAJournalError, ReadOnlyJournalError
from netjournal.store import cipher
from netjournal.store.files import (
    inspect_journal_file,
    read_only_reason,
    shown,
    storage_error,
    write_error,
)

_DMS = 128  # the byte of the -shm file every open SQLite connection to a WAL journal holds a shared lock on


def ready(path: Path, *, encrypting: bool) -> Path:
    """The journal's real path, once nothing stands in the way of encrypting (or decrypting) it."""
    real = Path(os.path.realpath(path))
    done = "encrypted" if encrypting else "decrypted"
    if not real.exists():
        raise NotAJournalError(f"There is no journal at {shown(path)} yet; nothing was {done}.")
    if cipher.looks_encrypted(real) == encrypting:
        state = "already encrypted" if encrypting else "not encrypted"
        raise InputError(f"{shown(path)} is {state}; nothing was changed.")
    if encrypting:
        try:
            cipher.driver(real)
        except JournalError:
            raise InputError(
                f"Encrypting needs netjournal's encryption extra: {cipher.INSTALL}. Nothing was changed."
            ) from None
        inspect_journal_file(real)  # a journal of ours, not from a newer netjournal
    else:
        cipher.driver(real)
    reason = read_only_reason(real)
    if reason is not None:
        raise ReadOnlyJournalError(f"{shown(path)} {reason}, so it can't be {done}; nothing was changed.")
    if Path(f"{real}-journal").exists():
        raise InputError(
            f"{shown(path)} has a write that was cut short beside it (its -journal file); open it once with "
            f"netjournal, then try again. Nothing was changed."
        )
    _refuse_if_in_use(path, real)
    return real


def _refuse_if_in_use(path: Path, real: Path) -> None:
    """Refuse while another process has the journal open: it would go on writing to the file swapped out."""
    try:
        import fcntl
    except ImportError:  # no POSIX locks here: nothing to ask
        return
    try:
        fd = os.open(f"{real}-shm", os.O_RDWR)
    except FileNotFoundError:
        return
    except OSError as err:
        raise InputError(f"Can't tell whether {shown(path)} is in use ({err.strerror}); nothing was changed.") from None
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _DMS)
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _DMS)
    except OSError:
        raise InputError(
            f"{shown(path)} is open in another window or program; close it there, then try again. Nothing was changed."
        ) from None
    finally:
        os.close(fd)


def encrypt_journal(path: Path, passphrase: str) -> None:
    """Encrypt the journal at `path` with `passphrase` (see `ready` for what is refused first)."""
    real = ready(path, encrypting=True)
    db = cipher.driver(real)
    with _swapping(path, real, "encrypting") as tmp:
        conn = db.connect(os.fspath(real), isolation_level=None, timeout=5.0)
        conn.execute("PRAGMA cipher_log_level = NONE")
        _export(conn, path, tmp, cipher.literal(passphrase))
    cipher.hold(real, cipher.Key(cipher.salt_of(real), passphrase, None))


def decrypt_journal(path: Path) -> None:
    """Decrypt the journal at `path`, whose key must be held (`cipher.unlock`)."""
    real = ready(path, encrypting=False)
    key = cipher.key_for(real)
    with _swapping(path, real, "decrypting") as tmp:
        conn = cipher.keyed(os.fspath(real), key, isolation_level=None, timeout=5.0)
        _export(conn, path, tmp, "''")
    cipher.forget(real)


@contextlib.contextmanager
def _swapping(path: Path, real: Path, doing: str) -> Iterator[Path]:
    """A new owner-only file beside the journal for the block to fill; then it takes the journal's place."""
    tmp = real.with_name(f".{real.name}.{doing}-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(fd, 0o600)
        os.close(fd)
    except OSError as err:
        raise write_error(tmp, err) from None
    moved = False
    try:
        yield tmp
        _refuse_if_in_use(path, real)  # opened elsewhere while the copy was made: refuse still
        wal = Path(f"{real}-wal")
        if wal.exists() and wal.stat().st_size:
            raise InputError(f"{shown(path)} was written to while {doing}; nothing was changed. Try again.")
        _fsync(tmp, os.O_RDONLY)
        for leftover in (wal, Path(f"{real}-shm")):  # the old file's; never to be taken for the new one's
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        os.replace(tmp, real)
        moved = True
        _fsync(real.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as err:
        raise write_error(path, err) from None
    finally:
        if not moved:
            for p in (tmp, Path(f"{tmp}-journal")):
                with contextlib.suppress(OSError):
                    p.unlink()


def _fsync(path: Path, flags: int) -> None:
    with contextlib.suppress(OSError):  # best effort: not every system lets a folder be opened
        fd = os.open(path, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _export(conn: sqlite3.Connection, path: Path, tmp: Path, key: str) -> None:
    """Copy everything of `conn`'s journal into `tmp` with `key`, then read both again and compare."""
    target = cipher.literal(os.fspath(tmp))
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy is not None and busy[0]:
            raise InputError(f"{shown(path)} is busy in another window or program; nothing was changed.")
        header = [conn.execute(f"PRAGMA main.{p}").fetchone()[0] for p in ("user_version", "application_id")]
        conn.execute(f"ATTACH DATABASE {target} AS copy KEY {key}")
        conn.execute("BEGIN IMMEDIATE")  # no one writes the journal while it is copied
        conn.execute("SELECT sqlcipher_export('copy')")
        conn.execute(f"PRAGMA copy.user_version = {int(header[0])}")
        conn.execute(f"PRAGMA copy.application_id = {int(header[1])}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE copy")
        conn.execute(f"ATTACH DATABASE {target} AS copy KEY {key}")  # read back from the file, not memory
        differs = _difference(conn)
        if differs is None:
            problems = [str(r[0]) for r in conn.execute("PRAGMA copy.integrity_check")]
            differs = None if problems == ["ok"] else f"its integrity check: {problems[0]}"
        conn.execute("DETACH DATABASE copy")
    except sqlite3.Error as err:
        said = storage_error(path, err)
        raise (said or JournalError(f"Can't copy {shown(path)} ({err}); nothing was changed.")) from None
    finally:
        conn.close()
    if differs is not None:
        raise JournalError(f"The new copy of {shown(path)} didn't match it ({differs}); nothing was changed.")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _difference(conn: sqlite3.Connection) -> str | None:
    """Where the journal (main) and its copy differ: the schema, header, or a table's rows; None if nowhere."""
    schema = "SELECT type, name, tbl_name, sql FROM {}.sqlite_master ORDER BY type, name"
    tables = conn.execute(schema.format("main")).fetchall()
    if tables != conn.execute(schema.format("copy")).fetchall():
        return "the list of tables"
    for pragma in ("user_version", "application_id"):
        if conn.execute(f"PRAGMA main.{pragma}").fetchone() != conn.execute(f"PRAGMA copy.{pragma}").fetchone():
            return pragma
    for kind, name, _table, sql in tables:
        if kind != "table" or str(sql or "").upper().startswith("CREATE VIRTUAL"):
            continue  # a virtual table's rows live in its own tables, compared here too
        width = len(conn.execute(f"PRAGMA main.table_info({_quoted(name)})").fetchall())
        order = ", ".join(str(i + 1) for i in range(width))
        rows = [conn.execute(f"SELECT * FROM {s}.{_quoted(name)} ORDER BY {order}") for s in ("main", "copy")]
        for mine, theirs in zip_longest(*rows):
            if mine is None or theirs is None or [(type(v), v) for v in mine] != [(type(v), v) for v in theirs]:
                return f"the rows of {name}"
    return None
