"""Schema versions: older journals are upgraded in place, newer ones are left alone."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date

import pytest
from sqlalchemy import text

from netjournal.errors import JournalError, NewerJournalError
from netjournal.store import engine as engine_module
from netjournal.store import files, queries
from netjournal.store.engine import open_store
from netjournal.store.migrations import MIGRATIONS


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def columns(path, table) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def make_v1_journal(path) -> str:
    store = open_store(path)
    try:
        with store.session() as session:
            ev = queries.create_event(
                session=session,
                name="Founders dinner",
                date=date(2019, 4, 8),
                kind="dinner",
                goal_text="Ask one person about their seed round",
            )
            person = queries.create_person(session=session, name="Ana")
            queries.add_meeting(session=session, event_id=ev.id, person_id=person.id, slot=1)
    finally:
        store.close()
    return ev.id


@pytest.fixture
def schema_v2(monkeypatch):
    """Pretend this netjournal reads version 2; the caller sets MIGRATIONS[2]."""

    def use(step):
        monkeypatch.setattr(files, "SCHEMA_VERSION", 2)
        monkeypatch.setattr(engine_module, "SCHEMA_VERSION", 2)
        monkeypatch.setitem(MIGRATIONS, 2, step)

    return use


def add_mood_column(conn) -> None:
    conn.exec_driver_sql("ALTER TABLE event ADD COLUMN mood TEXT NOT NULL DEFAULT 'calm'")


def test_a_new_journal_is_at_the_current_version(journal_path):
    open_store(journal_path).close()
    assert user_version(journal_path) == files.SCHEMA_VERSION == 1
    assert files.inspect_journal_file(journal_path) == 1


def test_every_version_after_the_first_has_a_step():
    assert sorted(MIGRATIONS) == list(range(2, files.SCHEMA_VERSION + 1))


def test_an_older_journal_is_upgraded_in_place(journal_path, schema_v2):
    event_id = make_v1_journal(journal_path)
    assert user_version(journal_path) == 1
    schema_v2(add_mood_column)

    store = open_store(journal_path)
    try:
        with store.session() as session:
            ev = queries.get_event(session=session, event_id=event_id)
            assert ev.name == "Founders dinner"
            assert queries.get_goal(session=session, event_id=event_id).text == "Ask one person about their seed round"
            assert [p.name for _, p in queries.meetings_for_event(session=session, event_id=event_id)] == ["Ana"]
            mood = session.exec(text("SELECT mood FROM event WHERE id = :id").bindparams(id=event_id)).one()[0]
            assert mood == "calm"
    finally:
        store.close()
    assert user_version(journal_path) == 2
    assert "mood" in columns(journal_path, "event")
    assert files.inspect_journal_file(journal_path) == 2


def test_an_upgraded_journal_is_not_upgraded_twice(journal_path, schema_v2):
    make_v1_journal(journal_path)
    runs = []

    def step(conn):
        runs.append(1)
        add_mood_column(conn)

    schema_v2(step)
    open_store(journal_path).close()
    open_store(journal_path).close()
    assert runs == [1]


def test_a_step_that_breaks_halfway_changes_nothing(journal_path, schema_v2):
    """Each step runs in one transaction: a half-done upgrade never sticks."""
    event_id = make_v1_journal(journal_path)

    def broken(conn):
        add_mood_column(conn)
        conn.exec_driver_sql("UPDATE event SET name = 'changed'")
        conn.exec_driver_sql("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    schema_v2(broken)
    with pytest.raises(JournalError, match="no_such_table") as info:
        open_store(journal_path)
    assert "\n" not in str(info.value)
    assert "still at version 1" in str(info.value)
    assert user_version(journal_path) == 1
    assert "mood" not in columns(journal_path, "event")
    conn = sqlite3.connect(journal_path)
    try:
        assert conn.execute("SELECT name FROM event WHERE id = ?", (event_id,)).fetchone()[0] == "Founders dinner"
    finally:
        conn.close()

    schema_v2(add_mood_column)  # the next netjournal, with the step mended, upgrades it
    open_store(journal_path).close()
    assert user_version(journal_path) == 2


def test_a_newer_journal_is_refused_and_left_untouched(journal_path):
    make_v1_journal(journal_path)
    conn = sqlite3.connect(journal_path)
    conn.execute(f"PRAGMA user_version={files.SCHEMA_VERSION + 1}")
    conn.close()
    before = sha256(journal_path)
    siblings = sorted(p.name for p in journal_path.parent.iterdir())

    with pytest.raises(NewerJournalError) as info:
        open_store(journal_path)
    message = str(info.value)
    assert str(journal_path) in message
    assert "\n" not in message
    assert sha256(journal_path) == before
    assert sorted(p.name for p in journal_path.parent.iterdir()) == siblings
    assert user_version(journal_path) == files.SCHEMA_VERSION + 1


def test_a_journal_created_now_has_exactly_the_schema_check_expects(journal_path):
    """The comparison `netjournal check` makes, on a journal made at the current version: no difference at all."""
    from netjournal.store.files import connect_read_only
    from netjournal.store.schema import differences, expected_schema, read_schema

    open_store(journal_path).close()
    conn = connect_read_only(journal_path)
    try:
        actual = read_schema(conn)
    finally:
        conn.close()
    expected = expected_schema()
    assert differences(actual, expected) == []
    assert actual == expected
    assert actual.names("table") == ["event", "goal", "meeting", "person", "reflection"]
    assert {"ix_person_depth", "ux_meeting_slot", "ix_meeting_follow_up"} <= set(actual.names("index"))
    assert actual.names("trigger") == sorted(
        [
            "tr_summary_meeting_insert",
            "tr_summary_meeting_update",
            "tr_summary_meeting_delete",
            "tr_summary_event_update",
        ]
    )


def test_the_comparison_sees_a_missing_index_trigger_and_column(journal_path):
    from netjournal.store.schema import differences, expected_schema, read_schema

    open_store(journal_path).close()
    conn = sqlite3.connect(journal_path)
    try:
        conn.execute("DROP INDEX ix_event_name")
        conn.execute("DROP TRIGGER tr_summary_meeting_delete")
        conn.execute("ALTER TABLE goal DROP COLUMN learned")
        found = {(d.kind, d.name, d.change) for d in differences(read_schema(conn), expected_schema())}
    finally:
        conn.close()
    assert found == {
        ("index", "ix_event_name", "missing"),
        ("trigger", "tr_summary_meeting_delete", "missing"),
        ("column", "goal.learned", "missing"),
    }
