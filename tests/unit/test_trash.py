"""The Trash: deleting a person takes their meetings with them (the events stay); restoring brings exactly
those back; deleting for good removes the rows, their children and their History; the command line."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from netjournal.cli import main
from netjournal.errors import InputError
from netjournal.store import history, queries, trash
from netjournal.store.engine import open_store


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


@pytest.fixture
def ids(store):
    with store.session() as s:
        pycon = queries.create_event(session=s, name="PyCon", date=date(2019, 4, 8), goal_text="ask two people")
        dinner = queries.create_event(session=s, name="Dinner", date=date(2019, 4, 2))
        ana = queries.create_person(session=s, name="Ana")
        ben = queries.create_person(session=s, name="Ben")
        queries.save_meet_slot(session=s, event_id=pycon.id, slot=1, name="Ana", talked_about="WAL")
        queries.save_meet_slot(session=s, event_id=pycon.id, slot=2, name="Ben")
        queries.save_meet_slot(session=s, event_id=dinner.id, slot=1, name="Ana", follow_up="done")
        swapped = queries.save_meet_slot(session=s, event_id=dinner.id, slot=2, name="Ana Two")
        queries.remove_meeting(session=s, meeting_id=swapped[0].id)
    return {"pycon": pycon.id, "dinner": dinner.id, "ana": ana.id, "ben": ben.id}


def rows(path, sql, *args):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def listed(store, event_id):
    with store.session() as s:
        return [(m.slot, p.name) for m, p in queries.meetings_for_event(session=s, event_id=event_id)]


def test_a_deleted_person_leaves_the_meet_lists_and_the_events_stay(store, ids):
    with store.session() as s:
        trash.delete_person(session=s, person_id=ids["ana"])
    assert listed(store, ids["pycon"]) == [(2, "Ben")]
    assert listed(store, ids["dinner"]) == []
    with store.session() as s:
        assert queries.get_event(session=s, event_id=ids["dinner"]) is not None
        assert [(r.kind, r.name) for r in trash.trash(session=s)] == [("person", "Ana")]


def test_restoring_a_person_brings_back_exactly_the_meetings_that_left_with_them(store, ids, journal_path):
    with store.session() as s:
        queries.delete_person(session=s, person_id=ids["ana"])  # the old name reaches the same delete
    with store.session() as s:
        row, kept_off = trash.restore(session=s, record_id=ids["ana"])
    assert (row.name, kept_off) == ("Ana", 0)
    assert listed(store, ids["pycon"]) == [(1, "Ana"), (2, "Ben")]
    assert listed(store, ids["dinner"]) == [(1, "Ana")]
    assert rows(journal_path, "SELECT events_met, follow_ups_done FROM person WHERE id = ?", ids["ana"]) == [(2, 1)]
    with store.session() as s:
        assert trash.trash(session=s) == []


def test_a_slot_taken_meanwhile_keeps_that_meeting_off_and_says_how_many(store, ids):
    with store.session() as s:
        trash.delete_person(session=s, person_id=ids["ana"])
        queries.save_meet_slot(session=s, event_id=ids["dinner"], slot=1, name="Cleo")
    with store.session() as s:
        _row, kept_off = trash.restore(session=s, record_id=ids["ana"])
    assert kept_off == 1
    assert listed(store, ids["dinner"]) == [(1, "Cleo")]
    assert listed(store, ids["pycon"]) == [(1, "Ana"), (2, "Ben")]


def test_the_trash_lists_the_most_recently_deleted_first_and_restores_an_event(store, ids):
    with store.session() as s:
        trash.delete_event(session=s, event_id=ids["dinner"])
    with store.session() as s:
        trash.delete_person(session=s, person_id=ids["ben"])
    with store.session() as s:
        assert [(r.kind, r.name) for r in trash.trash(session=s)] == [("person", "Ben"), ("event", "Dinner")]
        trash.restore(session=s, record_id=ids["dinner"])
    with store.session() as s:
        assert [r.name for r in trash.trash(session=s)] == ["Ben"]
    with pytest.raises(InputError, match="Nothing in the Trash has the id nope"), store.session() as s:
        trash.restore(session=s, record_id="nope")
    with pytest.raises(InputError), store.session() as s:
        trash.restore(session=s, record_id=ids["pycon"])  # a live event isn't in the Trash


def test_deleting_for_good_removes_the_rows_their_children_and_their_history(store, ids, journal_path):
    with store.session() as s:
        queries.save_goal(session=s, event_id=ids["pycon"], text="ask one person", visit="v")
        queries.save_reflection(session=s, event_id=ids["pycon"], hard="the door")
        queries.save_reflection(session=s, event_id=ids["pycon"], hard="the first hello", visit="v")
        queries.save_meet_slot(session=s, event_id=ids["pycon"], slot=2, talked_about="tests", visit="v")
        queries.update_person(session=s, person_id=ids["ana"], notes="x", visit="v")
        queries.update_person(session=s, person_id=ids["ana"], notes="kind", visit="w")
        queries.update_person(session=s, person_id=ids["ben"], notes="b", visit="v")
        queries.update_person(session=s, person_id=ids["ben"], notes="c", visit="w")
        trash.delete_event(session=s, event_id=ids["pycon"])
        trash.delete_person(session=s, person_id=ids["ana"])
    assert len(rows(journal_path, "SELECT * FROM history")) == 4

    purged = trash.purge(engine=store.engine)

    assert (purged.events, purged.people, purged.cleared) == (1, 1, True)
    assert rows(journal_path, "SELECT name FROM event") == [("Dinner",)]
    assert rows(journal_path, "SELECT name FROM person ORDER BY name") == [("Ana Two",), ("Ben",)]
    assert rows(journal_path, "SELECT count(*) FROM goal") == [(0,)]
    assert rows(journal_path, "SELECT count(*) FROM reflection") == [(0,)]
    # Ana's meetings went with her; Ben's meeting at PyCon with PyCon; the swapped-out one stays.
    assert rows(journal_path, "SELECT p.name FROM meeting m JOIN person p ON p.id = m.person_id") == [("Ana Two",)]
    assert rows(journal_path, "SELECT field, value FROM history") == [("notes", "b")]  # Ben's, who stays
    assert rows(journal_path, "SELECT events_met FROM person WHERE id = ?", ids["ben"]) == [(0,)]
    with store.session() as s:
        assert trash.trash(session=s) == []
        assert history.person_history(session=s, person_id=ids["ben"])[0].value == "b"


def test_deleting_one_for_good_leaves_the_rest_of_the_trash(store, ids, journal_path):
    with store.session() as s:
        trash.delete_event(session=s, event_id=ids["dinner"])
        trash.delete_person(session=s, person_id=ids["ben"])
    assert trash.purge(engine=store.engine, ids=[ids["ben"], ids["pycon"]]).people == 1  # PyCon is live: kept
    with store.session() as s:
        assert [r.name for r in trash.trash(session=s)] == ["Dinner"]
        assert queries.get_event(session=s, event_id=ids["pycon"]) is not None


# The command line --------------------------------------------------------------------


def test_trash_restore_and_purge_on_the_command_line(store, ids, journal_path, capsys):
    with store.session() as s:
        trash.delete_event(session=s, event_id=ids["dinner"])
        queries.update_person(session=s, person_id=ids["ben"], name="Ben \x1b[31mRed")
        trash.delete_person(session=s, person_id=ids["ben"])
    db = ["--db", str(journal_path)]

    assert main([*db, "trash"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2 and "\x1b" not in out  # no control character reaches the terminal
    assert lines[0].startswith(f"{ids['ben']}  person  Ben [31mRed  deleted on ")
    assert lines[1].startswith(f"{ids['dinner']}  event   Dinner  deleted on ")

    assert main([*db, "restore", ids["dinner"]]) == 0
    assert capsys.readouterr().out == "Brought back the event Dinner.\n"
    assert main([*db, "restore", "no-such-id"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Nothing in the Trash has the id no-such-id" in err

    assert main([*db, "purge", "--yes"]) == 0
    assert capsys.readouterr().out == "Deleted 0 events and 1 person for good.\n"
    assert rows(journal_path, "SELECT count(*) FROM person WHERE id = ?", ids["ben"]) == [(0,)]
    assert main([*db, "trash"]) == 0
    assert capsys.readouterr().out == "The Trash is empty.\n"
