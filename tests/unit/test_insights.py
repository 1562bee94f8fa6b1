"""Insights: figures from a known journal on disk, the empty journal, and the terminal bars."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.insights import (
    EnergyFacts,
    EventFacts,
    InsightInputs,
    Insights,
    PersonFacts,
    bar,
    bar_lines,
    circle_line,
    compute_insights,
    energy_line,
    headline,
    invitation,
    last_months,
    spark,
)
from netjournal.domain.tone import unkind_words
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.stats import insight_inputs, insights

TODAY = date(2026, 3, 15)
WINDOW = [f"2025-{m:02d}" for m in range(4, 13)] + ["2026-01", "2026-02", "2026-03"]


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


def _event(session, name, day, outcome=None):
    ev = queries.create_event(session=session, name=name, date=day, goal_text=None if outcome is None else name)
    if outcome is not None:
        queries.save_goal(session=session, event_id=ev.id, outcome=outcome)
    return ev.id


@pytest.fixture
def known(store):
    """Six events (one deleted, one ahead of TODAY), nine people (two deleted), a swapped-out meeting."""
    with store.session() as s:
        p = {n: queries.create_person(session=s, name=n).id for n in "ABCDEFGHI"}
        e1 = _event(s, "Winter meetup", date(2025, 2, 10), "met")  # before the 12-month window
        e2 = _event(s, "Autumn talk", date(2025, 11, 5), "partly")
        e3 = _event(s, "January dinner", date(2026, 1, 20), "not_this_time")
        e4 = _event(s, "March sprint", date(2026, 3, 1))  # no goal, no reflection
        e5 = _event(s, "April conference", date(2026, 4, 2), "open")  # still ahead
        e6 = _event(s, "Deleted evening", date(2026, 2, 1), "met")

        queries.save_reflection(session=s, event_id=e1, energy_before=2, energy_after=4)
        queries.save_reflection(session=s, event_id=e2, energy_before=3)  # no after: no pair
        queries.save_reflection(session=s, event_id=e3, energy_before=3, energy_after=2)
        queries.save_reflection(session=s, event_id=e6, energy_before=1, energy_after=5)

        queries.add_meeting(session=s, event_id=e1, person_id=p["A"], slot=1, follow_up="done")
        queries.add_meeting(
            session=s, event_id=e1, person_id=p["B"], slot=2, not_work="a long walk by the river", follow_up="let_go"
        )
        queries.add_meeting(session=s, event_id=e2, person_id=p["A"], slot=1, not_work="coffee recipes")
        queries.add_meeting(session=s, event_id=e2, person_id=p["C"], slot=2, status="hoping")
        queries.add_meeting(session=s, event_id=e3, person_id=p["B"], slot=1, not_work="   ")
        queries.add_meeting(session=s, event_id=e3, person_id=p["D"], slot=2, follow_up="done")
        queries.add_meeting(session=s, event_id=e4, person_id=p["E"], slot=1)
        swapped = queries.add_meeting(
            session=s, event_id=e4, person_id=p["H"], slot=2, follow_up="done", not_work="board games"
        )
        queries.remove_meeting(session=s, meeting_id=swapped.id)
        queries.add_meeting(session=s, event_id=e5, person_id=p["F"], slot=1, status="hoping")
        queries.add_meeting(session=s, event_id=e6, person_id=p["G"], slot=1, follow_up="done", not_work="tea")
        queries.add_meeting(session=s, event_id=e5, person_id=p["I"], slot=2, follow_up="done", not_work="jazz")
        queries.delete_event(session=s, event_id=e6)
        for gone in ("G", "I"):  # G is also at the deleted event: taken away once, not twice
            queries.delete_person(session=s, person_id=p[gone])
    return store


def test_figures_from_a_known_journal(known):
    with known.session() as s:
        ins = insights(session=s, today=TODAY)
    assert not ins.is_empty
    assert ins.showed_up_total == 4  # e1-e4; the April event is still ahead, the deleted one is gone
    assert ins.showed_up_this_year == 2
    assert [m for m, _ in ins.events_per_month] == WINDOW
    assert {m: n for m, n in ins.events_per_month if n} == {"2025-11": 1, "2026-01": 1, "2026-03": 1}
    assert [(e.name, e.before, e.after) for e in ins.energy] == [("Winter meetup", 2, 4), ("January dinner", 3, 2)]
    assert ins.outcomes == {"met": 1, "partly": 1, "not_this_time": 1, "open": 1}
    assert ins.people_met == 4  # A, B, D, E; C and F only hoped, G and I are deleted, H was swapped out
    assert ins.conversations == 6
    assert ins.circle_size == 3  # A and B met twice, D followed up with
    assert ins.follow_ups_done == 2
    assert ins.not_work_moments == 2  # blank moments don't count
    assert headline(ins) == "You showed up to 4 events. 2 this year."
    assert circle_line(ins).startswith("3 people in your circle")
    assert energy_line(ins) == "You left 1 of these 2 events with as much energy as you came with, or more."


def test_energy_keeps_only_the_latest_events_in_date_order(known):
    with known.session() as s:
        one = insight_inputs(session=s, today=TODAY, energy_shown=1)
        before_e3 = insight_inputs(session=s, today=date(2026, 1, 1))
    assert [e.name for e in one.energy] == ["January dinner"]
    assert [e.name for e in before_e3.energy] == ["Winter meetup"]


def test_events_on_one_day_come_back_as_one_counted_fact(store):
    """The store counts in SQL: thirty-one events on one day are one row."""
    with store.session() as s:
        for i in range(30):
            _event(s, f"Sprint day {i}", date(2026, 2, 2), "met")
        _event(s, "Sprint wrap-up", date(2026, 2, 2), "partly")
    with store.session() as s:
        facts = insight_inputs(session=s, today=TODAY).events
        ins = insights(session=s, today=TODAY)
    assert facts == [EventFacts(date(2026, 2, 2), count=31)]
    assert ins.outcomes["met"] == 30 and ins.outcomes["partly"] == 1
    assert ins.showed_up_total == 31
    assert dict(ins.events_per_month)["2026-02"] == 31


def test_the_empty_journal_invites(store):
    with store.session() as s:
        ins = insights(session=s, today=TODAY)
    assert ins.is_empty
    assert (ins.showed_up_total, ins.showed_up_this_year, ins.people_met, ins.circle_size) == (0, 0, 0, 0)
    assert (ins.follow_ups_done, ins.not_work_moments, ins.conversations) == (0, 0, 0)
    assert ins.energy == []
    assert ins.outcomes == {"met": 0, "partly": 0, "not_this_time": 0, "open": 0}
    assert ins.events_per_month == [(m, 0) for m in WINDOW]
    assert headline(ins) == invitation()
    assert invitation() and not unkind_words(invitation())


def test_an_event_only_ahead_is_still_an_invitation(store):
    with store.session() as s:
        _event(s, "First meetup", date(2026, 4, 1), "open")
        ins = insights(session=s, today=TODAY)
    assert ins.is_empty
    assert ins.outcomes["open"] == 1


# Pure -------------------------------------------------------------------------


def test_last_months_crosses_the_year():
    assert last_months(date(2026, 1, 31)) == [f"2025-{m:02d}" for m in range(2, 13)] + ["2026-01"]
    assert last_months(date(2026, 12, 1), months=2) == ["2026-11", "2026-12"]


def test_compute_insights_from_counted_facts():
    inputs = InsightInputs(
        events=(
            EventFacts(date(2025, 12, 31), count=3),
            EventFacts(date(2026, 1, 1), count=2),
            EventFacts(date(2026, 1, 2)),  # after today: not yet shown up to
        ),
        outcomes={"met": 3, "open": 1},
        energy=(EnergyFacts(date(2026, 1, 1), "b", 3, 3), EnergyFacts(date(2025, 12, 31), "a", 4, 2)),
        people=(
            PersonFacts(1, False, count=5),
            PersonFacts(3, False),
            PersonFacts(1, True, count=2),
            PersonFacts(0, True),
        ),
        follow_ups_done=4,
        not_work_moments=7,
    )
    ins = compute_insights(inputs, today=date(2026, 1, 1))
    assert (ins.showed_up_total, ins.showed_up_this_year) == (5, 2)
    assert ins.events_per_month[-2:] == [("2025-12", 3), ("2026-01", 2)]
    assert ins.outcomes == {"met": 3, "partly": 0, "not_this_time": 0, "open": 1}
    assert [e.name for e in ins.energy] == ["a", "b"]
    assert ins.people_met == 8
    assert ins.conversations == 5 + 3 + 2
    assert ins.circle_size == 4  # the one met thrice, two followed up after one event, one followed up only
    assert (ins.follow_ups_done, ins.not_work_moments) == (4, 7)


@pytest.mark.parametrize(
    ("total", "year", "expected"),
    [
        (12, 9, "You showed up to 12 events. 9 this year."),
        (5, 5, "You showed up to 5 events, all of them this year."),
        (1, 1, "You showed up to your first event."),
        (1, 0, "You showed up to your first event."),
        (3, 0, "You showed up to 3 events."),
    ],
)
def test_headline(total, year, expected):
    assert headline(Insights(showed_up_total=total, showed_up_this_year=year)) == expected


def test_every_sentence_is_kind():
    samples = [
        Insights(),
        Insights(showed_up_total=1, showed_up_this_year=1, circle_size=1),
        Insights(
            showed_up_total=9, showed_up_this_year=0, circle_size=4, energy=[EnergyFacts(date(2026, 1, 1), "x", 4, 1)]
        ),
    ]
    for ins in samples:
        for line in (headline(ins), invitation(), circle_line(ins), energy_line(ins)):
            assert line and not unkind_words(line), line


def test_bar_edges():
    assert bar(0, 10, 5) == "     "
    assert bar(10, 10, 5) == "█████"
    assert bar(25, 10, 3) == "███"
    assert bar(5, 10, 4) == "██  "
    assert bar(1, 1000, 5) == "▏    "  # a small number still shows
    assert bar(3, 0, 4) == "    "
    assert bar(-2, 10, 4) == "    "
    assert bar(5, 10, 0) == ""
    assert bar(3, 8, 1) == "▍"


@given(st.integers(0, 1000), st.integers(0, 1000), st.integers(0, 80))
def test_bar_is_always_its_width_and_grows_with_its_value(value, maximum, width):
    drawn = bar(value, maximum, width)
    assert len(drawn) == width
    assert len(bar(value + 1, maximum, width).rstrip()) >= len(drawn.rstrip())
    if width and maximum and value:
        assert drawn.strip()


def test_spark():
    assert spark([]) == ""
    assert spark([0, 0]) == "  "
    assert spark([0, 8]) == " █"
    assert spark([1, 100]) == "▁█"
    assert spark([2, 4], maximum=8) == "▃▅"
    assert len(spark(range(12))) == 12


def test_bar_lines_share_one_scale_and_line_up():
    lines = bar_lines([("met", 4), ("not this time", 2)], width=8)
    assert lines == ["met            ████████  4", "not this time  ████      2"]
    assert bar_lines([], 8) == []
