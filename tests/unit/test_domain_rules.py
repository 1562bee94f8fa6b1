"""The rules that live once in domain/: the circle, rule 4, the snooze default, the vague goal,
the Reflection's kind lines, and reading a day an older version or a hand edit left."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from netjournal.domain.dates import NO_DATE, describe_date, read_day
from netjournal.domain.followups import (
    CIRCLE_DEPTH,
    follow_up_after_thinking,
    is_in_circle,
    plans_follow_up,
    snooze_problem,
    snooze_until,
    suggest_due,
)
from netjournal.domain.goals import is_vague
from netjournal.domain.insights import InsightInputs, PersonFacts, compute_insights
from netjournal.domain.reflection import kind_line
from netjournal.domain.tone import unkind_words

TODAY = date(2019, 4, 9)


@pytest.mark.parametrize(
    ("events_met", "followed_up", "inside"),
    [(0, False, False), (1, False, False), (CIRCLE_DEPTH, False, True), (5, False, True), (0, True, True)],
)
def test_one_circle(events_met, followed_up, inside):
    assert is_in_circle(events_met, followed_up) is inside
    ins = compute_insights(
        InsightInputs(people=[PersonFacts(events_met=events_met, followed_up=followed_up)]), today=TODAY
    )
    assert ins.circle_size == int(inside)


def test_an_empty_summary_is_outside_the_circle():
    assert not is_in_circle(None, None)


@pytest.mark.parametrize(
    ("thinking", "follow_up", "planned"),
    [
        ("cant_stop", "undecided", True),
        ("cant_stop", "let_go", False),
        ("cant_stop", "done", False),
        ("cant_stop", "planned", False),
        ("a_little", "undecided", False),
        ("not_really", "undecided", False),
    ],
)
def test_cant_stop_thinking_plans_a_follow_up_unless_one_is_decided(thinking, follow_up, planned):
    assert plans_follow_up(thinking, follow_up) is planned
    event_day = date(2019, 4, 8)
    got = follow_up_after_thinking(thinking, follow_up, None, event_date=event_day, today=TODAY)
    assert got == (("planned", suggest_due(event_day, TODAY)) if planned else (follow_up, None))


def test_a_due_date_already_set_is_kept_when_a_follow_up_is_planned():
    kept = date(2019, 5, 1)
    got = follow_up_after_thinking("cant_stop", "undecided", kept, event_date=date(2019, 4, 8), today=TODAY)
    assert got == ("planned", kept)


def test_an_empty_snooze_is_a_week():
    assert snooze_until(TODAY) == date(2019, 4, 16)


def test_a_snooze_moves_ahead_to_tomorrow_at_the_soonest():
    assert snooze_problem(date(2019, 4, 10), TODAY) is None
    assert snooze_problem(TODAY, TODAY) == snooze_problem(date(2019, 4, 1), TODAY)
    assert "tomorrow" in (snooze_problem(TODAY, TODAY) or "")


@pytest.mark.parametrize(
    ("goal", "vague"),
    [
        ("network", True),
        ("to meet new people.", True),
        ("make some connections", True),
        ("meet people", True),
        ("ask two questions", True),  # fewer than four words
        ("ask two people how they got into data work", False),
    ],
)
def test_a_vague_goal(goal, vague):
    assert is_vague(goal) is vague


def test_the_kind_lines_answer_the_evening_kindly():
    lines = {kind_line(n, o) for n in (0, 1, 2) for o in (None, "open", "met", "partly", "not_this_time")}
    assert len(lines) == 4
    assert all(unkind_words(line) == [] for line in lines)
    assert kind_line(2, "not_this_time").startswith("The goal wasn't for this time")


@pytest.mark.parametrize(
    ("stored", "day"),
    [
        ("2024-05-01", date(2024, 5, 1)),
        ("9999-12-31", date(9999, 12, 31)),  # a real day, if far off: shown, never reckoned from
        ("1850-01-01", date(1850, 1, 1)),
        (date(2024, 5, 1), date(2024, 5, 1)),
        (datetime(2024, 5, 1, 10, 30), date(2024, 5, 1)),
        ("2024-02-30", None),
        ("20240501", None),
        ("2024-W18-3", None),
        ("\uff12\uff10\uff12\uff14-05-01", None),  # fullwidth digits
        ("next tuesday", None),
        ("", None),
        (None, None),
        (20240501, None),
    ],
)
def test_reading_a_stored_day(stored, day):
    assert read_day(stored) == day


def test_a_day_that_cant_be_read_is_said_as_such():
    assert describe_date(None, today=TODAY) == NO_DATE
    assert unkind_words(NO_DATE) == []
