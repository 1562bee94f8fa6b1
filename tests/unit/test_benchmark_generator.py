"""The benchmark's journal generator makes valid, deterministic journals (checked at a small size)."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from benchmarks.generate import SIZES, build_journal, cached_journal
from netjournal.domain.vocab import FOLLOW_UPS, KINDS, OUTCOMES, STATUSES, STILL_THINKING
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.files import APPLICATION_ID, SCHEMA_VERSION

TINY = SIZES["tiny"]


@pytest.fixture
def tiny(journal_path: Path) -> sqlite3.Connection:
    build_journal(journal_path, "tiny")
    con = sqlite3.connect(journal_path)
    yield con
    con.close()


def one(con: sqlite3.Connection, sql: str):
    return con.execute(sql).fetchone()[0]


def test_file_passes_the_journal_checks(tiny):
    assert one(tiny, "PRAGMA integrity_check") == "ok"
    assert tiny.execute("PRAGMA foreign_key_check").fetchall() == []
    assert one(tiny, "PRAGMA application_id") == APPLICATION_ID
    assert one(tiny, "PRAGMA user_version") == SCHEMA_VERSION
    assert one(tiny, "PRAGMA journal_mode") == "wal"


def test_live_counts_are_as_asked(tiny):
    assert one(tiny, "SELECT count(*) FROM event WHERE deleted_at IS NULL") == TINY.events
    assert one(tiny, "SELECT count(*) FROM meeting WHERE deleted_at IS NULL") == TINY.meetings
    assert one(tiny, "SELECT count(*) FROM person WHERE deleted_at IS NULL") == TINY.people
    # Soft-deleted rows exist too, so the partial indexes are exercised.
    assert one(tiny, "SELECT count(*) FROM meeting WHERE deleted_at IS NOT NULL") > 0
    assert one(tiny, "SELECT count(*) FROM event WHERE deleted_at IS NOT NULL") > 0


def test_meet_lists_hold_two_distinct_people_at_most(tiny):
    assert (
        one(
            tiny,
            """SELECT max(n) FROM (SELECT count(*) n FROM meeting WHERE deleted_at IS NULL
                        GROUP BY event_id)""",
        )
        == 2
    )
    assert (
        one(
            tiny,
            """SELECT count(*) FROM (SELECT 1 FROM meeting WHERE deleted_at IS NULL
                        GROUP BY event_id, person_id HAVING count(*) > 1)""",
        )
        == 0
    )
    assert (
        one(
            tiny,
            """SELECT count(*) FROM (SELECT 1 FROM meeting WHERE deleted_at IS NULL
                        GROUP BY event_id, slot HAVING count(*) > 1)""",
        )
        == 0
    )
    assert {r[0] for r in tiny.execute("SELECT DISTINCT slot FROM meeting")} == {1, 2}


@pytest.mark.parametrize(
    ("table", "column", "allowed"),
    [
        ("event", "kind", KINDS),
        ("goal", "outcome", OUTCOMES),
        ("meeting", "status", STATUSES),
        ("meeting", "still_thinking", STILL_THINKING),
        ("meeting", "follow_up", FOLLOW_UPS),
    ],
)
def test_every_value_is_one_the_journal_knows(tiny, table, column, allowed):
    found = {r[0] for r in tiny.execute(f"SELECT DISTINCT {column} FROM {table}")}
    assert found and found <= set(allowed)


def test_follow_ups_are_planned_after_the_event(tiny):
    planned = tiny.execute("""SELECT m.follow_up_due, e.date FROM meeting m JOIN event e ON e.id = m.event_id
                              WHERE m.follow_up = 'planned' AND m.deleted_at IS NULL""").fetchall()
    assert planned
    assert all(due is not None and due > day for due, day in planned)


def test_most_events_have_a_goal_and_a_reflection(tiny):
    events = one(tiny, "SELECT count(*) FROM event WHERE deleted_at IS NULL")
    assert one(tiny, "SELECT count(*) FROM goal") > events / 2
    assert one(tiny, "SELECT count(*) FROM reflection") > events / 2
    assert one(tiny, "SELECT count(*) FROM reflection WHERE energy_after NOT BETWEEN 1 AND 5") == 0


def test_opens_with_the_store_and_lists_the_newest_event_first(journal_path):
    built = build_journal(journal_path, "tiny")
    store = open_store(journal_path, create=False)
    try:
        with store.session() as session:
            rows = queries.list_event_rows(session=session, limit=TINY.events + 10)
    finally:
        store.close()
    assert len(rows) == TINY.events
    assert rows[0].name == built.newest_event_name
    assert rows[0].date == max(r.date for r in rows)
    assert [r.date for r in rows] == sorted((r.date for r in rows), reverse=True)


def test_the_same_size_gives_the_same_rows(tmp_path):
    def dump(path: Path) -> str:
        con = sqlite3.connect(path)
        try:
            lines = [
                repr(r)
                for t in ("event", "goal", "person", "meeting", "reflection")
                for r in con.execute(f"SELECT * FROM {t} ORDER BY id")
            ]
        finally:
            con.close()
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()

    build_journal(tmp_path / "a.db", "tiny")
    build_journal(tmp_path / "b.db", "tiny")
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")


def test_one_event_and_empty_sizes(tmp_path):
    assert build_journal(tmp_path / "empty.db", "empty").newest_event_name == ""
    assert build_journal(tmp_path / "one.db", "one").newest_event_name


def test_cache_builds_once_and_leaves_no_partial_files(tmp_path):
    first = cached_journal("tiny", tmp_path)
    stamp = first.path.stat().st_mtime_ns
    again = cached_journal("tiny", tmp_path)
    assert again.path == first.path and again.path.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.path.name]
