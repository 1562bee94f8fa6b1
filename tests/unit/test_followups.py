"""Who is worth a follow-up: the ranking, the done / let go / snooze / undo actions, `netjournal followups`."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.cli import main
from netjournal.domain.followups import (
    LATEST,
    SOONEST,
    MeetingFact,
    ask_about,
    depth,
    in_circle,
    rank_followups,
    reason,
    suggest_due,
)
from netjournal.domain.tone import unkind_words
from netjournal.errors import InputError
from netjournal.store import followups as store_followups
from netjournal.store import queries
from netjournal.store.engine import open_store

TODAY = date(2024, 5, 20)

# Small journals ----------------------------------------------------------------
#
# events: name -> date; people: name -> great at;
# meetings: (event, person, fields); `deleted` names rows soft-deleted afterwards.


def build(path, *, events, people_, meetings, deleted=()):
    store = open_store(path)
    ids: dict[str, str] = {}
    with store.session() as s:
        for name, when in events.items():
            ids[name] = queries.create_event(session=s, name=name, date=when).id
        for name, great in people_.items():
            ids[name] = queries.create_person(session=s, name=name, great_at=great).id
        slots: dict[str, int] = {}
        for ev, who, fields in meetings:
            slots[ev] = slots.get(ev, 0) + 1
            m = queries.add_meeting(session=s, event_id=ids[ev], person_id=ids[who], slot=slots[ev], **fields)
            ids[f"{ev}/{who}"] = m.id
        for key in deleted:
            if "/" in key:
                queries.remove_meeting(session=s, meeting_id=ids[key])
            elif key in events:
                queries.delete_event(session=s, event_id=ids[key])
            else:
                queries.delete_person(session=s, person_id=ids[key])
    return store, ids


CANT_STOP = {"still_thinking": "cant_stop", "follow_up": "planned"}  # what the meet list sets
PLANNED = {"follow_up": "planned"}

CASES = {
    "nobody planned": dict(
        events={"Meetup": date(2024, 5, 18)},
        people_={"Ana": "", "Ben": ""},
        meetings=[
            ("Meetup", "Ana", {"still_thinking": "a_little"}),
            ("Meetup", "Ben", {"still_thinking": "not_really"}),
        ],
        expected=[],
    ),
    "only can't stop, among a little and not really": dict(
        events={"Meetup": date(2024, 5, 18), "Dinner": date(2024, 5, 19)},
        people_={"Ana": "", "Ben": "", "Cleo": "", "Dev": ""},
        meetings=[
            ("Meetup", "Ana", {**CANT_STOP, "talked_about": "seed rounds"}),
            ("Meetup", "Ben", {"still_thinking": "a_little"}),
            ("Dinner", "Cleo", {"still_thinking": "not_really"}),
            ("Dinner", "Dev", {"still_thinking": "a_little"}),
        ],
        expected=[("Ana", date(2024, 5, 21), "can't stop thinking about your conversation on seed rounds")],
    ),
    "planned by hand joins, with or without words": dict(
        events={"Talk": date(2024, 5, 10)},
        people_={"Ana": "", "Ben": "sourdough"},
        meetings=[("Talk", "Ana", {**PLANNED, "talked_about": "trail maps"}), ("Talk", "Ben", PLANNED)],
        # The event's week is over (the 17th is gone): tomorrow.
        expected=[
            ("Ana", date(2024, 5, 21), "you talked about trail maps at Talk"),
            ("Ben", date(2024, 5, 21), "you'd like to follow up after Talk · great at: sourdough"),
        ],
    ),
    "done, let go and deleted rows stay off": dict(
        events={"A": date(2024, 5, 15), "B": date(2024, 5, 16), "Gone": date(2024, 5, 16)},
        people_={"Done": "", "LetGo": "", "Swapped": "", "Hidden": "", "AtGone": "", "Stays": ""},
        meetings=[
            ("A", "Done", {"still_thinking": "cant_stop", "follow_up": "done"}),
            ("A", "LetGo", {"still_thinking": "cant_stop", "follow_up": "let_go"}),
            ("B", "Swapped", CANT_STOP),
            ("B", "Hidden", CANT_STOP),
            ("Gone", "AtGone", CANT_STOP),
            ("Gone", "Stays", {"still_thinking": "a_little"}),
        ],
        deleted=("B/Swapped", "Hidden", "Gone"),
        expected=[],
    ),
    "order: due, then depth, then the most recent meeting, then name": dict(
        events={
            "E1": date(2024, 5, 1),
            "E2": date(2024, 5, 5),
            "E3": date(2024, 5, 18),
            "E4": date(2024, 5, 18),
            "E5": date(2024, 5, 19),
        },
        people_={"Deep": "", "Shallow": "", "Recent": "", "Early": "", "Zed": "", "Amy": ""},
        meetings=[
            ("E1", "Deep", {}),
            ("E3", "Deep", CANT_STOP),
            ("E3", "Shallow", CANT_STOP),
            ("E2", "Early", {**CANT_STOP, "follow_up_due": date(2024, 5, 20)}),
            ("E4", "Zed", CANT_STOP),
            ("E4", "Amy", CANT_STOP),
            ("E5", "Recent", {**CANT_STOP, "follow_up_due": date(2024, 5, 21)}),
        ],
        expected=[
            ("Early", date(2024, 5, 20), "can't stop thinking about your conversation at E2"),
            ("Deep", date(2024, 5, 21), "can't stop thinking about your conversation at E3 · met at 2 events"),
            ("Recent", date(2024, 5, 21), "can't stop thinking about your conversation at E5"),
            ("Amy", date(2024, 5, 21), "can't stop thinking about your conversation at E4"),
            ("Shallow", date(2024, 5, 21), "can't stop thinking about your conversation at E3"),
            ("Zed", date(2024, 5, 21), "can't stop thinking about your conversation at E4"),
        ],
    ),
    "one entry per person, the planned meeting due soonest": dict(
        events={"Old": date(2024, 3, 1), "Mid": date(2024, 4, 1), "New": date(2024, 5, 19)},
        people_={"Ana": "hiring engineers"},
        meetings=[
            ("Old", "Ana", {**PLANNED, "talked_about": "old news", "follow_up_due": date(2024, 6, 30)}),
            ("Mid", "Ana", {"talked_about": "bikes"}),
            ("New", "Ana", {**CANT_STOP, "talked_about": "seed rounds"}),
        ],
        expected=[
            (
                "Ana",
                date(2024, 5, 21),
                "can't stop thinking about your conversation on seed rounds · met at 3 events · great at: hiring engineers",
            )
        ],
    ),
    "someone you only hoped to meet adds no depth": dict(
        events={"Conf": date(2024, 4, 1), "Talk": date(2024, 5, 18)},
        people_={"Speaker": ""},
        meetings=[("Conf", "Speaker", {"status": "hoping"}), ("Talk", "Speaker", CANT_STOP)],
        expected=[("Speaker", date(2024, 5, 21), "can't stop thinking about your conversation at Talk")],
    ),
    "an event today is never due today": dict(
        events={"Tonight": TODAY},
        people_={"Ana": ""},
        meetings=[("Tonight", "Ana", CANT_STOP)],
        expected=[("Ana", date(2024, 5, 22), "can't stop thinking about your conversation at Tonight")],
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_ranking_of_small_journals(journal_path, case):
    store, ids = build(
        journal_path,
        events=case["events"],
        people_=case["people_"],
        meetings=case["meetings"],
        deleted=case.get("deleted", ()),
    )
    with store.session() as s:
        got = store_followups.followups(session=s, today=TODAY)
    store.close()
    assert [(e.name, e.due, e.reason) for e in got] == case["expected"]
    event_dates = {ids[name]: when for name, when in case["events"].items()}
    for entry in got:
        assert entry.due > event_dates[entry.event_id]
        assert entry.person_id == ids[entry.name]
        assert entry.meeting_id == ids[f"{_event_name(case, entry.event_id, ids)}/{entry.name}"]
        assert unkind_words(entry.reason) == [] and unkind_words(entry.ask_about) == []


def _event_name(case, event_id, ids):
    return next(name for name in case["events"] if ids[name] == event_id)


# The pure pieces -------------------------------------------------------------------


def fact(**kw) -> MeetingFact:
    base = dict(
        meeting_id="m", person_id="p", name="Ana", event_id="e", event_name="Meetup", event_date=date(2024, 5, 18)
    )
    return MeetingFact(**{**base, **kw})


@given(event_day=st.dates(date(2000, 1, 1), date(2100, 1, 1)), offset=st.integers(0, 400))
def test_a_suggested_due_date_is_after_the_event_and_never_a_day_gone_by(event_day, offset):
    today = event_day + timedelta(days=offset)
    (entry,) = rank_followups([fact(event_date=event_day, follow_up="planned")], today=today)
    assert entry.due == suggest_due(event_day, today)
    assert entry.due > event_day and entry.due > today
    # Two days to a week after the event while that week lasts; once it is over, tomorrow.
    assert entry.due <= max(event_day + LATEST, today + timedelta(days=1))
    if event_day + SOONEST > today:
        assert entry.due == event_day + SOONEST


@pytest.mark.parametrize(
    ("event_day", "today", "due"),
    [
        (date(2019, 3, 1), date(2019, 4, 9), date(2019, 4, 10)),  # weeks ago: tomorrow, not March
        (date(2019, 4, 5), date(2019, 4, 9), date(2019, 4, 10)),  # within its week: tomorrow
        (date(2019, 4, 2), date(2019, 4, 9), date(2019, 4, 10)),  # its week ends today: tomorrow
        (date(2019, 4, 8), date(2019, 4, 9), date(2019, 4, 10)),  # yesterday: two days after it
        (date(2019, 4, 9), date(2019, 4, 9), date(2019, 4, 11)),  # today: never the same day
        (date(2019, 5, 1), date(2019, 4, 9), date(2019, 5, 3)),  # to come: two days after it
    ],
)
def test_suggest_due_is_between_tomorrow_and_a_week_out(event_day, today, due):
    assert suggest_due(event_day, today) == due


def test_a_date_the_user_set_is_kept():
    (entry,) = rank_followups([fact(follow_up="planned", follow_up_due=date(2024, 7, 1))], today=TODAY)
    assert entry.due == date(2024, 7, 1)


def test_depth_counts_events_met_at_and_circle_includes_followed_up():
    met_twice = [fact(event_id="a"), fact(event_id="b"), fact(event_id="c", status="hoping")]
    assert depth(met_twice, today=TODAY) == 2 and in_circle(met_twice, today=TODAY)
    once = [fact(event_id="a")]
    assert depth(once, today=TODAY) == 1 and not in_circle(once, today=TODAY)
    assert in_circle([fact(event_id="a", follow_up="done")], today=TODAY)
    assert depth([], today=TODAY) == 0 and not in_circle([], today=TODAY)


def test_a_coming_up_event_and_a_slot_not_met_add_no_depth_and_no_circle():
    ahead = [fact(event_id="a", event_date=TODAY + timedelta(days=1)), fact(event_id="b", status="not_this_time")]
    assert depth(ahead, today=TODAY) == 0 and not in_circle(ahead, today=TODAY)
    done_ahead = [fact(event_id="a", event_date=TODAY + timedelta(days=3), follow_up="done")]
    assert not in_circle(done_ahead, today=TODAY)
    assert depth(ahead, today=TODAY + timedelta(days=1)) == 1  # from the event's day on, it counts


def test_a_follow_up_planned_for_a_coming_up_or_hoped_for_meeting_is_not_listed():
    ahead = fact(event_date=TODAY + timedelta(days=2), follow_up="planned", still_thinking="cant_stop")
    hoped = fact(meeting_id="h", event_id="f", status="hoping", follow_up="planned")
    assert rank_followups([ahead, hoped], today=TODAY) == []
    assert [e.meeting_id for e in rank_followups([ahead], today=TODAY + timedelta(days=2))] == ["m"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"talked_about": "seed rounds", "great_at": "hiring"}, "seed rounds; or their take on hiring"),
        ({"talked_about": "seed rounds"}, "seed rounds"),
        ({"great_at": "hiring"}, "their take on hiring"),
        ({}, "how things have been since Meetup"),
    ],
)
def test_what_you_could_ask_about(fields, expected):
    assert ask_about(fact(**fields)) == expected


def test_long_or_multiline_words_become_one_short_line():
    text = reason(fact(still_thinking="cant_stop", talked_about="seed\nrounds " + "x" * 200), 1)
    assert "\n" not in text
    assert text.startswith("can't stop thinking about your conversation on seed rounds x")
    assert text.endswith("…") and len(text) < 120


# Done, let go, snooze, undo ---------------------------------------------------------


def _meeting_row(path, meeting_id):
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT follow_up, follow_up_due, followed_up_on FROM meeting WHERE id = ?", (meeting_id,)
        ).fetchone()
    finally:
        con.close()


@pytest.fixture
def one_planned(journal_path):
    store, ids = build(
        journal_path,
        events={"Meetup": date(2024, 5, 18)},
        people_={"Ana": ""},
        meetings=[("Meetup", "Ana", {**CANT_STOP, "follow_up_due": date(2024, 5, 22)})],
    )
    yield store, ids["Meetup/Ana"]
    store.close()


def _listed(store) -> list[str]:
    with store.session() as s:
        return [e.name for e in store_followups.followups(session=s, today=TODAY)]


@pytest.mark.parametrize(
    ("action", "after"),
    [
        (
            lambda s, m: store_followups.mark_done(session=s, meeting_id=m, today=TODAY),
            ("done", "2024-05-22", "2024-05-20"),
        ),
        (lambda s, m: store_followups.let_go(session=s, meeting_id=m), ("let_go", "2024-05-22", None)),
    ],
    ids=["done", "let go"],
)
def test_done_and_let_go_take_someone_off_and_undo_brings_them_back(one_planned, journal_path, action, after):
    store, meeting_id = one_planned
    before = _meeting_row(journal_path, meeting_id)
    with store.session() as s:
        undo = action(s, meeting_id)
    assert _meeting_row(journal_path, meeting_id) == after
    assert _listed(store) == []
    with store.session() as s:
        store_followups.restore_followup(
            session=s,
            meeting_id=undo.meeting_id,
            follow_up=undo.follow_up,
            follow_up_due=undo.follow_up_due,
            followed_up_on=undo.followed_up_on,
        )
    assert _meeting_row(journal_path, meeting_id) == before == ("planned", "2024-05-22", None)
    assert _listed(store) == ["Ana"]


def test_snooze_moves_the_due_date_and_undo_moves_it_back(one_planned, journal_path):
    store, meeting_id = one_planned
    with store.session() as s:
        undo = store_followups.snooze(session=s, meeting_id=meeting_id, until=date(2024, 5, 27), today=TODAY)
    assert _meeting_row(journal_path, meeting_id) == ("planned", "2024-05-27", None)
    with store.session() as s:
        assert store_followups.followups(session=s, today=TODAY)[0].due == date(2024, 5, 27)
        store_followups.restore_followup(session=s, **vars(undo))
    assert _meeting_row(journal_path, meeting_id) == ("planned", "2024-05-22", None)


def test_snooze_to_the_event_day_is_refused_and_nothing_changes(one_planned, journal_path):
    store, meeting_id = one_planned
    with pytest.raises(InputError, match="after 2024-05-18"), store.session() as s:
        store_followups.snooze(session=s, meeting_id=meeting_id, until=date(2024, 5, 18), today=TODAY)
    assert _meeting_row(journal_path, meeting_id) == ("planned", "2024-05-22", None)


@pytest.mark.parametrize("until", [TODAY, date(2024, 5, 19)], ids=["today", "yesterday"])
def test_snooze_to_a_day_before_tomorrow_is_refused_in_one_kind_line(one_planned, journal_path, until):
    store, meeting_id = one_planned
    with pytest.raises(InputError, match="pick tomorrow or a later day") as info, store.session() as s:
        store_followups.snooze(session=s, meeting_id=meeting_id, until=until, today=TODAY)
    assert "\n" not in str(info.value)
    assert _meeting_row(journal_path, meeting_id) == ("planned", "2024-05-22", None)
    with store.session() as s:
        store_followups.snooze(session=s, meeting_id=meeting_id, until=date(2024, 5, 21), today=TODAY)
    assert _meeting_row(journal_path, meeting_id) == ("planned", "2024-05-21", None)


def test_actions_on_a_removed_meeting_say_so(one_planned):
    store, meeting_id = one_planned
    with store.session() as s:
        queries.remove_meeting(session=s, meeting_id=meeting_id)
    with pytest.raises(InputError, match="no longer in the journal"), store.session() as s:
        store_followups.mark_done(session=s, meeting_id=meeting_id, today=TODAY)


def test_restore_refuses_an_unknown_state(one_planned):
    store, meeting_id = one_planned
    with pytest.raises(InputError), store.session() as s:
        store_followups.restore_followup(
            session=s, meeting_id=meeting_id, follow_up="someday", follow_up_due=None, followed_up_on=None
        )


# The command line ----------------------------------------------------------------------


@pytest.fixture
def done_when_journal(journal_path):
    """The issue's scenario: can't stop, a little, not really, and one planned by hand."""
    store, ids = build(
        journal_path,
        events={"Seed Night": date(2024, 5, 14), "Book Club": date(2024, 5, 18), "Dinner": date(2024, 5, 19)},
        people_={"Priya": "hiring engineers", "Omar": "", "Lena": "", "Tom": "", "Mia": "", "Sam": ""},
        meetings=[
            ("Seed Night", "Priya", {**CANT_STOP, "talked_about": "seed rounds"}),
            ("Seed Night", "Omar", {"still_thinking": "a_little"}),
            ("Book Club", "Lena", {"still_thinking": "not_really"}),
            ("Book Club", "Priya", {"still_thinking": "a_little"}),
            ("Dinner", "Tom", CANT_STOP),
            (
                "Dinner",
                "Mia",
                {"still_thinking": "a_little", "follow_up": "planned", "follow_up_due": date(2024, 5, 21)},
            ),
        ],
    )
    store.close()
    return ids


def test_done_when_json_lists_exactly_can_t_stop_and_hand_planned(journal_path, done_when_journal, capsys):
    ids = done_when_journal
    assert main(["--db", str(journal_path), "followups", "--json", "--today", "2024-05-20"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got == [
        {
            "person_id": ids["Priya"],
            "name": "Priya",
            "due": "2024-05-21",
            "reason": "can't stop thinking about your conversation on seed rounds · met at 2 events · great at: hiring engineers",
            "event_id": ids["Seed Night"],
            "kind": "meeting",
        },
        {
            "person_id": ids["Mia"],
            "name": "Mia",
            "due": "2024-05-21",
            "reason": "you'd like to follow up after Dinner",
            "event_id": ids["Dinner"],
            "kind": "meeting",
        },
        {
            "person_id": ids["Tom"],
            "name": "Tom",
            "due": "2024-05-21",
            "reason": "can't stop thinking about your conversation at Dinner",
            "event_id": ids["Dinner"],
            "kind": "meeting",
        },
    ]
    event_days = {ids["Seed Night"]: "2024-05-14", ids["Dinner"]: "2024-05-19"}
    assert all(row["due"] > event_days[row["event_id"]] for row in got)


def test_text_output_is_one_line_per_person(journal_path, done_when_journal, capsys):
    assert main(["--db", str(journal_path), "followups", "--today", "2024-05-20"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2024-05-21  Priya  can't stop thinking about your conversation on seed rounds · met at 2 events"
        " · great at: hiring engineers",
        "2024-05-21  Mia  you'd like to follow up after Dinner",
        "2024-05-21  Tom  can't stop thinking about your conversation at Dinner",
    ]


def test_an_empty_list_is_good_news(journal_path, capsys):
    build(
        journal_path,
        events={"Meetup": date(2024, 5, 18)},
        people_={"Ana": ""},
        meetings=[("Meetup", "Ana", {"still_thinking": "a_little"})],
    )[0].close()
    assert main(["--db", str(journal_path), "followups"]) == 0
    out = capsys.readouterr().out
    assert (
        out
        == "No follow-ups right now. Only people you can't stop thinking about, or chose to follow up with, come here.\n"
    )
    assert unkind_words(out) == []
    assert main(["--db", str(journal_path), "followups", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_an_unreadable_today_is_one_line_and_exit_2(journal_path, capsys):
    assert main(["--db", str(journal_path), "followups", "--today", "someday soon"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("netjournal: ") and err.count("\n") == 1
    assert not journal_path.exists()
