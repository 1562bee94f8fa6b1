"""Opening a journal: the engine, its PRAGMAs, creating and upgrading the schema."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlmodel import Session, SQLModel

from netjournal.errors import JournalError, NotAJournalError
from netjournal.store import models  # registers the tables
from netjournal.store.files import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    check_version,
    inspect_journal_file,
    make_private,
    make_private_dir,
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


def _set_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine whose every connection, in any thread, gets the journal's PRAGMAs."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


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

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path, *, create: bool = True) -> Store:
    """Open (creating or upgrading as needed) the journal at `path`.

    Refuses, without touching the file, anything that is not a netjournal
    journal or that a newer netjournal wrote.
    """
    path = Path(path)
    version = inspect_journal_file(path)
    if version is None:
        if not create:
            raise NotAJournalError(f"There is no journal at {path} yet.")
        _create(path)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            current = raw.execute("PRAGMA user_version").fetchone()[0]
            check_version(path, current)
    except SADatabaseError as err:
        engine.dispose()
        raise NotAJournalError(f"{path} can't be read as a journal ({err.orig}). Nothing was changed.") from None
    if current < SCHEMA_VERSION:
        engine.dispose()
        _upgrade(path, current)
    make_private(path)
    return Store(path, engine)


def _create(path: Path) -> None:
    """Build a new journal beside `path`, then move it into place in one step.

    A crash halfway leaves no half-made journal where the real one belongs.
    """
    make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}")
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(tmp, 0o600)
    engine = make_engine(tmp)
    try:
        SQLModel.metadata.create_all(engine)
        with engine.begin() as conn:
            for trigger in models.SUMMARY_TRIGGERS:
                conn.exec_driver_sql(trigger)
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
    finally:
        engine.dispose()  # the last connection closing folds the WAL back in
    raw = sqlite3.connect(tmp)
    raw.execute("PRAGMA journal_mode=DELETE")  # a single file to move
    raw.close()
    os.replace(tmp, path)
    make_private(path)


def _upgrade(path: Path, current: int) -> None:
    """Run each migration after `current`, each in one transaction of its own.

    Python's sqlite3 runs DDL outside any transaction unless told otherwise, so
    this engine issues BEGIN IMMEDIATE itself: a step that breaks halfway
    leaves the journal exactly as it was, at its old version.
    """
    engine = make_engine(path)
    event.listen(engine, "connect", _manual_transactions)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    version = current
    try:
        for version in range(current + 1, SCHEMA_VERSION + 1):
            step = MIGRATIONS[version]
            with engine.begin() as conn:
                step(conn)
                conn.exec_driver_sql(f"PRAGMA user_version={version}")
    except Exception as err:
        raise JournalError(
            f"{path} couldn't be brought up to journal version {version} ({_first_line(err)}). "
            f"It is still at version {version - 1}, as it was."
        ) from err
    finally:
        engine.dispose()


def _manual_transactions(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None


def _first_line(err: BaseException) -> str:
    lines = str(getattr(err, "orig", None) or err).splitlines()
    return lines[0] if lines else type(err).__name__
