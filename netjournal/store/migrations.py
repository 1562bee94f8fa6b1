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


# Version 3 -----------------------------------------------------------------------------

_EVENT = (
    "CREATE TABLE event (\n"
    "\tid VARCHAR NOT NULL, \n"
    "\tcreated_at DATETIME NOT NULL, \n"
    "\tupdated_at DATETIME NOT NULL, \n"
    "\tdeleted_at DATETIME, \n"
    "\tname VARCHAR NOT NULL, \n"
    "\tdate DATE NOT NULL, \n"
    "\tkind VARCHAR NOT NULL, \n"
    "\tlocation VARCHAR NOT NULL, \n"
    "\tnotes VARCHAR NOT NULL, \n"
    "\tcalendar_uid VARCHAR, \n"
    "\tcalendar_fields VARCHAR, \n"
    "\tPRIMARY KEY (id), \n"
    "\tCONSTRAINT ck_kind CHECK (kind IN ('conference', 'meetup', 'dinner', 'talk', 'other'))\n"
    ")"
)

_MEETING = (
    "CREATE TABLE meeting (\n"
    "\tid VARCHAR NOT NULL, \n"
    "\tcreated_at DATETIME NOT NULL, \n"
    "\tupdated_at DATETIME NOT NULL, \n"
    "\tdeleted_at DATETIME, \n"
    "\tevent_id VARCHAR NOT NULL, \n"
    "\tperson_id VARCHAR NOT NULL, \n"
    "\tslot INTEGER NOT NULL, \n"
    "\tstatus VARCHAR NOT NULL, \n"
    "\ttalked_about VARCHAR NOT NULL, \n"
    "\tnot_work VARCHAR NOT NULL, \n"
    "\tstill_thinking VARCHAR NOT NULL, \n"
    "\tfollow_up VARCHAR NOT NULL, \n"
    "\tfollow_up_due DATE, \n"
    "\tfollowed_up_on DATE, \n"
    "\tPRIMARY KEY (id), \n"
    "\tCONSTRAINT ck_slot CHECK (slot IN (1, 2)), \n"
    "\tCONSTRAINT ck_status CHECK (status IN ('hoping', 'met', 'not_this_time')), \n"
    "\tCONSTRAINT ck_still_thinking CHECK (still_thinking IN ('not_really', 'a_little', 'cant_stop')), \n"
    "\tCONSTRAINT ck_follow_up CHECK (follow_up IN ('undecided', 'planned', 'done', 'let_go')), \n"
    "\tFOREIGN KEY(event_id) REFERENCES event (id), \n"
    "\tFOREIGN KEY(person_id) REFERENCES person (id)\n"
    ")"
)

_REFLECTION = (
    "CREATE TABLE reflection (\n"
    "\tid VARCHAR NOT NULL, \n"
    "\tcreated_at DATETIME NOT NULL, \n"
    "\tupdated_at DATETIME NOT NULL, \n"
    "\tdeleted_at DATETIME, \n"
    "\tevent_id VARCHAR NOT NULL, \n"
    "\tshowed_up BOOLEAN NOT NULL, \n"
    "\tenergy_before INTEGER, \n"
    "\tenergy_after INTEGER, \n"
    "\thard VARCHAR NOT NULL, \n"
    "\tothers_too VARCHAR NOT NULL, \n"
    "\tfriend_words VARCHAR NOT NULL, \n"
    "\tgained VARCHAR NOT NULL, \n"
    "\tproud VARCHAR NOT NULL, \n"
    "\tworry VARCHAR DEFAULT '' NOT NULL, \n"
    "\tworry_sure_before INTEGER, \n"
    "\tworry_happened VARCHAR, \n"
    "\tworry_sure_after INTEGER, \n"
    "\tPRIMARY KEY (id), \n"
    "\tCONSTRAINT ck_energy_before CHECK (energy_before IS NULL OR energy_before BETWEEN 1 AND 5), \n"
    "\tCONSTRAINT ck_energy_after CHECK (energy_after IS NULL OR energy_after BETWEEN 1 AND 5), \n"
    "\tCONSTRAINT ck_worry_sure_before CHECK (worry_sure_before IS NULL OR worry_sure_before BETWEEN 1 AND 5), \n"
    "\tCONSTRAINT ck_worry_sure_after CHECK (worry_sure_after IS NULL OR worry_sure_after BETWEEN 1 AND 5), \n"
    "\tCONSTRAINT ck_worry_happened CHECK (worry_happened IS NULL OR worry_happened IN ('no', 'partly', 'yes')), \n"
    "\tUNIQUE (event_id), \n"
    "\tFOREIGN KEY(event_id) REFERENCES event (id)\n"
    ")"
)

_SUMMARY_DAY = "CREATE TABLE summary_day (\n\tid INTEGER NOT NULL, \n\tday DATE, \n\tPRIMARY KEY (id)\n)"

_INDEXES = (
    "CREATE INDEX ix_event_calendar ON event (calendar_uid) WHERE calendar_uid IS NOT NULL",
    "CREATE INDEX ix_event_date ON event (date, id) WHERE deleted_at IS NULL",
    "CREATE INDEX ix_event_deleted ON event (id, deleted_at) WHERE deleted_at IS NOT NULL",
    "CREATE INDEX ix_event_live_date ON event (id, deleted_at, date)",
    "CREATE INDEX ix_event_name ON event (name)",
    "CREATE INDEX ix_meeting_depth ON meeting (person_id, event_id, status, follow_up, deleted_at) "
    "WHERE deleted_at IS NULL",
    "CREATE INDEX ix_meeting_follow_up ON meeting (follow_up, follow_up_due, person_id, event_id, id, deleted_at) "
    "WHERE deleted_at IS NULL",
    "CREATE INDEX ix_meeting_person ON meeting (person_id) WHERE deleted_at IS NULL",
    "CREATE UNIQUE INDEX ux_meeting_person ON meeting (event_id, person_id) WHERE deleted_at IS NULL",
    "CREATE UNIQUE INDEX ux_meeting_slot ON meeting (event_id, slot) WHERE deleted_at IS NULL",
)

# Laid out freely: a trigger is compared with a new journal's with its layout taken out.
_RECOUNT = """
    UPDATE person SET (events_met, last_met, followed_up, follow_ups_done, not_work_moments) = (
        SELECT count(*), max(e.date),
               coalesce(max(m.follow_up = 'done'), 0),
               coalesce(sum(m.follow_up = 'done'), 0),
               coalesce(sum(trim(m.not_work) != ''), 0)
        FROM meeting AS m JOIN event AS e ON e.id = m.event_id AND e.deleted_at IS NULL
        WHERE m.person_id = person.id AND m.deleted_at IS NULL
            AND m.status = 'met' AND NOT ifnull(e.date > (SELECT day FROM summary_day) AND e.date <= '2199-12-31'
                AND e.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]', 0)
    )
    WHERE {where};
"""
_TRIGGERS = (
    f"""CREATE TRIGGER tr_summary_meeting_insert AFTER INSERT ON meeting
    BEGIN {_RECOUNT.format(where="id = NEW.person_id")} END""",
    f"""CREATE TRIGGER tr_summary_meeting_update
    AFTER UPDATE OF person_id, event_id, status, follow_up, not_work, deleted_at ON meeting
    WHEN OLD.person_id IS NOT NEW.person_id OR OLD.event_id IS NOT NEW.event_id
        OR OLD.status IS NOT NEW.status OR OLD.follow_up IS NOT NEW.follow_up
        OR (trim(OLD.not_work) != '') IS NOT (trim(NEW.not_work) != '')
        OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
    BEGIN {_RECOUNT.format(where="id IN (OLD.person_id, NEW.person_id)")} END""",
    f"""CREATE TRIGGER tr_summary_meeting_delete AFTER DELETE ON meeting
    BEGIN {_RECOUNT.format(where="id = OLD.person_id")} END""",
    f"""CREATE TRIGGER tr_summary_event_update AFTER UPDATE OF date, deleted_at ON event
    WHEN OLD.date IS NOT NEW.date OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
    BEGIN {
        _RECOUNT.format(where="id IN (SELECT person_id FROM meeting WHERE event_id = NEW.id AND deleted_at IS NULL)")
    } END""",
)

_KEPT = {  # the columns each rebuilt table had at version 2, copied as they are
    "event": "id, created_at, updated_at, deleted_at, name, date, kind, location, notes",
    "meeting": (
        "id, created_at, updated_at, deleted_at, event_id, person_id, slot, status, talked_about, not_work, "
        "still_thinking, follow_up, follow_up_due, followed_up_on"
    ),
    "reflection": (
        "id, created_at, updated_at, deleted_at, event_id, showed_up, energy_before, energy_after, hard, "
        "others_too, friend_words, gained, proud"
    ),
}
_OLD_TRIGGERS = (
    "tr_summary_meeting_insert",
    "tr_summary_meeting_update",
    "tr_summary_meeting_delete",
    "tr_summary_event_update",
)


def _before_and_after(conn: Connection) -> None:
    """Version 3: coming-up events. A meeting can be "not this time"; the reflection holds the worry check; an
    event remembers its calendar UID and fields; the summaries count meetings only up to the summary day.

    Event, meeting and reflection are rebuilt (SQLite can't change a CHECK constraint in place): each is
    renamed aside, made anew as a new journal has it, filled from the old one, which is then dropped. The
    upgrade's connection has foreign keys off and legacy renames on, so other tables still name `event`.
    """
    for trigger in _OLD_TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    for table, create in (("event", _EVENT), ("meeting", _MEETING), ("reflection", _REFLECTION)):
        conn.exec_driver_sql(f"ALTER TABLE {table} RENAME TO _old_{table}")
        conn.exec_driver_sql(create)
        conn.exec_driver_sql(f"INSERT INTO {table} ({_KEPT[table]}) SELECT {_KEPT[table]} FROM _old_{table}")
        conn.exec_driver_sql(f"DROP TABLE _old_{table}")
    for statement in (*_INDEXES, _SUMMARY_DAY, *_TRIGGERS):
        conn.exec_driver_sql(statement)


# Versions 4 to 6 -----------------------------------------------------------------------


_TAGS = (
    "CREATE TABLE tag (\n"
    "\tid VARCHAR NOT NULL, \n"
    "\tcreated_at DATETIME NOT NULL, \n"
    "\tupdated_at DATETIME NOT NULL, \n"
    "\tdeleted_at DATETIME, \n"
    "\trecord_table VARCHAR NOT NULL, \n"
    "\trecord_id VARCHAR NOT NULL, \n"
    "\tname VARCHAR NOT NULL, \n"
    "\tPRIMARY KEY (id), \n"
    "\tCONSTRAINT ck_record_table CHECK (record_table IN ('event', 'person'))\n"
    ")",
    "CREATE INDEX ix_tag_name ON tag (record_table, name, record_id) WHERE deleted_at IS NULL",
    "CREATE UNIQUE INDEX ux_tag_record ON tag (record_id, name)",
)


def _add_tags(conn: Connection) -> None:
    """Version 4: tags on events and people, a row per tag (Tag)."""
    for statement in _TAGS:
        conn.exec_driver_sql(statement)


def _add_search(conn: Connection) -> None:
    """Version 5: the full-text index `search` reads, filled from what the journal holds (tags too)."""
    search_index.build(conn.exec_driver_sql)


def _rebuild_search(conn: Connection) -> None:
    """Take the search index's objects away and make them again (as `check --repair` does)."""
    names = [(kind, name) for kind, name in conn.exec_driver_sql("SELECT type, name FROM sqlite_master")]
    for statement in search_index.drop_statements(names):
        conn.exec_driver_sql(statement)
    search_index.build(conn.exec_driver_sql)


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
    _rebuild_search(conn)  # dropping the person table took the index's triggers on it along


# Version 7 -----------------------------------------------------------------------------

_SYNC = (
    "CREATE TABLE this_device (\n\tid INTEGER NOT NULL, \n\tdevice_id VARCHAR NOT NULL, \n"
    "\tname VARCHAR NOT NULL, \n\tPRIMARY KEY (id)\n)",
    "CREATE TABLE tombstone (\n"
    "\tid VARCHAR NOT NULL, \n"
    "\trecord_table VARCHAR NOT NULL, \n"
    "\tdeleted_at DATETIME NOT NULL, \n"
    "\tPRIMARY KEY (id), \n"
    "\tCONSTRAINT ck_record_table CHECK (record_table IN ('event', 'person'))\n"
    ")",
)


def _add_sync(conn: Connection) -> None:
    """Version 7: the sync folder. This device's name and id (made on the first sync), and a tombstone
    (id, table, when) for each event or person deleted for good, so the deletion reaches other devices."""
    for statement in _SYNC:
        conn.exec_driver_sql(statement)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _add_history,
    3: _before_and_after,
    4: _add_tags,
    5: _add_search,
    6: _add_keep_in_touch,
    7: _add_sync,
}
