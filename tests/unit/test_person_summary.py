"""The summary each person row keeps (events met at, last met, followed up) stays true
through every way the journal changes: the app's own writes, raw SQL, merges and imports.

Each check recounts the summary from the raw rows in plain Python and compares it with
what the triggers stored.
"""

from __future__ import annotations

import random
import re
import sqlite3
from datetime import date, timedelta

import pytest

from netjournal.domain.followups import MeetingFact, rank_followups
from netjournal.store import followups as store_followups
from netjournal.store import merge, people, queries
from netjournal.store.engine import open_store
from netjournal.transfer.export import journal_document
from netjournal.transfer.importer import import_document


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


def recounted(path) -> dict[str, tuple[int, str | None, int, int, int]]:
    """Every person's summary, worked out from scratch from the raw rows:
    (events met at, last met, followed up, follow-ups done, moments not about work)."""
    con = sqlite3.connect(path)
    try:
        live_events = dict(con.execute("SELECT id, date FROM event WHERE deleted_at IS NULL"))
        out = {pid: (0, None, 0, 0, 0) for (pid,) in con.execute("SELECT id FROM person")}
        rows = con.execute(
            "SELECT person_id, event_id, status, follow_up, not_work FROM meeting WHERE deleted_at IS NULL"
        )
        today = date.today().isoformat()  # the day a journal opened now counts meetings up to
        for person_id, event_id, status, follow_up, not_work in rows:
            # Only meetings that count: met, at an event whose day has come.
            day = live_events.get(event_id)
            coming_up = isinstance(day, str) and today < day <= "2199-12-31" and re.fullmatch(r"\d{4}-\d\d-\d\d", day)
            if event_id not in live_events or status != "met" or coming_up:
                continue
            met, last, _followed, done, moments = out[person_id]
            met += 1
            last = max(last or "", live_events[event_id])
            done += follow_up == "done"
            moments += bool(not_work.strip(" "))  # as SQLite's trim() sees it
            out[person_id] = (met, last, int(done > 0), done, moments)
        return out
    finally:
        con.close()


def stored(path) -> dict[str, tuple[int, str | None, int, int, int]]:
    con = sqlite3.connect(path)
    try:
        return {
            row[0]: (row[1], row[2], int(row[3]), row[4], row[5])
            for row in con.execute(
                "SELECT id, events_met, last_met, followed_up, follow_ups_done, not_work_moments FROM person"
            )
        }
    finally:
        con.close()


def assert_summaries_true(path) -> dict[str, tuple[int, str | None, int]]:
    """The stored summaries equal the recount; hands back (events met, last met, followed up) by person."""
    got = stored(path)
    assert got == recounted(path)
    return {pid: summary[:3] for pid, summary in got.items()}


def _event(s, day: date, name: str = "") -> str:
    return queries.create_event(session=s, name=name or f"Event {day}", date=day).id


def _person(s, name: str) -> str:
    return queries.create_person(session=s, name=name).id


def test_a_new_journal_has_the_summary_and_its_triggers(journal_path, store):
    con = sqlite3.connect(journal_path)
    found = con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    triggers = {name for (name,) in found if not name.startswith("tr_search_")}  # the search index's have their tests
    con.close()
    assert triggers == {
        "tr_summary_meeting_insert",
        "tr_summary_meeting_update",
        "tr_summary_meeting_delete",
        "tr_summary_event_update",
    }
    with store.session() as s:
        pid = _person(s, "Ana")
    assert assert_summaries_true(journal_path)[pid] == (0, None, 0)


def test_adding_a_meeting_and_changing_its_status_and_follow_up(journal_path, store):
    with store.session() as s:
        e1, e2 = _event(s, date(2024, 1, 1)), _event(s, date(2024, 2, 1))
        ana = _person(s, "Ana")
        m1 = queries.add_meeting(session=s, event_id=e1, person_id=ana, slot=1).id
        m2 = queries.add_meeting(session=s, event_id=e2, person_id=ana, slot=1, status="hoping").id
    assert assert_summaries_true(journal_path)[ana] == (1, "2024-01-01", 0)
    with store.session() as s:
        queries.update_meeting(session=s, meeting_id=m2, status="met")
    assert assert_summaries_true(journal_path)[ana] == (2, "2024-02-01", 0)
    with store.session() as s:
        before = store_followups.mark_done(session=s, meeting_id=m1, today=date(2024, 1, 5))
    assert assert_summaries_true(journal_path)[ana] == (2, "2024-02-01", 1)
    with store.session() as s:
        store_followups.restore_followup(
            session=s,
            meeting_id=m1,
            follow_up=before.follow_up,
            follow_up_due=before.follow_up_due,
            followed_up_on=before.followed_up_on,
        )
        queries.update_meeting(session=s, meeting_id=m2, status="hoping")
    assert assert_summaries_true(journal_path)[ana] == (1, "2024-01-01", 0)
    with store.session() as s:
        queries.update_meeting(session=s, meeting_id=m1, not_work="both love bouldering")
    assert stored(journal_path)[ana][4] == 1
    with store.session() as s:
        queries.update_meeting(session=s, meeting_id=m1, not_work="  ")
    assert stored(journal_path)[ana][4] == 0
    assert_summaries_true(journal_path)


def test_swapping_someone_out_of_a_slot(journal_path, store):
    with store.session() as s:
        e1 = _event(s, date(2024, 1, 1))
        ana, ben = _person(s, "Ana"), _person(s, "Ben")
        m = queries.add_meeting(session=s, event_id=e1, person_id=ana, slot=1, follow_up="done").id
    with store.session() as s:
        queries.remove_meeting(session=s, meeting_id=m)
        queries.add_meeting(session=s, event_id=e1, person_id=ben, slot=1)
    got = assert_summaries_true(journal_path)
    assert (got[ana], got[ben]) == ((0, None, 0), (1, "2024-01-01", 0))


def test_the_meet_list_relinking_a_slot_moves_the_depth(journal_path, store):
    with store.session() as s:
        e1 = _event(s, date(2024, 1, 1))
        queries.save_meet_slot(session=s, event_id=e1, slot=1, name="Ana")
        ben = _person(s, "Ben")
        queries.add_meeting(session=s, event_id=_event(s, date(2024, 3, 1)), person_id=ben, slot=1)
    with store.session() as s:
        queries.save_meet_slot(session=s, event_id=e1, slot=1, name="Ben")  # it was Ben, not a new Ana
    got = assert_summaries_true(journal_path)
    assert got[ben] == (2, "2024-03-01", 0)


def test_deleting_restoring_and_moving_an_event(journal_path, store):
    with store.session() as s:
        e1, e2 = _event(s, date(2024, 1, 1)), _event(s, date(2024, 2, 1))
        ana, ben = _person(s, "Ana"), _person(s, "Ben")
        queries.add_meeting(session=s, event_id=e1, person_id=ana, slot=1)
        queries.add_meeting(session=s, event_id=e2, person_id=ana, slot=1, follow_up="done")
        queries.add_meeting(session=s, event_id=e2, person_id=ben, slot=2)
    with store.session() as s:
        queries.delete_event(session=s, event_id=e2)
    got = assert_summaries_true(journal_path)
    assert (got[ana], got[ben]) == ((1, "2024-01-01", 0), (0, None, 0))
    with store.session() as s:
        queries.restore_event(session=s, event_id=e2)
    assert assert_summaries_true(journal_path)[ana] == (2, "2024-02-01", 1)
    with store.session() as s:
        queries.update_event(session=s, event_id=e2, date=date(2023, 12, 1))
    got = assert_summaries_true(journal_path)
    assert (got[ana], got[ben]) == ((2, "2024-01-01", 1), (1, "2023-12-01", 0))


def test_merge_and_undo_merge(journal_path, store):
    with store.session() as s:
        e1, e2, e3 = _event(s, date(2024, 1, 1)), _event(s, date(2024, 2, 1)), _event(s, date(2024, 3, 1))
        keep, twin = _person(s, "Ana"), _person(s, "Ana K.")
        queries.add_meeting(session=s, event_id=e1, person_id=keep, slot=1)
        queries.add_meeting(session=s, event_id=e2, person_id=twin, slot=1, follow_up="done")
        queries.add_meeting(session=s, event_id=e3, person_id=keep, slot=1, status="hoping")
        queries.add_meeting(session=s, event_id=e3, person_id=twin, slot=2)  # both at e3: folded
    before = assert_summaries_true(journal_path)
    with store.session() as s:
        record = merge.merge_people(session=s, keep_id=keep, merge_id=twin)
    got = assert_summaries_true(journal_path)
    assert got[keep] == (3, "2024-03-01", 1)
    assert got[twin] == (0, None, 0)
    with store.session() as s:
        assert [(r.name, r.times_met, r.in_circle) for r in people.people_page(session=s)] == [("Ana", 3, True)]
        merge.undo_merge(session=s, record=record)
    assert assert_summaries_true(journal_path) == before


def test_rows_written_by_another_program_keep_the_summary_true(journal_path, store):
    with store.session() as s:
        e1 = _event(s, date(2024, 1, 1))
        ana = _person(s, "Ana")
    con = sqlite3.connect(journal_path)
    con.execute(
        "INSERT INTO meeting (id, created_at, updated_at, event_id, person_id, slot, status, talked_about, "
        "not_work, still_thinking, follow_up) VALUES ('m-raw', '2024-01-01 10:00:00.000000', "
        "'2024-01-01 10:00:00.000000', ?, ?, 1, 'met', '', '', 'a_little', 'done')",
        (e1, ana),
    )
    con.commit()
    assert assert_summaries_true(journal_path)[ana] == (1, "2024-01-01", 1)
    con.execute("DELETE FROM meeting WHERE id = 'm-raw'")
    con.commit()
    con.close()
    assert assert_summaries_true(journal_path)[ana] == (0, None, 0)


def test_import_into_a_new_journal_and_over_an_older_copy(tmp_path, journal_path, store):
    with store.session() as s:
        e1, e2 = _event(s, date(2024, 1, 1)), _event(s, date(2024, 2, 1))
        ana, ben = _person(s, "Ana"), _person(s, "Ben")
        queries.add_meeting(session=s, event_id=e1, person_id=ana, slot=1)
        m = queries.add_meeting(session=s, event_id=e2, person_id=ben, slot=1, status="hoping").id
        old_doc = journal_document(session=s)
        queries.update_meeting(session=s, meeting_id=m, status="met", follow_up="done")
        queries.add_meeting(session=s, event_id=e2, person_id=ana, slot=2)
        new_doc = journal_document(session=s)
    copy_path = tmp_path / "copy.db"
    copy = open_store(copy_path)
    try:
        import_document(store=copy, doc=old_doc)
        got = assert_summaries_true(copy_path)
        assert (got[ana], got[ben]) == ((1, "2024-01-01", 0), (0, None, 0))
        import_document(store=copy, doc=new_doc)  # one meeting updated, one added
        got = assert_summaries_true(copy_path)
        assert (got[ana], got[ben]) == ((2, "2024-02-01", 0), (1, "2024-02-01", 1))
        assert stored(copy_path) == stored(journal_path)
    finally:
        copy.close()


def test_a_long_random_run_of_changes(journal_path, store):
    """Two hundred changes of every kind, in a fixed random order; the summary is checked after each batch."""
    rng = random.Random(20240520)
    with store.session() as s:
        events = [_event(s, date(2024, 1, 1) + timedelta(days=7 * i)) for i in range(8)]
        persons = [_person(s, f"Person {i}") for i in range(6)]
    for _batch in range(20):
        with store.session() as s:
            for _ in range(10):
                _random_change(s, rng, events, persons)
        assert_summaries_true(journal_path)


def _random_change(s, rng, events, persons) -> None:
    event_id = rng.choice(events)
    if queries.get_event(session=s, event_id=event_id) is None:
        if rng.random() < 0.5:
            queries.restore_event(session=s, event_id=event_id)
        return
    listed = queries.meetings_for_event(session=s, event_id=event_id)
    action = rng.randrange(6)
    if action in (0, 1) and len(listed) < 2:
        taken = {m.slot for m, _ in listed}
        here = {p.id for _, p in listed}
        person_id = rng.choice([p for p in persons if p not in here])
        queries.add_meeting(
            session=s,
            event_id=event_id,
            person_id=person_id,
            slot=min({1, 2} - taken),
            status=rng.choice(("met", "hoping")),
            follow_up=rng.choice(("undecided", "done")),
            not_work=rng.choice(("", "grew up near the sea too")),
        )
    elif action == 2 and listed:
        queries.remove_meeting(session=s, meeting_id=rng.choice(listed)[0].id)
    elif action == 3 and listed:
        meeting = rng.choice(listed)[0]
        queries.update_meeting(
            session=s,
            meeting_id=meeting.id,
            status=rng.choice(("met", "hoping")),
            follow_up=rng.choice(("undecided", "planned", "done", "let_go")),
            not_work=rng.choice(("", " ", "swapped bread recipes")),
        )
    elif action == 4:
        queries.update_event(session=s, event_id=event_id, date=date(2024, 1, 1) + timedelta(days=rng.randrange(365)))
    elif action == 5:
        queries.delete_event(session=s, event_id=event_id)


def test_follow_up_pages_follow_on_in_the_ranking_order(journal_path, store):
    """Ties on due date, depth and recency, a deleted person, hoped-for meetings: pages join up
    to the whole list, and the whole list is what rank_followups makes of every planned meeting."""
    rng = random.Random(7)
    today = date(2024, 5, 20)
    with store.session() as s:
        events = [_event(s, date(2024, 5, 1) + timedelta(days=i % 6)) for i in range(24)]
        persons = [_person(s, f"{rng.choice(('Ana', 'ana', 'Ben', 'Zoë', 'émile'))} {i % 3}") for i in range(14)]
        for event_id in events:
            for slot, person_id in enumerate(rng.sample(persons, 2), start=1):
                queries.add_meeting(
                    session=s,
                    event_id=event_id,
                    person_id=person_id,
                    slot=slot,
                    status=rng.choice(("met", "met", "hoping")),
                    follow_up=rng.choice(("planned", "planned", "done", "undecided")),
                    follow_up_due=rng.choice((None, date(2024, 5, 22), date(2024, 5, 25))),
                )
        queries.delete_person(session=s, person_id=persons[0])
        queries.delete_event(session=s, event_id=events[0])
    with store.session() as s:
        whole = store_followups.followups(session=s, today=today, limit=None)
        paged = [
            f for off in range(0, 20, 3) for f in store_followups.followups(session=s, today=today, limit=3, offset=off)
        ]
        count = store_followups.count_followups(session=s)
    assert len(whole) == count > 6
    assert paged == whole
    assert persons[0] not in {f.person_id for f in whole}
    assert whole == rank_followups(_planned_facts(journal_path), today=today)


def _planned_facts(path) -> list[MeetingFact]:
    """Every planned, live meeting, with its person's depth and last meeting recounted from the raw rows."""
    summaries = recounted(path)
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT m.id, m.person_id, p.name, p.great_at, e.id, e.name, e.date, m.status, m.talked_about, "
            "m.not_work, m.still_thinking, m.follow_up, m.follow_up_due, m.followed_up_on FROM meeting m "
            "JOIN event e ON e.id = m.event_id JOIN person p ON p.id = m.person_id "
            "WHERE m.follow_up = 'planned' AND m.deleted_at IS NULL AND e.deleted_at IS NULL AND p.deleted_at IS NULL"
        ).fetchall()
    finally:
        con.close()
    day = lambda text: date.fromisoformat(text) if text else None  # noqa: E731
    return [
        MeetingFact(
            meeting_id=r[0],
            person_id=r[1],
            name=r[2],
            great_at=r[3],
            event_id=r[4],
            event_name=r[5],
            event_date=day(r[6]),
            status=r[7],
            talked_about=r[8],
            not_work=r[9],
            still_thinking=r[10],
            follow_up=r[11],
            follow_up_due=day(r[12]),
            followed_up_on=day(r[13]),
            events_met=summaries[r[1]][0],
            last_met=day(summaries[r[1]][1]),
        )
        for r in rows
    ]
