"""Schema upgrades, keyed by the version they bring a journal to.

A small `PRAGMA user_version` runner rather than Alembic: one file, no extra
dependency or import cost at start-up, and SQLite keeps the version in the
file header where the command line can read it without opening the database.
Each step gets a connection inside a transaction; steps that reshape a table
use SQLite's create-copy-rename recipe.
"""

from collections.abc import Callable

from sqlalchemy import Connection

from netjournal.store import search_index

# Version 1 is the first schema; a fresh journal is created at the newest
# version directly from the models, so it needs no step here. Each step spells
# out its SQL as the models of its version make it (a later model must not change
# what an old step does); a test checks an upgraded journal against a new one.

# Laid out as SQLAlchemy lays out what it creates, so SQLite stores the very text a new journal holds.
_HISTORY = (
    "CREATE TABLE history (\n"
    "\tid VARCHAR NOT NULL, \n"
    "\tcreated_at DATETIME NOT NULL, \n"
    "\tupdated_at DATETIME NOT NULL, \n"
    "\tdeleted_at DATETIME, \n"
    "\trecord_table VARCHAR NOT NULL, \n"
    "\trecord_id VARCHAR NOT NULL, \n"
    "\tfield VARCHAR NOT NULL, \n"
    "\tvalue VARCHAR, \n"
    "\treplaced_at DATETIME NOT NULL, \n"
    "\tvisit VARCHAR NOT NULL, \n"
    "\tPRIMARY KEY (id), \n"
    "\tCONSTRAINT ck_record_table CHECK (record_table IN ('event', 'goal', 'person', 'meeting', 'reflection'))\n"
    ")",
    "CREATE INDEX ix_history_record ON history (record_id, replaced_at)",
    "CREATE INDEX ix_history_visit ON history (visit, record_id, field)",
)


def _add_history(conn: Connection) -> None:
    """Version 2: each field's earlier values (History)."""
    for statement in _HISTORY:
        conn.exec_driver_sql(statement)


def _reserved(conn: Connection) -> None:
    """Kept for a change made alongside this one."""


def _add_search(conn: Connection) -> None:
    """Version 4: the full-text index `search` reads, filled from what the journal holds."""
    search_index.build(conn.exec_driver_sql)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _add_history, 3: _reserved, 4: _add_search}
