"""What the store's writes may change: typed update shapes, and explicit meet-list operations."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.models import utcnow


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


@pytest.fixture
def ids(store):
    with store.session() as s:
        event_id = queries.create_event(session=s, name="Meetup", date=date(2024, 5, 1)).id
        person_id = queries.create_person(session=s, name="Ana").id
        meeting_id = queries.add_meeting(session=s, event_id=event_id, person_id=person_id, slot=1).id
    return {"event": event_id, "person": person_id, "meeting": meeting_id}


def raw(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_summary_column_cant_be_written_and_nothing_is_stored(store, ids, journal_path):
    before = raw(journal_path, "SELECT * FROM person")
    with pytest.raises(TypeError, match="events_met"), store.session() as s:
        queries.update_person(session=s, person_id=ids["person"], name="Ana K.", events_met=99)
    assert raw(journal_path, "SELECT * FROM person") == before
    assert raw(journal_path, "SELECT name, events_met FROM person") == [("Ana", 1)]


@pytest.mark.parametrize(
    ("call", "fields"),
    [
        ("update_person", {"last_met": date(2030, 1, 1)}),
        ("update_person", {"followed_up": True}),
        ("update_person", {"follow_ups_done": 3}),
        ("update_person", {"not_work_moments": 3}),
        ("update_person", {"deleted_at": None}),
        ("update_person", {"id": "someone-else"}),
        ("update_event", {"deleted_at": None}),
        ("update_event", {"created_at": None}),
        ("update_event", {"nmae": "typo"}),
        ("update_meeting", {"person_id": "someone-else"}),
        ("update_meeting", {"slot": 2}),
        ("save_goal", {"event_id": "another"}),
        ("save_goal", {"updated_at": None}),
        ("save_reflection", {"event_id": "another"}),
        ("save_reflection", {"deleted_at": None}),
    ],
)
def test_only_the_fields_a_write_lists_are_written(store, ids, journal_path, call, fields):
    target = {
        "update_person": {"person_id": ids["person"]},
        "update_event": {"event_id": ids["event"]},
        "update_meeting": {"meeting_id": ids["meeting"]},
        "save_goal": {"event_id": ids["event"]},
        "save_reflection": {"event_id": ids["event"]},
    }[call]
    tables = ("event", "goal", "person", "meeting", "reflection")
    before = {t: raw(journal_path, f"SELECT * FROM {t}") for t in tables}
    with pytest.raises(TypeError, match=next(iter(fields))), store.session() as s:
        getattr(queries, call)(session=s, **target, **fields)
    assert {t: raw(journal_path, f"SELECT * FROM {t}") for t in tables} == before


def test_a_new_meeting_and_a_meet_slot_take_only_meeting_fields(store, ids):
    with store.session() as s:
        other = queries.create_event(session=s, name="Dinner", date=date(2024, 5, 2)).id
        with pytest.raises(TypeError, match="deleted_at"):
            queries.add_meeting(session=s, event_id=other, person_id=ids["person"], slot=1, deleted_at=utcnow())
        with pytest.raises(TypeError, match="events_met"):
            queries.save_meet_slot(session=s, event_id=other, slot=1, name="Ben", events_met=5)
        assert queries.meetings_for_event(session=s, event_id=other) == []


def test_the_writable_fields_are_still_written(store, ids):
    with store.session() as s:
        queries.update_person(session=s, person_id=ids["person"], name="Ana K.", great_at="maps", contact="@ana")
        queries.update_meeting(session=s, meeting_id=ids["meeting"], follow_up="planned", not_work="tea")
        queries.update_event(session=s, event_id=ids["event"], location="Upstairs", kind="meetup")
    with store.session() as s:
        person = queries.get_person(session=s, person_id=ids["person"])
        ((meeting, _),) = queries.meetings_for_event(session=s, event_id=ids["event"])
        event = queries.get_event(session=s, event_id=ids["event"])
    assert (person.name, person.great_at, person.contact) == ("Ana K.", "maps", "@ana")
    assert (meeting.follow_up, meeting.not_work) == ("planned", "tea")
    assert (event.location, event.kind) == ("Upstairs", "meetup")


def test_a_deleted_person_leaves_the_lists(store, ids):
    with store.session() as s:
        queries.delete_person(session=s, person_id=ids["person"])
    with store.session() as s:
        assert queries.get_person(session=s, person_id=ids["person"]) is None
        assert queries.find_people(session=s, prefix="An") == []


# The meet list: the store links and creates; renaming is asked for, never decided ----------


def test_a_new_name_in_a_slot_never_renames_anyone(store, ids):
    """Only the meet list screen knows a name is still being typed; the store starts a new person."""
    with store.session() as s:
        _, ben = queries.save_meet_slot(session=s, event_id=ids["event"], slot=2, name="Bo")
        _, person = queries.save_meet_slot(session=s, event_id=ids["event"], slot=2, name="Bob")
    with store.session() as s:
        assert person.id != ben.id and person.name == "Bob"
        assert queries.get_person(session=s, person_id=ben.id).name == "Bo"
        assert [p.name for _, p in queries.meetings_for_event(session=s, event_id=ids["event"])] == ["Ana", "Bob"]


def test_met_elsewhere(store, ids):
    with store.session() as s:
        assert not queries.met_elsewhere(session=s, person_id=ids["person"], meeting_id=ids["meeting"])
        other = queries.create_event(session=s, name="Dinner", date=date(2024, 5, 2)).id
        queries.add_meeting(session=s, event_id=other, person_id=ids["person"], slot=1)
        assert queries.met_elsewhere(session=s, person_id=ids["person"], meeting_id=ids["meeting"])
