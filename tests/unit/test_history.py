"""History: each field's earlier values, one per visit and field; what was written elsewhere is kept and said;
any earlier value restores, and what it replaces is kept in its turn."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from netjournal.errors import InputError
from netjournal.store import history, queries
from netjournal.store.engine import open_store


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


@pytest.fixture
def event_id(store):
    with store.session() as s:
        return queries.create_event(
            session=s, name="PyCon", date=date(2019, 4, 8), goal_text="ask two people how they test"
        ).id


def kept(store, event_id):
    with store.session() as s:
        return [(e.table, e.field, e.value) for e in history.event_history(session=s, event_id=event_id)]


def save_goal(store, event_id, **fields):
    with store.session() as s:
        queries.save_goal(session=s, event_id=event_id, **fields)
        return history.changed_elsewhere(session=s)


def goal_text(store, event_id):
    with store.session() as s:
        return queries.get_goal(session=s, event_id=event_id).text


def test_a_visit_keeps_what_it_replaced_once_however_often_it_saves(store, event_id):
    for text in ("ask one", "ask one person", "ask one person about tests"):
        save_goal(store, event_id, text=text, visit="visit-1")
    assert kept(store, event_id) == [("goal", "text", "ask two people how they test")]
    save_goal(store, event_id, text="find a mentor", visit="visit-2")
    assert kept(store, event_id) == [
        ("goal", "text", "ask one person about tests"),
        ("goal", "text", "ask two people how they test"),
    ]  # newest first
    assert goal_text(store, event_id) == "find a mentor"


def test_without_a_visit_nothing_is_kept_as_before(store, event_id):
    save_goal(store, event_id, text="find a mentor")
    assert kept(store, event_id) == []


def test_an_empty_field_has_nothing_to_keep(store, event_id):
    save_goal(store, event_id, learned="shy is normal", visit="v")
    assert kept(store, event_id) == []
    save_goal(store, event_id, learned="", visit="w")
    assert kept(store, event_id) == [("goal", "learned", "shy is normal")]


def test_a_field_written_elsewhere_is_kept_and_said(store, event_id, journal_path):
    save_goal(store, event_id, text="mine, first", visit="v", expected={"text": "ask two people how they test"})
    con = sqlite3.connect(journal_path)  # another window writes between this page's read and its next save
    con.execute("UPDATE goal SET text = 'theirs' WHERE event_id = ?", (event_id,))
    con.commit()
    con.close()

    elsewhere = save_goal(store, event_id, text="mine, second", visit="v", expected={"text": "mine, first"})

    assert [(c.table, c.field) for c in elsewhere] == [("goal", "text")]
    assert goal_text(store, event_id) == "mine, second"
    assert kept(store, event_id) == [("goal", "text", "theirs"), ("goal", "text", "ask two people how they test")]


def test_what_the_page_read_is_compared_as_the_journal_stores_it(store, event_id):
    save_goal(store, event_id, text="bell\x07 here", visit="v")
    stored = goal_text(store, event_id)
    assert stored != "bell\x07 here"  # cleaned as it is stored
    assert save_goal(store, event_id, text="calm", visit="v", expected={"text": "bell\x07 here"}) == []


def test_a_field_the_save_doesnt_write_is_not_compared(store, event_id):
    assert save_goal(store, event_id, learned="x", visit="v", expected={"text": "something else entirely"}) == []


def test_an_earlier_value_restores_and_what_it_replaces_is_kept(store, event_id):
    save_goal(store, event_id, text="second", visit="v1")
    save_goal(store, event_id, text="third", visit="v2")
    with store.session() as s:
        first = history.event_history(session=s, event_id=event_id)[-1]
        assert first.value == "ask two people how they test"
        history.restore(session=s, entry_id=first.id)
    assert goal_text(store, event_id) == "ask two people how they test"
    assert kept(store, event_id)[0] == ("goal", "text", "third")
    assert len(kept(store, event_id)) == 3


def test_every_kind_of_field_restores_as_what_it_was(store, event_id):
    with store.session() as s:
        person = queries.create_person(session=s, name="Ana Lima", notes="met at the door")
        queries.save_meet_slot(session=s, event_id=event_id, slot=1, name="Ana Lima", talked_about="WAL")
        queries.save_reflection(session=s, event_id=event_id, energy_before=2)
        queries.save_goal(session=s, event_id=event_id, outcome="partly")
    with store.session() as s:
        queries.save_meet_slot(
            session=s,
            event_id=event_id,
            slot=1,
            talked_about="fuzzing",
            follow_up="planned",
            follow_up_due=date(2019, 4, 12),
            visit="v",
        )
        queries.save_meet_slot(session=s, event_id=event_id, slot=1, follow_up_due=date(2019, 4, 15), visit="w")
        queries.save_reflection(session=s, event_id=event_id, energy_before=4, visit="v")
        queries.save_goal(session=s, event_id=event_id, outcome="met", visit="v")
        queries.update_person(session=s, person_id=person.id, name="Ana L.", notes="", visit="v")
    with store.session() as s:
        entries = history.event_history(session=s, event_id=event_id)
        fields = {(e.table, e.field): e for e in entries}
        assert fields[("meeting", "talked_about")].slot == 1
        assert fields[("meeting", "talked_about")].person == "Ana L."
        for entry in entries:
            history.restore(session=s, entry_id=entry.id)
        people = history.person_history(session=s, person_id=person.id)
        assert {(e.field, e.value) for e in people} == {("name", "Ana Lima"), ("notes", "met at the door")}
        for entry in people:
            history.restore(session=s, entry_id=entry.id)
    with store.session() as s:
        (meeting, who), *_ = queries.meetings_for_event(session=s, event_id=event_id)
        # The due date was empty before visit v, so what is kept of it is visit w's: the 12th.
        assert (meeting.talked_about, meeting.follow_up, meeting.follow_up_due) == (
            "WAL",
            "undecided",
            date(2019, 4, 12),
        )
        assert queries.get_reflection(session=s, event_id=event_id).energy_before == 2
        assert queries.get_goal(session=s, event_id=event_id).outcome == "partly"
        assert (who.name, who.notes) == ("Ana Lima", "met at the door")


def test_a_restore_of_a_record_gone_says_so(store, event_id):
    save_goal(store, event_id, text="second", visit="v")
    with store.session() as s:
        entry = history.event_history(session=s, event_id=event_id)[0]
        queries.delete_event(session=s, event_id=event_id)
        goal = queries.get_goal(session=s, event_id=event_id)
        goal.deleted_at = goal.updated_at
    with pytest.raises(InputError, match="no longer in the journal"), store.session() as s:
        history.restore(session=s, entry_id=entry.id)
    with pytest.raises(InputError, match="no longer in the journal"), store.session() as s:
        history.restore(session=s, entry_id="no-such-entry")


def test_only_a_field_a_page_writes_is_restored(store, event_id, journal_path):
    with store.session() as s:
        person = queries.create_person(session=s, name="Ana")
    con = sqlite3.connect(journal_path)
    con.execute(
        "INSERT INTO history (id, created_at, updated_at, record_table, record_id, field, value, replaced_at, visit) "
        "VALUES ('crafted', '2019-01-01', '2019-01-01', 'person', ?, 'events_met', '99', '2019-01-01', 'x')",
        (person.id,),
    )
    con.commit()
    con.close()
    with pytest.raises(InputError, match="doesn't restore"), store.session() as s:
        history.restore(session=s, entry_id="crafted")
