"""Schema upgrades, keyed by the version they bring a journal to.

A small `PRAGMA user_version` runner rather than Alembic: one file, no extra
dependency or import cost at start-up, and SQLite keeps the version in the
file header where the command line can read it without opening the database.
Each step gets a connection inside a transaction; steps that reshape a table
use SQLite's create-copy-rename recipe.
"""

from collections.abc import Callable

from sqlalchemy import Connection

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


# Version 6's person table, laid out as SQLAlchemy lays it out (see _HISTORY).
_PERSON_6 = (
    "CREATE TABLE person (\n"
    "\tid VARCHAR NOT NULL, \n"
    "\tcreated_at DATETIME NOT NULL, \n"
    "\tupdated_at DATETIME NOT NULL, \n"
    "\tdeleted_at DATETIME, \n"
    "\tname VARCHAR NOT NULL, \n"
    "\tgreat_at VARCHAR NOT NULL, \n"
    "\tcontact VARCHAR NOT NULL, \n"
    "\tnotes VARCHAR NOT NULL, \n"
    "\tevents_met INTEGER NOT NULL, \n"
    "\tlast_met DATE, \n"
    "\tfollowed_up BOOLEAN NOT NULL, \n"
    "\tfollow_ups_done INTEGER NOT NULL, \n"
    "\tnot_work_moments INTEGER NOT NULL, \n"
    "\tkeep_in_touch VARCHAR NOT NULL, \n"
    "\tkept_in_touch_on DATE, \n"
    "\tkeep_in_touch_snoozed_until DATE, \n"
    "\tPRIMARY KEY (id)\n"
    ")"
)
_PERSON_5_COLUMNS = (
    "id, created_at, updated_at, deleted_at, name, great_at, contact, notes, "
    "events_met, last_met, followed_up, follow_ups_done, not_work_moments"
)
_KEEP_IN_TOUCH_INDEX = (
    "CREATE INDEX ix_person_keep_in_touch ON person (id) WHERE keep_in_touch != '' AND deleted_at IS NULL"
)


def _add_keep_in_touch(conn: Connection) -> None:
    """Version 6: a keep-in-touch cadence per person, when done was last pressed on it, and its snooze.

    The person table is made again (SQLite's create-copy recipe) so it reads exactly as a new
    journal's; its indexes are made again as the journal had them. Meetings point at people, so
    that check waits for the end of the step, when every person is back under the same id.
    """
    conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    indexes = [
        sql
        for (sql,) in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' AND sql IS NOT NULL "
            "AND name != 'ix_person_keep_in_touch'"
        )
    ]
    conn.exec_driver_sql(f"CREATE TABLE person_before_6 AS SELECT {_PERSON_5_COLUMNS} FROM person")
    conn.exec_driver_sql("DROP TABLE person")
    conn.exec_driver_sql(_PERSON_6)
    conn.exec_driver_sql(
        f"INSERT INTO person ({_PERSON_5_COLUMNS}, keep_in_touch) SELECT {_PERSON_5_COLUMNS}, '' FROM person_before_6"
    )
    conn.exec_driver_sql("DROP TABLE person_before_6")
    for sql in indexes:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(_KEEP_IN_TOUCH_INDEX)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _add_history,
    3: _reserved,
    4: _reserved,
    5: _reserved,
    6: _add_keep_in_touch,
}
