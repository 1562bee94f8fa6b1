"""The Events list's quick first page (sqlite3 alone) answers exactly as the store's own query does, or not at all."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest

from netjournal.store import queries, trash
from netjournal.store.engine import open_store
from netjournal.store.files import SCHEMA_VERSION
from netjournal.store.first_page import first_event_rows
from tests.reliability.test_odd_rows import odd_journal  # noqa: F401  (a fixture)

TODAY = date(2019, 4, 9)


def orm_rows(path, limit):
    store = open_store(path)
    try:
        with store.session() as s:
            return queries.list_event_rows(session=s, limit=limit)
    finally:
        store.close()


@pytest.fixture
def varied(journal_path):
    """Ties on a day, coming-up events, deleted events, goals, meetings and reflections, untidy text."""
    store = open_store(journal_path)
    try:
        with store.session() as s:
            ids = {}
            for n, (name, day) in enumerate(
                [
                    ("Tie A", date(2019, 4, 8)),
                    ("Tie B", date(2019, 4, 8)),
                    ("Tie C", date(2019, 4, 8)),
                    ("Coming up", date(2019, 5, 1)),
                    ("Far ahead", date(2025, 1, 1)),
                    ("Long ago", date(1999, 12, 31)),
                    ("Gone", date(2019, 4, 1)),
                    ("Lines\nand\ttabs \x1b[31m", date(2019, 3, 1)),
                ]
            ):
                ev = queries.create_event(
                    session=s,
                    name=name,
                    date=day,
                    kind=("meetup", "dinner", "talk", "conference", "other")[n % 5],
                    location="Old Mill\nback room" if n % 2 else "",
                    goal_text="meet one person" if n % 3 else None,
                )
                ids[name] = ev.id
            queries.save_goal(session=s, event_id=ids["Tie A"], outcome="partly")
            ada = queries.create_person(session=s, name="Ada")
            bob = queries.create_person(session=s, name="Bob")
            queries.add_meeting(session=s, event_id=ids["Tie A"], person_id=ada.id, slot=1)
            queries.add_meeting(session=s, event_id=ids["Tie A"], person_id=bob.id, slot=2, status="hoping")
            queries.add_meeting(session=s, event_id=ids["Tie B"], person_id=bob.id, slot=1)
            gone = queries.add_meeting(session=s, event_id=ids["Tie C"], person_id=ada.id, slot=1)
            gone.deleted_at = gone.created_at  # a meeting taken off the list
            queries.save_reflection(session=s, event_id=ids["Tie B"], energy_before=2, energy_after=3)
            queries.save_reflection(session=s, event_id=ids["Long ago"], energy_before=1, energy_after=1)
            trash.delete_event(session=s, event_id=ids["Gone"])
    finally:
        store.close()
    # As another program might leave them: text with control characters, a goal taken away.
    con = sqlite3.connect(journal_path)
    try:
        con.execute(
            "UPDATE event SET name = ?, location = ? WHERE id = ?",
            ("Raw\x1b]52;c;AAA\x07\nname", "Mill\tYard\x9b", ids["Tie C"]),
        )
        con.execute("UPDATE goal SET text = 'said\x1b[2J aloud' WHERE event_id = ?", (ids["Tie B"],))
        con.execute("UPDATE goal SET deleted_at = created_at WHERE event_id = ?", (ids["Far ahead"],))
        con.commit()
    finally:
        con.close()
    return journal_path


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 100])
def test_the_first_page_is_the_store_s_first_page(varied, limit):
    quick = first_event_rows(varied, limit=limit)
    assert quick == orm_rows(varied, limit)
    assert quick  # it did answer


def test_the_varied_journal_has_what_it_says(varied):
    rows = orm_rows(varied, 100)
    names = [r.name for r in rows]
    assert "Gone" not in names and len(rows) == 7
    assert names[:2] == ["Far ahead", "Coming up"]  # coming up first, newest first
    assert [r.name for r in rows if r.date == date(2019, 4, 8)] == sorted(
        (r.name for r in rows if r.date == date(2019, 4, 8)),
        key=lambda n: next(r.id for r in rows if r.name == n),
        reverse=True,
    )  # ties on the day in id order, newest id first
    assert "Lines and tabs [31m" in names
    assert "Raw]52;c;AAA name" in names
    assert {r.name: r.goal_text for r in rows}["Tie B"] == "said[2J aloud"
    assert {r.name: r.goal_text for r in rows}["Far ahead"] == ""  # its goal was taken away


@pytest.mark.parametrize("limit", [1, 4, 100])
def test_odd_rows_read_alike(odd_journal, limit):  # noqa: F811
    path, _ids = odd_journal
    quick = first_event_rows(path, limit=limit)
    assert quick is None or quick == orm_rows(path, limit)
    assert first_event_rows(path, limit=limit) == orm_rows(path, limit)


def test_no_journal_yet_no_answer_and_no_file(journal_path):
    assert first_event_rows(journal_path, limit=10) is None
    assert not journal_path.exists() and not journal_path.parent.exists()


@pytest.mark.parametrize("version", [SCHEMA_VERSION - 1, SCHEMA_VERSION + 1])
def test_a_journal_of_another_schema_is_left_to_the_store(varied, version):
    con = sqlite3.connect(varied)
    con.execute(f"PRAGMA user_version={version}")
    con.commit()
    con.close()
    assert first_event_rows(varied, limit=10) is None


def test_a_file_that_isnt_a_journal_gets_no_answer(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert first_event_rows(junk, limit=10) is None
    assert junk.read_bytes() == b"not a database at all" * 100


def test_the_quick_read_changes_nothing_in_the_file(varied):
    before = varied.read_bytes()
    first_event_rows(varied, limit=100)
    assert varied.read_bytes() == before


def test_a_journal_held_by_a_long_write_gets_no_answer_quickly(varied):
    """Another program holding the whole file (an exclusive lock): the quick read steps aside at once."""
    con = sqlite3.connect(varied, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("BEGIN EXCLUSIVE")
    try:
        answer: list[object] = []
        reader = threading.Thread(target=lambda: answer.append(first_event_rows(varied, limit=10)))
        reader.start()
        reader.join(timeout=10)
        assert not reader.is_alive()
        assert answer == [None]
    finally:
        con.execute("ROLLBACK")
        con.close()
