"""Before and after an event: what is coming up, which meetings count (one rule, everywhere it counts),
the worry check's words, the look back, and a version-2 journal brought to version 3."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from netjournal.domain.ahead import (
    PastEvent,
    WorryFacts,
    asks_how_it_went,
    counts_as_met,
    is_coming_up,
    join_names,
    look_back,
    new_slot_status,
    showed_up_credited,
    sum_worries,
    sure_lines,
    worry_line,
)
from netjournal.domain.tone import unkind_words
from netjournal.store import people, queries, stats
from netjournal.store.engine import open_store

TODAY = date(2026, 3, 10)
AHEAD = TODAY + timedelta(days=12)


def test_coming_up_is_after_today_and_the_day_itself_is_not():
    assert is_coming_up(AHEAD, TODAY)
    assert not is_coming_up(TODAY, TODAY) and not is_coming_up(TODAY - timedelta(days=1), TODAY)
    assert not is_coming_up(None, TODAY)


@pytest.mark.parametrize(
    ("status", "day", "counts"),
    [
        ("met", TODAY, True),
        ("met", TODAY - timedelta(days=400), True),
        ("met", AHEAD, False),  # a coming-up event: not yet
        ("hoping", TODAY, False),
        ("not_this_time", TODAY - timedelta(days=3), False),
        ("met", None, True),  # a day the journal can't read isn't coming up
    ],
)
def test_only_a_meeting_met_on_or_before_today_counts(status, day, counts):
    assert counts_as_met(status, day, TODAY) is counts


def test_showing_up_new_slots_and_the_hoping_question_follow_the_day():
    assert not showed_up_credited(AHEAD, TODAY) and showed_up_credited(TODAY, TODAY)
    assert new_slot_status(AHEAD, TODAY) == "hoping" and new_slot_status(TODAY, TODAY) == "met"
    assert not asks_how_it_went("hoping", AHEAD, TODAY)
    assert asks_how_it_went("hoping", AHEAD, AHEAD) and not asks_how_it_went("met", AHEAD, AHEAD)


def test_what_the_worries_added_up_to_in_kind_words():
    facts = [
        WorryFacts(sure_before=5, happened="no", count=6),
        WorryFacts(sure_before=4, happened="yes", count=2),
        WorryFacts(sure_before=4, happened="no", count=3),
        WorryFacts(sure_before=2, happened="partly"),
        WorryFacts(sure_before=3, happened=None, count=5),  # not looked back on yet: left out
    ]
    summary = sum_worries(facts)
    assert worry_line(summary) == "Of 12 worries, 2 happened the way you feared, 1 partly."
    assert (
        worry_line(sum_worries([WorryFacts(4, "no")]))
        == "Of 1 worry written down, it didn't happen the way you feared."
    )
    assert worry_line(sum_worries([WorryFacts(4, "yes")])) == "Of 1 worry written down, it happened the way you feared."
    assert "adds up here" in worry_line(sum_worries([]))
    assert worry_line(sum_worries([WorryFacts(4, "no", count=3)])) == "Of 3 worries, none happened the way you feared."
    lines = sure_lines(summary)
    assert [line.split("  ")[0].strip() for line in lines] == ["a little", "quite sure", "certain"]
    assert lines[-1].endswith("0 of 6 happened") and lines[1].endswith("2 of 5 happened")
    assert lines[0].endswith("0 of 1 happened")  # partly is not the way you feared
    for line in [worry_line(summary), *lines]:
        assert unkind_words(line) == []


def test_a_look_back_is_one_line_about_the_nearest_year():
    events = [
        PastEvent("PyData Lisbon", date(2025, 3, 12), ("Ana", "Ben")),
        PastEvent("Old meetup", date(2023, 3, 9), ("Cleo",)),
        PastEvent("Last month", date(2026, 2, 10), ("Dev",)),
        PastEvent("Far from this week", date(2025, 4, 20)),
    ]
    assert look_back(events, TODAY) == "A year ago this week: PyData Lisbon, where you met Ana and Ben."
    assert look_back(events[1:], TODAY) == "3 years ago this week: Old meetup, where you met Cleo."
    assert look_back([PastEvent("Quiet dinner", date(2025, 3, 7))], TODAY) == "A year ago this week: Quiet dinner."
    assert look_back(events[2:], TODAY) is None
    assert look_back([PastEvent("Leap", date(2024, 2, 29))], date(2025, 3, 1)) == "A year ago this week: Leap."
    assert join_names(["Ana", "Ben", "Cleo"]) == "Ana, Ben and Cleo" and join_names(["Ana"]) == "Ana"


# The store: one rule in the summaries, Insights and follow-ups ------------------------------------


def _journal(path, today):
    store = open_store(path, today=today)
    with store.session() as s:
        past = queries.create_event(session=s, name="Meetup", date=TODAY - timedelta(days=5)).id
        ahead = queries.create_event(session=s, name="Winter meetup", date=AHEAD).id
        ana = queries.create_person(session=s, name="Ana").id
        ben = queries.create_person(session=s, name="Ben").id
        queries.add_meeting(session=s, event_id=past, person_id=ana, slot=1)
        queries.add_meeting(session=s, event_id=past, person_id=ben, slot=2, status="not_this_time")
        # Met at a coming-up event (as an older version let you write), planned and noted: none of it counts yet.
        queries.add_meeting(
            session=s, event_id=ahead, person_id=ana, slot=1, follow_up="done", not_work="a walk", status="met"
        )
        queries.add_meeting(session=s, event_id=ahead, person_id=ben, slot=2, status="hoping", follow_up="planned")
    return store, ana, ben


def _summary(store, name):
    with store.session() as s:
        (row,) = [r for r in people.people_page(session=s) if r.name == name]
        return row.times_met, row.last_met, row.in_circle


def test_meetings_at_a_coming_up_event_count_only_from_its_day(journal_path):
    store, _, _ = _journal(journal_path, TODAY)
    try:
        assert _summary(store, "Ana") == (1, TODAY - timedelta(days=5), False)
        assert _summary(store, "Ben") == (0, None, False)
        with store.session() as s:
            ins = stats.insights(session=s, today=TODAY)
        assert (ins.people_met, ins.circle_size, ins.follow_ups_done, ins.not_work_moments) == (1, 0, 0, 0)
    finally:
        store.close()
    store = open_store(journal_path, today=AHEAD)  # the clock moves past the event's day
    try:
        assert _summary(store, "Ana") == (2, AHEAD, True)
        assert _summary(store, "Ben") == (0, None, False)  # hoped for and not this time: never counted
    finally:
        store.close()
    store = open_store(journal_path, today=TODAY)  # and back (a test's fixed day): as it was
    try:
        assert _summary(store, "Ana") == (1, TODAY - timedelta(days=5), False)
    finally:
        store.close()


def test_a_version_2_journal_is_brought_to_version_3_keeping_every_row(tmp_path):
    from tests.unit.test_migrations import make_v2_journal

    path = tmp_path / "v2.db"
    make_v2_journal(path)
    store = open_store(path)
    try:
        with store.session() as s:
            refl = queries.get_reflection(session=s, event_id="e1")
            assert (refl.energy_before, refl.energy_after, refl.hard, refl.worry) == (2, 4, "the noise", "")
            assert refl.worry_sure_before is None and refl.worry_happened is None
            event = queries.get_event(session=s, event_id="e1")
            assert (event.name, event.date, event.calendar_uid) == ("Founders dinner", date(2019, 4, 8), None)
            assert queries.get_goal(session=s, event_id="e1").text == "Ask one person about their seed round"
        assert _summary(store, "Ana") == (1, date(2019, 4, 8), False)
        with store.session() as s:
            queries.update_meeting(session=s, meeting_id="m1", status="not_this_time")
        assert _summary(store, "Ana") == (0, None, False)
    finally:
        store.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE '_old_%'").fetchone() == (0,)
    finally:
        conn.close()
