"""Import's bulk writing stores exactly what the store's own column types store, and leaves the journal's
triggers, indexes and person summaries as if every row had been written the ordinary way."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import TypeDecorator, create_engine, insert
from sqlmodel import Session

from netjournal.store.engine import open_store
from netjournal.store.models import RECOMPUTE_ALL_SUMMARIES, TABLES, Event, Person, table_of
from netjournal.transfer.bulk import Upkeep, binder, insert_rows, stored_day, stored_time, time_of
from tests.reliability.helpers import fill
from tests.reliability.test_hostile_text import HOSTILE_TEXT

DIALECT = create_engine("sqlite://").dialect
TIMES = st.datetimes(
    min_value=datetime(1900, 1, 2),
    max_value=datetime(2199, 12, 30),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9, minutes=-30))]),
)


def sqlalchemy_binds(kind, value):
    process = kind.dialect_impl(DIALECT).bind_processor(DIALECT)  # what SQLAlchemy's statements use
    bound = process(value) if process is not None else value
    return bound.isoformat() if type(bound) is date else bound  # as sqlite3 adapts a date


@settings(max_examples=200, deadline=None)
@given(HOSTILE_TEXT, TIMES, st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.booleans())
def test_each_binder_binds_what_the_column_type_binds(text, moment, day, flag):
    values = {str: text, datetime: moment, date: day, bool: flag, int: 3}
    for model in TABLES:
        for column in table_of(model).c:
            bind = binder(column.type, DIALECT)
            base = column.type
            while isinstance(base, TypeDecorator):
                base = base.impl_instance
            for value in (values[base.python_type], None):
                assert (bind(value) if bind is not None else value) == sqlalchemy_binds(column.type, value), column


@settings(max_examples=100, deadline=None)
@given(TIMES)
def test_a_time_kept_as_stored_text_stands_for_the_same_moment(moment):
    stored = stored_time(moment)
    assert stored_time(stored) == stored
    assert time_of(stored) == moment.astimezone(UTC).replace(microsecond=moment.microsecond)
    assert stored_day(moment.date()) == moment.date().isoformat() == stored_day(moment.date().isoformat())


def test_insert_rows_stores_what_an_insert_through_the_models_stores(tmp_path):
    """The same rows, through SQLAlchemy's insert and through insert_rows: the two files hold the same values."""
    now = datetime(2019, 4, 8, 19, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    person = {
        "id": "00000000-0000-4000-8000-000000000001",
        "name": "Ana\x1b[2J\tBell",
        "great_at": "",
        "contact": "ana\r\n@example.org",
        "notes": "two\r\nlines\x07",
        "created_at": now,
        "updated_at": now + timedelta(microseconds=1),
        "deleted_at": None,
        "events_met": 0,
        "last_met": None,
        "followed_up": False,
        "follow_ups_done": 0,
        "not_work_moments": 0,
        "keep_in_touch": "3 months",
        "kept_in_touch_on": date(2019, 4, 1),
        "keep_in_touch_snoozed_until": None,
    }
    event = {
        "id": "00000000-0000-4000-8000-000000000002",
        "name": "Meetup",
        "date": date(2019, 4, 8),
        "kind": "meetup",
        "location": "Lille\n",
        "notes": "",
        "calendar_uid": "uid-1@example.org\n",
        "calendar_fields": None,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
    }
    stored = []
    for how in ("models", "bulk"):
        path = tmp_path / how / "journal.db"
        store = open_store(path)
        try:
            with Session(store.engine) as session, session.begin():
                conn = session.connection()
                for model, row in ((Person, person), (Event, event)):
                    if how == "models":
                        conn.execute(insert(table_of(model)), [row])
                    else:
                        insert_rows(conn, model, [row])
        finally:
            store.close()
        conn = sqlite3.connect(path)
        stored.append([conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("person", "event")])
        conn.close()
    assert stored[0] == stored[1]


def schema(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        conn.close()


def summaries(path, recompute=False):
    conn = sqlite3.connect(path)
    try:
        if recompute:
            conn.execute(RECOMPUTE_ALL_SUMMARIES)
        return conn.execute(
            "SELECT id, events_met, last_met, followed_up, follow_ups_done, not_work_moments FROM person ORDER BY id"
        ).fetchall()
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.parametrize("fresh", [(), ("meeting", "person")])
def test_upkeep_puts_back_what_it_held_and_makes_the_summaries(journal_path, fresh):
    fill(journal_path)
    before = schema(journal_path)
    store = open_store(journal_path)
    try:
        with Session(store.engine) as session, session.begin():
            conn = session.connection()
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            upkeep = Upkeep(conn, fresh=fresh)
            upkeep.hold()
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
            assert not any(n.startswith("tr_summary") for n in names)
            assert ("ix_meeting_depth" in names) == (not fresh)
            # A meeting moves to another person, with the triggers off.
            ana, other = conn.exec_driver_sql("SELECT person_id, id FROM meeting WHERE deleted_at IS NULL").first()
            ben = conn.exec_driver_sql("SELECT id FROM person WHERE id != ? LIMIT 1", (ana,)).scalar_one()
            conn.exec_driver_sql("DELETE FROM meeting WHERE person_id = ? AND id != ?", (ben, other))
            conn.exec_driver_sql("UPDATE meeting SET person_id = ? WHERE id = ?", (ben, other))
            upkeep.touch([ana, ben])
            upkeep.finish()
    finally:
        store.close()
    assert schema(journal_path) == before
    assert summaries(journal_path) == summaries(journal_path, recompute=True)
