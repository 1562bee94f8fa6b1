"""The store: constraints enforced by SQLite itself, PRAGMAs on every connection, soft delete."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.models import Goal, Meeting, Reflection, new_id, utcnow

NOW = "2019-04-08 12:00:00.000000"


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


@pytest.fixture
def ids(store):
    """An event and three people, made through the query functions."""
    with store.session() as session:
        ev = queries.create_event(
            session=session,
            name="Founders dinner",
            date=date(2019, 4, 8),
            kind="dinner",
            goal_text="Learn how two founders here raised their seed round",
        )
        people = [queries.create_person(session=session, name=n).id for n in ("Ana", "Ben", "Cleo")]
    return ev.id, people


def insert_meeting(session, *, event_id, person_id, slot=1, **overrides):
    values = {
        "id": new_id(),
        "created_at": NOW,
        "updated_at": NOW,
        "event_id": event_id,
        "person_id": person_id,
        "slot": slot,
        "status": "met",
        "talked_about": "",
        "not_work": "",
        "still_thinking": "a_little",
        "follow_up": "undecided",
    }
    values.update(overrides)
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    session.exec(text(f"INSERT INTO meeting ({cols}) VALUES ({params})").bindparams(**values))


def insert_event(session, **overrides):
    values = {
        "id": new_id(),
        "created_at": NOW,
        "updated_at": NOW,
        "name": "Meetup",
        "date": "2019-04-08",
        "kind": "meetup",
        "location": "",
        "notes": "",
    }
    values.update(overrides)
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    session.exec(text(f"INSERT INTO event ({cols}) VALUES ({params})").bindparams(**values))


def insert_reflection(session, *, event_id, **overrides):
    values = {
        "id": new_id(),
        "created_at": NOW,
        "updated_at": NOW,
        "event_id": event_id,
        "showed_up": 1,
        "hard": "",
        "others_too": "",
        "friend_words": "",
        "gained": "",
        "proud": "",
    }
    values.update(overrides)
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    session.exec(text(f"INSERT INTO reflection ({cols}) VALUES ({params})").bindparams(**values))


def count(store, table):
    with store.session() as session:
        return session.exec(text(f"SELECT count(*) FROM {table}")).one()[0]


# Constraints ------------------------------------------------------------------


def test_a_valid_meeting_row_is_accepted(store, ids):
    event_id, people = ids
    with store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[0], slot=1)
        insert_meeting(session, event_id=event_id, person_id=people[1], slot=2)
    assert count(store, "meeting") == 2


@pytest.mark.parametrize("slot", [0, 3, -1])
def test_only_slots_one_and_two_exist(store, ids, slot):
    event_id, people = ids
    with pytest.raises(IntegrityError, match="ck_slot"), store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[0], slot=slot)
    assert count(store, "meeting") == 0


def test_a_third_meeting_has_no_slot(store, ids):
    event_id, people = ids
    with store.session() as session:
        queries.add_meeting(session=session, event_id=event_id, person_id=people[0], slot=1)
        queries.add_meeting(session=session, event_id=event_id, person_id=people[1], slot=2)
    with pytest.raises(IntegrityError), store.session() as session:
        queries.add_meeting(session=session, event_id=event_id, person_id=people[2], slot=3)
    assert count(store, "meeting") == 2


def test_two_live_meetings_cannot_share_a_slot(store, ids):
    event_id, people = ids
    with store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[0], slot=1)
    with pytest.raises(IntegrityError, match="UNIQUE"), store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[1], slot=1)
    assert count(store, "meeting") == 1


def test_the_same_person_cannot_be_met_twice_at_one_event(store, ids):
    event_id, people = ids
    with store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[0], slot=1)
    with pytest.raises(IntegrityError, match="UNIQUE"), store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[0], slot=2)


def test_a_removed_meeting_frees_its_slot(store, ids):
    event_id, people = ids
    with store.session() as session:
        first = queries.add_meeting(session=session, event_id=event_id, person_id=people[0], slot=1)
    with store.session() as session:
        queries.remove_meeting(session=session, meeting_id=first.id)
    with store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[1], slot=1)
        # the removed person can come back too
        insert_meeting(session, event_id=event_id, person_id=people[0], slot=2)
    with store.session() as session:
        listed = queries.meetings_for_event(session=session, event_id=event_id)
    assert [(m.slot, p.name) for m, p in listed] == [(1, "Ben"), (2, "Ana")]
    assert count(store, "meeting") == 3


def test_an_event_has_one_goal(store, ids):
    event_id, _ = ids
    with pytest.raises(IntegrityError, match="UNIQUE"), store.session() as session:
        session.add(Goal(event_id=event_id, text="another goal"))
    assert count(store, "goal") == 1


def test_an_event_has_one_reflection(store, ids):
    event_id, _ = ids
    with store.session() as session:
        session.add(Reflection(event_id=event_id, proud="I stayed an hour"))
    with pytest.raises(IntegrityError, match="UNIQUE"), store.session() as session:
        insert_reflection(session, event_id=event_id)
    assert count(store, "reflection") == 1


def test_a_meeting_needs_a_real_event(store, ids):
    _, people = ids
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.session() as session:
        insert_meeting(session, event_id=new_id(), person_id=people[0])
    assert count(store, "meeting") == 0


def test_a_meeting_needs_a_real_person(store, ids):
    event_id, _ = ids
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.session() as session:
        session.add(Meeting(event_id=event_id, person_id=new_id(), slot=1))
    assert count(store, "meeting") == 0


def test_a_goal_and_a_reflection_need_a_real_event(store):
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.session() as session:
        session.add(Goal(event_id=new_id(), text="orphan"))
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.session() as session:
        insert_reflection(session, event_id=new_id())


def test_an_event_with_meetings_cannot_be_hard_deleted(store, ids):
    event_id, people = ids
    with store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[0])
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.session() as session:
        session.exec(text("DELETE FROM event WHERE id = :id").bindparams(id=event_id))
    assert count(store, "event") == 1


def test_a_bad_kind_is_refused(store):
    with pytest.raises(IntegrityError, match="ck_kind"), store.session() as session:
        insert_event(session, kind="party")
    assert count(store, "event") == 0


def test_a_bad_outcome_is_refused(store, ids):
    event_id, _ = ids
    with pytest.raises(IntegrityError, match="ck_outcome"), store.session() as session:
        session.exec(text("UPDATE goal SET outcome = 'failed' WHERE event_id = :id").bindparams(id=event_id))
    with store.session() as session:
        assert queries.get_goal(session=session, event_id=event_id).outcome == "open"


@pytest.mark.parametrize(
    ("column", "bad"),
    [("status", "maybe"), ("still_thinking", "always"), ("follow_up", "someday"), ("status", "")],
)
def test_bad_meeting_words_are_refused(store, ids, column, bad):
    event_id, people = ids
    with pytest.raises(IntegrityError, match=f"ck_{column}"), store.session() as session:
        insert_meeting(session, event_id=event_id, person_id=people[0], **{column: bad})
    assert count(store, "meeting") == 0


@pytest.mark.parametrize("column", ["energy_before", "energy_after"])
@pytest.mark.parametrize("energy", [0, 6, -1])
def test_energy_is_one_to_five(store, ids, column, energy):
    event_id, _ = ids
    with pytest.raises(IntegrityError, match=f"ck_{column}"), store.session() as session:
        insert_reflection(session, event_id=event_id, **{column: energy})
    assert count(store, "reflection") == 0


@pytest.mark.parametrize("energy", [1, 5, None])
def test_energy_in_range_or_blank_is_kept(store, ids, energy):
    event_id, _ = ids
    with store.session() as session:
        queries.save_reflection(session=session, event_id=event_id, energy_before=energy, energy_after=energy)
    with store.session() as session:
        refl = queries.get_reflection(session=session, event_id=event_id)
    assert (refl.energy_before, refl.energy_after) == (energy, energy)


def test_a_refused_write_leaves_the_session_work_unsaved(store, ids):
    """A failing statement rolls back everything else in the same session."""
    event_id, people = ids
    with pytest.raises(IntegrityError), store.session() as session:
        queries.create_person(session=session, name="Dana")
        insert_meeting(session, event_id=event_id, person_id=people[0], slot=3)
    assert count(store, "person") == 3


# PRAGMAs --------------------------------------------------------------------


def read_pragmas(store) -> dict[str, object]:
    with store.engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }


EXPECTED_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}


def test_pragmas_on_the_main_thread(store):
    assert read_pragmas(store) == EXPECTED_PRAGMAS


def test_pragmas_hold_on_a_connection_made_in_another_thread(store, ids):
    seen: dict[str, object] = {}
    errors: list[BaseException] = []
    event_id, _people = ids

    def worker():
        try:
            with store.engine.connect() as conn:
                seen["thread"] = threading.get_ident()
                seen["connection"] = id(conn.connection.dbapi_connection)
            seen.update(read_pragmas(store))
            # and foreign keys really bite on that thread's connection
            with store.session() as session:
                insert_meeting(session, event_id=event_id, person_id=new_id())
        except IntegrityError as err:
            seen["refused"] = "FOREIGN KEY" in str(err)
        except BaseException as err:
            errors.append(err)

    # Hold a connection here so the worker has to open a new one of its own.
    with store.engine.connect() as held:
        main_connection = id(held.connection.dbapi_connection)
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert not errors
    assert seen["thread"] != threading.get_ident()
    assert seen["connection"] != main_connection
    assert {k: seen[k] for k in EXPECTED_PRAGMAS} == EXPECTED_PRAGMAS
    assert seen["refused"] is True


# Soft delete ----------------------------------------------------------------


def test_a_deleted_event_is_hidden_and_comes_back(store, ids):
    event_id, people = ids
    with store.session() as session:
        other = queries.create_event(session=session, name="Tuesday meetup", date=date(2019, 4, 2), kind="meetup")
        queries.add_meeting(session=session, event_id=event_id, person_id=people[0], slot=1)
    with store.session() as session:
        queries.delete_event(session=session, event_id=event_id)
    with store.session() as session:
        assert [r.id for r in queries.list_event_rows(session=session)] == [other.id]
        assert queries.count_events(session=session) == 1
        assert queries.get_event(session=session, event_id=event_id) is None
    with store.session() as session:
        queries.restore_event(session=session, event_id=event_id)
    with store.session() as session:
        rows = queries.list_event_rows(session=session)
        assert [r.id for r in rows] == [event_id, other.id]
        assert rows[0].goal_text == "Learn how two founders here raised their seed round"
        assert rows[0].people_met == 1
        assert queries.get_event(session=session, event_id=event_id).name == "Founders dinner"


def test_a_removed_meeting_is_hidden(store, ids):
    event_id, people = ids
    with store.session() as session:
        m = queries.add_meeting(session=session, event_id=event_id, person_id=people[0], slot=1)
        queries.add_meeting(session=session, event_id=event_id, person_id=people[1], slot=2)
    with store.session() as session:
        queries.remove_meeting(session=session, meeting_id=m.id)
    with store.session() as session:
        assert [p.name for _, p in queries.meetings_for_event(session=session, event_id=event_id)] == ["Ben"]
        assert queries.list_event_rows(session=session)[0].people_met == 1


def test_a_deleted_person_is_not_suggested(store, ids):
    _, people = ids
    with store.session() as session:
        assert [p.name for p in queries.find_people(session=session, prefix="a")] == ["Ana"]
        session.exec(text("UPDATE person SET deleted_at = :now WHERE id = :id").bindparams(now=NOW, id=people[0]))
    with store.session() as session:
        assert queries.find_people(session=session, prefix="a") == []
        assert queries.get_person(session=session, person_id=people[0]) is None


def test_deleted_goal_and_reflection_are_hidden(store, ids):
    event_id, _ = ids
    with store.session() as session:
        queries.save_reflection(session=session, event_id=event_id, proud="I asked one question")
    with store.session() as session:
        session.exec(text("UPDATE goal SET deleted_at = :now").bindparams(now=NOW))
        session.exec(text("UPDATE reflection SET deleted_at = :now").bindparams(now=NOW))
    with store.session() as session:
        assert queries.get_goal(session=session, event_id=event_id) is None
        assert queries.get_reflection(session=session, event_id=event_id) is None
        row = queries.list_event_rows(session=session)[0]
        assert (row.goal_text, row.outcome, row.has_reflection) == ("", None, False)


def test_times_are_stored_and_read_back(store, ids):
    event_id, _ = ids
    before = utcnow()
    with store.session() as session:
        queries.update_event(session=session, event_id=event_id, location="Upstairs at Rosa's")
    with store.session() as session:
        ev = queries.get_event(session=session, event_id=event_id)
    assert ev.location == "Upstairs at Rosa's"
    assert ev.updated_at.replace(tzinfo=before.tzinfo) >= before
