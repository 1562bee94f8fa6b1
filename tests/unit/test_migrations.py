"""Schema versions: older journals are upgraded in place, newer ones are left alone."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

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


def make_journal(path) -> str:
    """A journal at this netjournal's version, with an event, its goal and a meeting."""
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


NOW = files.SCHEMA_VERSION
NEXT = NOW + 1


@pytest.fixture
def schema_next(monkeypatch):
    """Pretend this netjournal reads the version after this one; the caller sets MIGRATIONS[NEXT]."""

    def use(step):
        monkeypatch.setattr(files, "SCHEMA_VERSION", NEXT)
        monkeypatch.setattr(engine_module, "SCHEMA_VERSION", NEXT)
        monkeypatch.setitem(MIGRATIONS, NEXT, step)

    return use


def add_mood_column(conn) -> None:
    conn.exec_driver_sql("ALTER TABLE event ADD COLUMN mood TEXT NOT NULL DEFAULT 'calm'")


def test_a_new_journal_is_at_the_current_version(journal_path):
    open_store(journal_path).close()
    assert user_version(journal_path) == files.SCHEMA_VERSION == 7
    assert files.inspect_journal_file(journal_path) == 7


def test_every_version_after_the_first_has_a_step():
    assert sorted(MIGRATIONS) == list(range(2, files.SCHEMA_VERSION + 1))


def test_an_older_journal_is_upgraded_in_place(journal_path, schema_next):
    event_id = make_journal(journal_path)
    assert user_version(journal_path) == NOW
    schema_next(add_mood_column)

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
    assert user_version(journal_path) == NEXT
    assert "mood" in columns(journal_path, "event")
    assert files.inspect_journal_file(journal_path) == NEXT


def test_an_upgraded_journal_is_not_upgraded_twice(journal_path, schema_next):
    make_journal(journal_path)
    runs = []

    def step(conn):
        runs.append(1)
        add_mood_column(conn)

    schema_next(step)
    open_store(journal_path).close()
    open_store(journal_path).close()
    assert runs == [1]


def test_a_step_that_breaks_halfway_changes_nothing(journal_path, schema_next):
    """Each step runs in one transaction: a half-done upgrade never sticks."""
    event_id = make_journal(journal_path)

    def broken(conn):
        add_mood_column(conn)
        conn.exec_driver_sql("UPDATE event SET name = 'changed'")
        conn.exec_driver_sql("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    schema_next(broken)
    with pytest.raises(JournalError, match="no_such_table") as info:
        open_store(journal_path)
    assert "\n" not in str(info.value)
    assert f"still at version {NOW}" in str(info.value)
    assert user_version(journal_path) == NOW
    assert "mood" not in columns(journal_path, "event")
    conn = sqlite3.connect(journal_path)
    try:
        assert conn.execute("SELECT name FROM event WHERE id = ?", (event_id,)).fetchone()[0] == "Founders dinner"
    finally:
        conn.close()

    schema_next(add_mood_column)  # the next netjournal, with the step mended, upgrades it
    open_store(journal_path).close()
    assert user_version(journal_path) == NEXT


def test_a_newer_journal_is_refused_and_left_untouched(journal_path):
    make_journal(journal_path)
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
    assert actual.names("table") == [
        "event",
        "goal",
        "history",
        "meeting",
        "person",
        "reflection",
        "search_index",
        "search_text",
        "summary_day",
        "tag",
        "this_device",
        "tombstone",
    ]
    assert {"ix_person_depth", "ux_meeting_slot", "ix_meeting_follow_up"} <= set(actual.names("index"))
    search_triggers = [
        f"tr_search_{table}_{when}"
        for table in ("event", "person", "goal", "meeting", "reflection", "text", "tag")
        for when in ("insert", "update", "delete")
    ]
    assert actual.names("trigger") == sorted(
        [
            "tr_summary_meeting_insert",
            "tr_summary_meeting_update",
            "tr_summary_meeting_delete",
            "tr_summary_event_update",
            *search_triggers,
            "tr_search_event_trash",
            "tr_search_person_trash",
        ]
    )


def test_the_comparison_sees_a_missing_index_trigger_and_column(journal_path):
    from netjournal.store.schema import differences, expected_schema, read_schema

    open_store(journal_path).close()
    conn = sqlite3.connect(journal_path)
    try:
        conn.execute("DROP INDEX ix_event_name")
        conn.execute("DROP TRIGGER tr_summary_meeting_delete")
        conn.execute("DROP TRIGGER tr_search_goal_insert")  # they read the column: SQLite won't drop it under them
        conn.execute("DROP TRIGGER tr_search_goal_update")
        conn.execute("DROP TRIGGER tr_search_event_trash")
        conn.execute("ALTER TABLE goal DROP COLUMN learned")
        found = {(d.kind, d.name, d.change) for d in differences(read_schema(conn), expected_schema())}
    finally:
        conn.close()
    assert found == {
        ("index", "ix_event_name", "missing"),
        ("trigger", "tr_summary_meeting_delete", "missing"),
        ("trigger", "tr_search_goal_insert", "missing"),
        ("trigger", "tr_search_goal_update", "missing"),
        ("trigger", "tr_search_event_trash", "missing"),
        ("column", "goal.learned", "missing"),
    }


V2_SCHEMA = Path(__file__).parent.parent / "fixtures" / "schema_v2.sql"


def make_v2_journal(path, *, history: bool = True) -> str:
    """A journal as version 2 left it (its schema as netjournal made it then), with an event, its goal,
    a reflection and a meeting; without History when `history` is false (as version 1 left it)."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(V2_SCHEMA.read_text())
        if not history:
            conn.execute("DROP TABLE history")  # its indexes go with it
        now = "2019-04-08 12:00:00.000000"
        conn.execute(
            "INSERT INTO event VALUES ('e1', ?, ?, NULL, 'Founders dinner', '2019-04-08', 'dinner', '', '')", (now, now)
        )
        conn.execute(
            "INSERT INTO goal VALUES ('g1', ?, ?, NULL, 'e1', 'Ask one person about their seed round', 'open', '')",
            (now, now),
        )
        conn.execute(
            "INSERT INTO reflection VALUES ('r1', ?, ?, NULL, 'e1', 1, 2, 4, 'the noise', '', '', '', '')", (now, now)
        )
        conn.execute(
            "INSERT INTO person (id, created_at, updated_at, name, great_at, contact, notes, events_met, "
            "followed_up, follow_ups_done, not_work_moments) VALUES ('p1', ?, ?, 'Ana', '', '', '', 1, 0, 0, 0)",
            (now, now),
        )
        conn.execute(
            "INSERT INTO meeting VALUES ('m1', ?, ?, NULL, 'e1', 'p1', 1, 'met', 'seed rounds', '', 'a_little', "
            "'undecided', NULL, NULL)",
            (now, now),
        )
        conn.execute(f"PRAGMA application_id={files.APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={2 if history else 1}")
        conn.commit()
    finally:
        conn.close()
    return "e1"


def without_search(conn) -> None:
    """Take away the search index (version 5's), as a journal of an earlier version is without it."""
    from netjournal.store.search_index import drop_statements

    names = [(str(t), str(n)) for t, n in conn.execute("SELECT type, name FROM sqlite_master")]
    for sql in drop_statements(names):
        conn.execute(sql)


def make_v1_journal(path) -> str:
    """A journal as version 1 left it: version 2's schema without History, marked version 1."""
    return make_v2_journal(path, history=False)


def schema_of(path):
    from netjournal.store.files import connect_read_only
    from netjournal.store.schema import read_schema

    conn = connect_read_only(path)
    try:
        return read_schema(conn)
    finally:
        conn.close()


def test_a_version_1_journal_is_brought_to_the_current_version_with_exactly_a_new_journal_s_schema(tmp_path):
    from netjournal.store.schema import differences, expected_schema
    from netjournal.transfer.check import check_journal

    old, new = tmp_path / "old.db", tmp_path / "new.db"
    event_id = make_v1_journal(old)
    assert user_version(old) == 1
    assert "history" not in schema_of(old).columns
    assert check_journal(old).healthy  # an older journal is healthy: netjournal brings it up to date itself

    store = open_store(old)  # the upgrade runs here
    try:
        with store.session() as session:
            queries.save_goal(session=session, event_id=event_id, text="Ask about seed rounds", visit="v1")
        with store.session() as session:
            assert queries.get_goal(session=session, event_id=event_id).text == "Ask about seed rounds"
            from netjournal.store import history

            kept = history.event_history(session=session, event_id=event_id)
            assert [(e.field, e.value) for e in kept] == [("text", "Ask one person about their seed round")]
    finally:
        store.close()
    open_store(new).close()

    assert user_version(old) == user_version(new) == files.SCHEMA_VERSION
    migrated, fresh = schema_of(old), schema_of(new)
    assert differences(migrated, expected_schema()) == []
    assert differences(migrated, fresh) == []
    assert migrated == fresh == expected_schema()
    assert {"ix_history_record", "ix_history_visit"} <= set(migrated.names("index"))
    for path in (old, new):
        result = check_journal(path)
        assert result.healthy, result.lines
        assert f"Schema version: {files.SCHEMA_VERSION} (current)" in result.lines


def make_v5_journal(path) -> tuple[str, str]:
    """A journal as version 5 left it: today's schema with the person table as it was before keep in touch."""
    event_id = make_journal(path)
    conn = sqlite3.connect(path)
    try:
        (person_id,) = conn.execute("SELECT id FROM person").fetchone()
        indexes = [sql for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'person'")]
        old_table = indexes.pop(0)  # the table comes first
        kept = [sql for sql in indexes if sql is not None and "keep_in_touch" not in sql]
        columns = [c for c in columns_of(conn, "person") if "touch" not in c]
        old_table = "\n".join(line for line in old_table.split("\n") if "touch" not in line)
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(f"CREATE TABLE p5 AS SELECT {', '.join(columns)} FROM person")
        conn.execute("DROP TABLE person")
        conn.execute(old_table)
        conn.execute("INSERT INTO person SELECT * FROM p5")
        conn.execute("DROP TABLE p5")
        for sql in kept:
            conn.execute(sql)
        before_sync(conn)
        conn.execute("PRAGMA user_version=5")
        conn.commit()
    finally:
        conn.close()
    return event_id, person_id


def before_sync(conn) -> None:
    """Take away what version 7 added (this device, tombstones), for a journal made now to stand for an older one."""
    conn.execute("DROP TABLE this_device")
    conn.execute("DROP TABLE tombstone")


def columns_of(conn, table) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def test_a_version_5_journal_is_brought_to_version_6_with_exactly_a_new_journal_s_schema(tmp_path):
    from netjournal.store.schema import differences, expected_schema
    from netjournal.transfer.check import check_journal

    old, new = tmp_path / "old.db", tmp_path / "new.db"
    event_id, person_id = make_v5_journal(old)
    assert "keep_in_touch" not in schema_of(old).columns["person"]
    store = open_store(old)  # the upgrade runs here
    try:
        with store.session() as session:
            queries.update_person(session=session, person_id=person_id, keep_in_touch="every 3 months")
        with store.session() as session:
            person = queries.get_person(session=session, person_id=person_id)
            assert (person.name, person.keep_in_touch, person.events_met) == ("Ana", "3 months", 1)
            assert [p.name for _, p in queries.meetings_for_event(session=session, event_id=event_id)] == ["Ana"]
    finally:
        store.close()
    open_store(new).close()
    assert user_version(old) == user_version(new) == files.SCHEMA_VERSION
    migrated, fresh = schema_of(old), schema_of(new)
    assert differences(migrated, fresh) == []
    assert migrated == fresh == expected_schema()
    conn = sqlite3.connect(old)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'person_before%'").fetchall()
    finally:
        conn.close()
    assert check_journal(old).healthy


def test_a_version_2_journal_gets_tags_and_exactly_a_new_journal_s_schema(tmp_path):
    from netjournal.store import tags
    from netjournal.store.schema import expected_schema

    old = tmp_path / "old.db"
    event_id = make_v2_journal(old)
    store = open_store(old)  # versions 3 to 6 run here
    try:
        with store.session() as session:
            queries.update_event(session=session, event_id=event_id, tags=("rust",))
            session.commit()
        with store.session() as session:
            assert tags.tags_of_event(session=session, event_id=event_id) == ("rust",)
    finally:
        store.close()
    assert user_version(old) == files.SCHEMA_VERSION
    assert schema_of(old) == expected_schema()


def test_a_journal_from_before_search_gets_the_index_filled_with_what_it_holds(tmp_path):
    """Version 5 builds the search index from the journal's text: what was written before is found."""
    from netjournal.store.schema import differences, expected_schema
    from netjournal.store.search import search
    from netjournal.transfer.check import check_journal

    old, new = tmp_path / "old.db", tmp_path / "new.db"
    make_journal(old)
    conn = sqlite3.connect(old)
    try:
        conn.execute("UPDATE person SET great_at = 'embedded Rust' WHERE name = 'Ana'")
        without_search(conn)
        before_sync(conn)
        conn.execute("PRAGMA user_version=4")
        conn.commit()
    finally:
        conn.close()
    assert "search_index" not in schema_of(old).columns

    store = open_store(old)  # the upgrade runs here
    try:
        with store.session() as session:
            found = search(session=session, query="embed")
            assert [(r.kind, r.title) for r in found] == [("person", "Ana")]
            assert [r.kind for r in search(session=session, query="seed round")] == ["goal"]
    finally:
        store.close()
    open_store(new).close()
    assert user_version(old) == files.SCHEMA_VERSION
    assert differences(schema_of(old), expected_schema()) == []
    assert schema_of(old) == schema_of(new)
    result = check_journal(old)
    assert result.healthy, result.lines
    assert "Search index: matches the journal" in result.lines
