"""Opening a journal: the engine, its PRAGMAs, creating and upgrading the schema."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool
from sqlmodel import Session, SQLModel

from netjournal.errors import DiskFullError, JournalError, NotAJournalError, ReadOnlyJournalError, UnreadableError
from netjournal.store import cipher, device, models, search_index  # noqa: F401  (models and device register the tables)
from netjournal.store.files import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    check_version,
    connect_read_only,
    disk_full_error,
    inspect_journal_file,
    make_private,
    make_private_dir,
    may_write,
    read_only_reason,
    shown,
    storage_error,
    write_error,
)
from netjournal.store.migrations import MIGRATIONS

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    # Up to 16 MiB of pages kept per connection (SQLite's default is 2 MiB), so the lists
    # that look things up all over a big journal find them in memory the second time.
    "PRAGMA cache_size=-16384",
)
READ_ONLY_PRAGMAS = tuple(p for p in PRAGMAS if "journal_mode" not in p and "synchronous" not in p)


def _pragmas(pragmas: tuple[str, ...]) -> Callable[[sqlite3.Connection, ConnectionPoolEntry], None]:
    def set_pragmas(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()

    return set_pragmas


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on exactly the file at `path`, whose every connection, in any thread, gets the PRAGMAs.

    The connection is made from the path itself, never from a URL built from it, so `%20`, `?`, `#`
    or a leading `file:` in a name mean only themselves. `read_only` reads without writing a byte.
    """
    # Absolute, so a name starting with "file:" is never taken for a URI (this SQLite reads those anywhere).
    target = os.fspath(Path(path).absolute())

    def connect() -> sqlite3.Connection:
        if read_only:
            return connect_read_only(Path(target))
        return cipher.connect(Path(target), check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    event.listen(engine, "connect", _pragmas(READ_ONLY_PRAGMAS if read_only else PRAGMAS))
    event.listen(engine, "handle_error", lambda context: _said_plainly(Path(path), context))
    return engine


def _said_plainly(path: Path, context: ExceptionContext) -> BaseException | None:
    """A read-only journal or a full disk, said as what it is rather than as SQLite's words."""
    err = context.original_exception
    return storage_error(path, err) if isinstance(err, sqlite3.Error) else None


class Store:
    """One open journal file."""

    def __init__(self, path: Path, engine: Engine, *, read_only: bool = False):
        self.path = path
        self.engine = engine
        self.read_only = read_only  # opened read-only: every write raises ReadOnlyJournalError

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def bring_to(self, today: date) -> None:
        """Count meetings up to `today` in the people's summaries (a read-only journal keeps the day it has)."""
        if self.read_only:
            return
        from netjournal.store.summary import bring_summaries_to, summary_day

        with self.engine.connect() as conn:
            if summary_day(conn) == today:
                return
        with self.engine.begin() as conn:
            bring_summaries_to(conn, today)

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path, *, create: bool = True, today: date | None = None) -> Store:
    """Open (creating or upgrading as needed) the journal at `path`.

    Refuses, without touching the file, anything that is not a netjournal
    journal or that a newer netjournal wrote. A journal we may not write
    (see files.read_only_reason) is opened read-only, and left exactly as it is.
    The people's summaries are brought to `today` (by default the day it is).
    """
    path = Path(path)
    version = inspect_journal_file(path)
    if version is None:
        if not create:
            raise NotAJournalError(f"There is no journal at {shown(path)} yet.")
        _create(path)
    reason = read_only_reason(path)
    engine = make_engine(path, read_only=reason is not None)
    try:
        current = _user_version(path, engine)
    except BaseException:
        engine.dispose()
        raise
    if reason is not None:
        if current < SCHEMA_VERSION:
            engine.dispose()
            raise ReadOnlyJournalError(
                f"{shown(path)} {reason}, and this netjournal needs to bring it up to date before using it, "
                "which can't be written; nothing was changed. Make it writable once, then open it again."
            )
        return Store(path, engine, read_only=True)
    if current < SCHEMA_VERSION:
        engine.dispose()
        _upgrade(path, current)
    make_private(path)
    store = Store(path, engine)
    try:
        store.bring_to(today or date.today())
    except BaseException:
        store.close()
        raise
    return store


def _user_version(path: Path, engine: Engine) -> int:
    try:
        with engine.connect() as conn:
            current = int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    except SADatabaseError as err:
        if isinstance(err.orig, sqlite3.OperationalError) and "unable to open" in str(err.orig):
            raise UnreadableError(f"SQLite can't open {shown(path)} ({err.orig}). Nothing was changed.") from None
        raise NotAJournalError(f"{shown(path)} can't be read as a journal ({err.orig}). Nothing was changed.") from None
    check_version(path, current)
    if current < 1 or any(v not in MIGRATIONS for v in range(current + 1, SCHEMA_VERSION + 1)):
        raise NotAJournalError(
            f"{shown(path)} says it is at journal version {current}, which no netjournal writes. "
            "`netjournal check --repair` can set it right; nothing was changed."
        )
    return current


def create_schema(engine: Engine) -> None:
    """Every table, index and trigger this netjournal makes, and the header that marks the file as ours.

    In one transaction: Python's sqlite3 would otherwise commit each statement on its own, a
    hundred commits (each one synced to disk) for a new journal instead of one.
    """
    with engine.begin() as conn:
        conn.exec_driver_sql("SAVEPOINT create_schema")  # outside a transaction, this begins one
        SQLModel.metadata.create_all(conn)
        for trigger in models.SUMMARY_TRIGGERS:
            conn.exec_driver_sql(trigger)
        search_index.build(conn.exec_driver_sql)
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.exec_driver_sql("RELEASE create_schema")


def _create(path: Path) -> None:
    """Build a new journal beside `path`, then move it into place in one step.

    A crash halfway leaves no half-made journal where the real one belongs, and
    an error (a full disk, say) leaves no half-made file beside it either.
    """
    folder = path.parent
    if folder.exists() and not may_write(folder):
        raise ReadOnlyJournalError(f"{shown(folder)} is a read-only folder, so no journal was made in it.")
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}")
    moved = False
    try:
        make_private_dir(folder)
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        os.chmod(tmp, 0o600)
        engine = make_engine(tmp)
        try:
            create_schema(engine)
        finally:
            engine.dispose()  # the last connection closing folds the WAL back in
        raw = cipher.connect(tmp.absolute())
        try:
            raw.execute("PRAGMA journal_mode=DELETE")  # a single file to move
        finally:
            raw.close()
        os.replace(tmp, path)
        moved = True
    except OSError as err:
        raise write_error(path, err) from None
    except DiskFullError:  # said of the new file beside it; the person knows the journal's name
        raise disk_full_error(path) from None
    except (sqlite3.Error, SADatabaseError) as err:
        orig = err.orig if isinstance(err, SADatabaseError) else err
        said = storage_error(path, orig) if isinstance(orig, sqlite3.Error) else None
        raise (said or JournalError(f"Can't create {shown(path)} ({orig}); nothing was changed.")) from None
    finally:
        if not moved:
            for p in (tmp, *(Path(f"{tmp}{s}") for s in ("-wal", "-shm", "-journal"))):
                with contextlib.suppress(OSError):
                    p.unlink()
    make_private(path)


def _upgrade(path: Path, current: int) -> None:
    """Run each migration after `current`, each in one transaction of its own.

    Python's sqlite3 runs DDL outside any transaction unless told otherwise, so
    this engine issues BEGIN IMMEDIATE itself: a step that breaks halfway
    leaves the journal exactly as it was, at its old version.
    """
    engine = make_engine(path)
    event.listen(engine, "connect", _manual_transactions)
    event.listen(engine, "connect", _rebuilding)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    version = current
    try:
        for version in range(current + 1, SCHEMA_VERSION + 1):
            step = MIGRATIONS[version]
            with engine.begin() as conn:
                step(conn)
                conn.exec_driver_sql(f"PRAGMA user_version={version}")
    except JournalError:
        raise
    except Exception as err:
        raise JournalError(
            f"{shown(path)} couldn't be brought up to journal version {version} ({_first_line(err)}). "
            f"It is still at version {version - 1}, as it was."
        ) from err
    finally:
        engine.dispose()


def _manual_transactions(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None


def _rebuilding(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    """A step may rebuild a table SQLite's way (rename aside, make anew, copy, drop): foreign keys are off
    (they can't be turned off inside the step's transaction) and a rename leaves other tables' references be."""
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")
    dbapi_connection.execute("PRAGMA legacy_alter_table=ON")


def _first_line(err: BaseException) -> str:
    lines = str(getattr(err, "orig", None) or err).splitlines()
    return lines[0] if lines else type(err).__name__
