"""The meet list's explicit operations: link a person to a slot, remove a person holding nothing,
find the people a typed name matches. Each does only what it is asked."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from netjournal.errors import InputError
from netjournal.store import queries, slots
from netjournal.store.engine import open_store


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


@pytest.fixture
def ids(store):
    with store.session() as s:
        event = queries.create_event(session=s, name="Meetup", date=date(2024, 5, 1)).id
        ana = queries.create_person(session=s, name="Ana", great_at="maps").id
        ben = queries.create_person(session=s, name="Ben").id
    return {"event": event, "ana": ana, "ben": ben}


def people_in_file(path):
    con = sqlite3.connect(path)
    try:
        return sorted(name for (name,) in con.execute("SELECT name FROM person"))
    finally:
        con.close()


def listed(s, event_id):
    return [(m.slot, p.name, m.talked_about) for m, p in queries.meetings_for_event(session=s, event_id=event_id)]


def test_linking_fills_an_empty_slot_then_moves_its_meeting_to_another_person(store, ids):
    with store.session() as s:
        meeting, before = slots.link_person(session=s, event_id=ids["event"], slot=1, person_id=ids["ana"])
        assert before is None
        queries.update_meeting(session=s, meeting_id=meeting.id, talked_about="trail maps")
    with store.session() as s:
        again, before = slots.link_person(session=s, event_id=ids["event"], slot=1, person_id=ids["ana"])
        assert (again.id, before) == (meeting.id, None)  # the same person again: nothing changes
        moved, before = slots.link_person(session=s, event_id=ids["event"], slot=1, person_id=ids["ben"])
        assert (moved.id, before) == (meeting.id, ids["ana"])
    with store.session() as s:
        assert listed(s, ids["event"]) == [(1, "Ben", "trail maps")]
        ana = queries.get_person(session=s, person_id=ids["ana"])
        assert (ana.name, ana.great_at) == ("Ana", "maps")  # whoever was there stays as they were


def test_a_person_already_on_the_list_is_not_linked_twice(store, ids):
    with store.session() as s:
        slots.link_person(session=s, event_id=ids["event"], slot=1, person_id=ids["ana"])
    with pytest.raises(InputError, match="Ana is already on this meet list"), store.session() as s:
        slots.link_person(session=s, event_id=ids["event"], slot=2, person_id=ids["ana"])
    with store.session() as s:
        assert listed(s, ids["event"]) == [(1, "Ana", "")]


def test_only_a_person_holding_nothing_is_removed(store, ids, journal_path):
    with store.session() as s:
        empty = queries.create_person(session=s, name="Typo").id
        noted = queries.create_person(session=s, name="Noted", notes="met at the door").id
        swapped = queries.create_person(session=s, name="Swapped").id
        meeting, _ = slots.link_person(session=s, event_id=ids["event"], slot=2, person_id=swapped)
        queries.remove_meeting(session=s, meeting_id=meeting.id)  # swapped out: the person stays
    with store.session() as s:
        assert [
            slots.remove_person_if_empty(session=s, person_id=p)
            for p in (empty, noted, swapped, ids["ana"], ids["ben"])
        ] == [True, False, False, False, True]
        assert slots.remove_person_if_empty(session=s, person_id=empty) is False  # already gone
    assert people_in_file(journal_path) == ["Ana", "Noted", "Swapped"]


def test_matches_hold_the_typed_text_names_starting_with_it_first(store, ids):
    with store.session() as s:
        for name in ("Jo Ana", "Anabel", "50% Ana", "Bo_b"):
            queries.create_person(session=s, name=name)
    with store.session() as s:
        found = [m.name for m in slots.people_matching(session=s, text=" an ")]
        assert found == ["Ana", "Anabel", "50% Ana", "Jo Ana"]
        assert [m.name for m in slots.people_matching(session=s, text="%")] == ["50% Ana"]
        assert [m.name for m in slots.people_matching(session=s, text="o_")] == ["Bo_b"]
        assert slots.people_matching(session=s, text="  ") == []
        assert slots.people_matching(session=s, text="ana", limit=1)[0].great_at == "maps"
