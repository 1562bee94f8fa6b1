"""People: the list (order, filter, circle), a person's timeline, and merging two records."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from netjournal.errors import InputError
from netjournal.store import merge as store_merge
from netjournal.store import people, queries
from netjournal.store.engine import open_store


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


def _events(session, *days):
    return [queries.create_event(session=session, name=f"Event {d.isoformat()}", date=d).id for d in days]


def _person(session, name, **kw):
    return queries.create_person(session=session, name=name, **kw).id


def _meet(session, event_id, person_id, slot, **kw):
    return queries.add_meeting(session=session, event_id=event_id, person_id=person_id, slot=slot, **kw).id


def _rows(path, table):
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        con.close()


# The People list ---------------------------------------------------------------


@pytest.fixture
def crowd(store):
    """Five people met at different depths and times, one followed up with, one deleted."""
    with store.session() as s:
        e1, e2, e3, e_gone = _events(s, date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1))
        ids = {n: _person(s, n) for n in ("Ana", "bea", "Cleo", "Dev", "Eve", "Finn", "Gone")}
        _meet(s, e1, ids["Ana"], 1)
        _meet(s, e2, ids["Ana"], 1)
        _meet(s, e3, ids["Ana"], 1)
        _meet(s, e1, ids["bea"], 2)
        _meet(s, e2, ids["bea"], 2)
        _meet(s, e3, ids["Cleo"], 2, follow_up="done", followed_up_on=date(2024, 3, 5))
        _meet(s, e_gone, ids["Dev"], 1)  # only at an event later deleted
        _meet(s, e_gone, ids["Eve"], 2, status="hoping")
        queries.delete_event(session=s, event_id=e_gone)
        queries.delete_person(session=s, person_id=ids["Gone"])
    return ids


def test_people_are_ordered_by_depth_then_recency_then_name(store, crowd):
    with store.session() as s:
        rows = people.people_page(session=s)
    got = [(r.name, r.times_met, r.last_met, r.in_circle) for r in rows]
    assert got == [
        ("Ana", 3, date(2024, 3, 1), True),
        ("bea", 2, date(2024, 2, 1), True),
        ("Cleo", 1, date(2024, 3, 1), True),  # followed up with
        ("Dev", 0, None, False),
        ("Eve", 0, None, False),
        ("Finn", 0, None, False),
    ]
    assert rows[0].id == crowd["Ana"]


def test_pages_follow_on_without_gaps(store, crowd):
    with store.session() as s:
        whole = [r.id for r in people.people_page(session=s)]
        paged = [r.id for off in range(0, 6, 2) for r in people.people_page(session=s, limit=2, offset=off)]
        assert people.people_page(session=s, offset=6) == []
        assert people.count_people(session=s) == 6
    assert paged == whole


def test_hoped_for_meetings_do_not_count_as_met(store):
    with store.session() as s:
        (e1,) = _events(s, date(2024, 1, 1))
        pid = _person(s, "Speaker")
        _meet(s, e1, pid, 1, status="hoping")
        (row,) = people.people_page(session=s)
    assert (row.times_met, row.last_met, row.in_circle) == (0, None, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["Al_Smith", "50% Sam", "Alex Smith", "back\\slash", "Zoë"]),
        ("al", ["Al_Smith", "Alex Smith"]),
        ("AL", ["Al_Smith", "Alex Smith"]),
        ("  smith ", ["Al_Smith", "Alex Smith"]),
        ("_", ["Al_Smith"]),
        ("l_s", ["Al_Smith"]),
        ("%", ["50% Sam"]),
        ("0% s", ["50% Sam"]),
        ("\\", ["back\\slash"]),
        ("zoë", ["Zoë"]),
        ("nobody", []),
    ],
)
def test_filter_matches_names_case_insensitively_and_literally(store, text, expected):
    with store.session() as s:
        ids = {name: _person(s, name) for name in ("Alex Smith", "Al_Smith", "50% Sam", "back\\slash", "Zoë")}
        (e1,) = _events(s, date(2024, 1, 1))
        _meet(s, e1, ids["Al_Smith"], 1)  # Al_Smith first: met once
        assert [r.name for r in people.people_page(session=s, filter_text=text)] == expected
        assert people.count_people(session=s, filter_text=text) == len(expected)


# A person's timeline ----------------------------------------------------------------


def test_timeline_is_every_live_meeting_newest_first(store):
    with store.session() as s:
        e1, e2, e3 = _events(s, date(2024, 1, 1), date(2024, 3, 1), date(2024, 2, 1))
        pid = _person(s, "Ana")
        _meet(s, e1, pid, 1, talked_about="bikes", not_work="the old town walk")
        _meet(s, e2, pid, 1, still_thinking="cant_stop", follow_up="planned", follow_up_due=date(2024, 3, 4))
        gone = _meet(s, e3, pid, 1)
        queries.remove_meeting(session=s, meeting_id=gone)
        entries = people.person_timeline(session=s, person_id=pid)
    assert [(t.event_id, t.event_date) for t in entries] == [(e2, date(2024, 3, 1)), (e1, date(2024, 1, 1))]
    assert (entries[0].still_thinking, entries[0].follow_up, entries[0].follow_up_due) == (
        "cant_stop",
        "planned",
        date(2024, 3, 4),
    )
    assert (entries[1].event_name, entries[1].talked_about, entries[1].not_work) == (
        "Event 2024-01-01",
        "bikes",
        "the old town walk",
    )


# Merging two records of one person ---------------------------------------------------


@pytest.fixture
def twins(store):
    """Ana and "Ana K." are the same person: met apart at two events and together at one."""
    with store.session() as s:
        e1, e2, e3, e4 = _events(s, date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1))
        keep = _person(s, "Ana", great_at="hiring", contact="ana@example.org", notes="likes trains")
        merge = _person(s, "Ana K.", great_at="Hiring; seed rounds", contact="", notes="Likes trains\nhas a dog")
        other = _person(s, "Ben")
        ids = {
            "keep": keep,
            "merge": merge,
            "other": other,
            "e1": e1,
            "e2": e2,
            "e3": e3,
            "e4": e4,
            "k1": _meet(s, e1, keep, 1, talked_about="bikes"),
            "m2": _meet(s, e2, merge, 1, talked_about="maps", follow_up="done", followed_up_on=date(2024, 2, 5)),
            "k3": _meet(s, e3, keep, 1, talked_about="tea", status="hoping", still_thinking="not_really"),
            "m3": _meet(
                s,
                e3,
                merge,
                2,
                talked_about="coffee",
                not_work="the river walk",
                still_thinking="cant_stop",
                follow_up="planned",
                follow_up_due=date(2024, 3, 6),
            ),
            "b4": _meet(s, e4, other, 1),
        }
        old = _meet(s, e4, merge, 2, talked_about="swapped out earlier")
        queries.remove_meeting(session=s, meeting_id=old)
        ids["old"] = old
    return ids


def test_merge_moves_meetings_and_joins_notes(store, twins, journal_path):
    with store.session() as s:
        record = store_merge.merge_people(session=s, keep_id=twins["keep"], merge_id=twins["merge"])
    assert record.moved_meeting_ids == (twins["m2"],)
    assert record.folded_meeting_ids == (twins["m3"],)
    with store.session() as s:
        keep = queries.get_person(session=s, person_id=twins["keep"])
        assert (keep.name, keep.great_at, keep.contact, keep.notes) == (
            "Ana",
            "hiring; seed rounds",
            "ana@example.org",
            "likes trains\nhas a dog",
        )
        assert queries.get_person(session=s, person_id=twins["merge"]) is None
        timeline = people.person_timeline(session=s, person_id=twins["keep"])
        assert [t.meeting_id for t in timeline] == [twins["k3"], twins["m2"], twins["k1"]]
        together = timeline[0]
        assert (
            together.talked_about,
            together.not_work,
            together.status,
            together.still_thinking,
            together.follow_up,
            together.follow_up_due,
        ) == ("tea\ncoffee", "the river walk", "met", "cant_stop", "planned", date(2024, 3, 6))
        assert people.person_timeline(session=s, person_id=twins["merge"]) == []
        assert [r.name for r in people.people_page(session=s)] == ["Ana", "Ben"]
        assert people.people_page(session=s)[0].times_met == 3
    con = sqlite3.connect(journal_path)
    folded = con.execute(
        "SELECT person_id, talked_about, deleted_at IS NOT NULL FROM meeting WHERE id = ?", (twins["m3"],)
    ).fetchone()
    old = con.execute("SELECT person_id, deleted_at IS NOT NULL FROM meeting WHERE id = ?", (twins["old"],)).fetchone()
    con.close()
    assert folded == (twins["merge"], "coffee", 1)  # kept, soft-deleted, words intact
    assert old == (twins["merge"], 1)  # an earlier swap stays as it was


def test_undo_merge_restores_both_people_and_every_meeting_exactly(store, twins, journal_path):
    people_before, meetings_before = _rows(journal_path, "person"), _rows(journal_path, "meeting")
    with store.session() as s:
        record = store_merge.merge_people(session=s, keep_id=twins["keep"], merge_id=twins["merge"])
    assert _rows(journal_path, "person") != people_before
    with store.session() as s:
        store_merge.undo_merge(session=s, record=record)
    assert _rows(journal_path, "person") == people_before
    assert _rows(journal_path, "meeting") == meetings_before


def test_merge_joins_without_repeating_and_skips_empty_parts(store):
    with store.session() as s:
        keep = _person(s, "Ana", great_at="", notes="a\nb")
        merge = _person(s, "Ana", great_at="design", notes="B")
        store_merge.merge_people(session=s, keep_id=keep, merge_id=merge)
        kept = queries.get_person(session=s, person_id=keep)
        assert (kept.great_at, kept.notes, kept.contact) == ("design", "a\nb", "")


def test_merging_someone_into_themselves_or_a_missing_person_is_refused(store, twins):
    with pytest.raises(InputError, match="same person"), store.session() as s:
        store_merge.merge_people(session=s, keep_id=twins["keep"], merge_id=twins["keep"])
    with pytest.raises(InputError, match="no longer in the journal"), store.session() as s:
        store_merge.merge_people(session=s, keep_id=twins["keep"], merge_id="no-such-id")
    with store.session() as s:
        assert len(people.person_timeline(session=s, person_id=twins["merge"])) == 2
