"""Keep in touch, only when asked: the cadence, the rule that lists someone, and its done / let go / snooze / undo."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from netjournal.cli import main
from netjournal.domain.cadence import Cadence, CadenceError, parse_cadence, read_cadence, stored_cadence
from netjournal.domain.followups import MeetingFact, TouchFact, rank_followups, touch_due, touch_followup
from netjournal.domain.tone import unkind_words
from netjournal.errors import InputError
from netjournal.store import followups as store_followups
from netjournal.store import history, queries, touch
from netjournal.store.engine import open_store

TODAY = date(2024, 5, 20)
FOUR_MONTHS_AGO = date(2024, 1, 20)


def marked(**fields) -> TouchFact:
    base = {
        "person_id": "p1",
        "name": "Inès Moreau",
        "cadence": "3 months",
        "added_on": date(2023, 1, 1),
        "last_met": FOUR_MONTHS_AGO,
        "last_event_id": "e1",
        "last_event_name": "PyData Lisbon",
    }
    return TouchFact(**{**base, **fields})


# The cadence -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("3 months", "3 months"),
        ("every 3 months", "3 months"),
        ("Every 1 Month", "1 month"),
        ("6 weeks", "6 weeks"),
        ("2w", "2 weeks"),
        ("monthly", "1 month"),
        ("quarterly", "3 months"),
        ("every week", "1 week"),
        ("", ""),
        ("off", ""),
        ("  ", ""),
    ],
)
def test_a_cadence_is_kept_in_its_own_words(typed, kept):
    assert stored_cadence(typed) == kept


@pytest.mark.parametrize("typed", ["soon", "3 days", "0 months", "100 weeks", "3 months please", "every -1 month"])
def test_text_that_is_not_a_cadence_says_so(typed):
    with pytest.raises(CadenceError):
        parse_cadence(typed)


def test_a_stored_cadence_a_hand_edit_broke_counts_as_off():
    assert read_cadence("sometimes") is None
    assert read_cadence(None) is None


def test_months_are_counted_on_the_calendar():
    month = Cadence(1, "month")
    assert month.after(date(2024, 1, 31)) == date(2024, 2, 29)
    assert month.elapsed(date(2024, 1, 31), date(2024, 2, 29)) == 1
    assert Cadence(3, "month").elapsed(FOUR_MONTHS_AGO, TODAY) == 4
    assert Cadence(2, "week").elapsed(date(2024, 5, 1), TODAY) == 2


# The rule, with a fixed today ---------------------------------------------------------


def test_marked_every_3_months_and_last_met_4_months_ago_is_listed_with_a_gentle_reason():
    entry = touch_followup(marked(), today=TODAY)
    assert entry is not None
    assert entry.reason.startswith("4 months since PyData Lisbon")
    assert "in touch every 3 months" in entry.reason
    assert entry.keep_in_touch and entry.due == TODAY and entry.key == "touch:p1"
    assert unkind_words(entry.reason) == [] and "late" not in entry.reason.split()


def test_one_month_is_said_as_one():
    entry = touch_followup(marked(cadence="1 month", last_met=date(2024, 4, 10)), today=TODAY)
    assert entry is not None and entry.reason.startswith("1 month since PyData Lisbon")


def test_not_listed_before_the_time_has_passed():
    assert touch_followup(marked(last_met=date(2024, 3, 1)), today=TODAY) is None
    assert touch_due(marked(last_met=date(2024, 3, 1))) == date(2024, 6, 1)


@pytest.mark.parametrize("cadence", ["", "sometimes"])
def test_someone_unmarked_never_appears_for_this_reason(cadence):
    long_ago = marked(cadence=cadence, last_met=date(1990, 1, 1), added_on=date(1990, 1, 1))
    assert touch_due(long_ago) is None
    assert touch_followup(long_ago, today=TODAY) is None
    assert rank_followups([], today=TODAY, touch=[long_ago]) == []


def test_done_restarts_the_clock():
    done = marked(kept_in_touch_on=TODAY - timedelta(days=1))
    assert touch_followup(done, today=TODAY) is None
    later = touch_followup(done, today=date(2024, 8, 19))
    assert later is not None and later.reason.startswith("3 months since you were last in touch")


def test_a_follow_up_done_after_a_meeting_restarts_the_clock_too():
    assert touch_followup(marked(followed_up_on=date(2024, 4, 1)), today=TODAY) is None


def test_snooze_hides_until_the_snooze_day():
    snoozed = marked(snoozed_until=date(2024, 6, 3))
    assert touch_followup(snoozed, today=TODAY) is None
    back = touch_followup(snoozed, today=date(2024, 6, 3))
    assert back is not None and back.reason.startswith("4 months since PyData Lisbon")


def test_never_met_the_clock_starts_when_they_were_added():
    fresh = marked(last_met=None, last_event_id="", last_event_name="", added_on=date(2024, 1, 2))
    entry = touch_followup(fresh, today=TODAY)
    assert entry is not None and entry.reason.startswith("4 months since you added them")
    assert entry.ask_about == "how things have been since you last talked"


def test_a_planned_follow_up_stands_for_the_person_and_the_rest_are_ranked_together():
    planned = MeetingFact(
        meeting_id="m1",
        person_id="p1",
        name="Inès Moreau",
        event_id="e1",
        event_name="PyData Lisbon",
        event_date=date(2024, 5, 18),
        follow_up="planned",
        follow_up_due=date(2024, 5, 19),
    )
    later = MeetingFact(**{**planned.__dict__, "meeting_id": "m2", "person_id": "p2", "name": "Ben"})
    later = MeetingFact(**{**later.__dict__, "follow_up_due": date(2024, 5, 22)})
    other = marked(person_id="p3", name="Aiko")
    entries = rank_followups([planned, later], today=TODAY, touch=[marked(), other])
    assert [(e.name, e.keep_in_touch) for e in entries] == [
        ("Inès Moreau", False),  # due yesterday
        ("Aiko", True),  # today
        ("Ben", False),  # in two days
    ]


# In the journal ---------------------------------------------------------------------------


@pytest.fixture
def journal(journal_path):
    """Inès, met at PyData Lisbon four months ago and marked every 3 months; Ben met then too, unmarked."""
    store = open_store(journal_path)
    with store.session() as s:
        ev = queries.create_event(session=s, name="PyData Lisbon", date=FOUR_MONTHS_AGO)
        ines = queries.create_person(session=s, name="Inès Moreau", great_at="energy grid data")
        ben = queries.create_person(session=s, name="Ben Okafor")
        queries.add_meeting(session=s, event_id=ev.id, person_id=ines.id, slot=1)
        queries.add_meeting(session=s, event_id=ev.id, person_id=ben.id, slot=2)
        queries.update_person(session=s, person_id=ines.id, keep_in_touch="every 3 months")
        ids = {"event": ev.id, "ines": ines.id, "ben": ben.id}
    yield store, ids
    store.close()


def listed(store, today=TODAY):
    with store.session() as s:
        return store_followups.followups(session=s, today=today, limit=None)


def test_the_store_lists_only_the_marked_person_with_the_reason(journal):
    store, ids = journal
    (entry,) = listed(store)
    assert (entry.person_id, entry.event_id, entry.meeting_id) == (ids["ines"], ids["event"], "")
    assert entry.reason == "4 months since PyData Lisbon · in touch every 3 months · great at: energy grid data"
    with store.session() as s:
        assert store_followups.count_followups(session=s, today=TODAY) == 1


def test_a_cadence_that_isn_t_one_is_refused_and_the_saved_one_kept(journal):
    store, ids = journal
    with pytest.raises(InputError, match="isn't a number of weeks or months"), store.session() as s:
        queries.update_person(session=s, person_id=ids["ines"], keep_in_touch="whenever")
    with store.session() as s:
        assert queries.get_person(session=s, person_id=ids["ines"]).keep_in_touch == "3 months"


def test_done_let_go_snooze_and_their_undo_in_the_journal(journal):
    store, ids = journal
    ines = ids["ines"]
    with store.session() as s:
        before = touch.touch_done(session=s, person_id=ines, today=TODAY)
    assert listed(store) == []
    assert len(listed(store, date(2024, 8, 20))) == 1  # three months after done
    with store.session() as s:
        touch.restore_touch(session=s, state=before)
    assert len(listed(store)) == 1

    with store.session() as s:
        before = touch.touch_let_go(session=s, person_id=ines)
    with store.session() as s:
        assert queries.get_person(session=s, person_id=ines).keep_in_touch == ""
        kept = history.person_history(session=s, person_id=ines)
        assert [(e.field, e.value) for e in kept] == [("keep_in_touch", "3 months")]
    assert listed(store, date(2030, 1, 1)) == []
    with store.session() as s:
        touch.restore_touch(session=s, state=before)  # undo turns it back on
    with store.session() as s:
        assert queries.get_person(session=s, person_id=ines).keep_in_touch == "3 months"
    assert len(listed(store)) == 1

    with store.session() as s:
        with pytest.raises(InputError, match="tomorrow or a later day"):
            touch.touch_snooze(session=s, person_id=ines, until=TODAY, today=TODAY)
        touch.touch_snooze(session=s, person_id=ines, until=TODAY + timedelta(days=7), today=TODAY)
    assert listed(store) == []
    assert len(listed(store, TODAY + timedelta(days=7))) == 1


def test_a_person_in_the_trash_is_not_listed(journal):
    store, ids = journal
    with store.session() as s:
        queries.delete_person(session=s, person_id=ids["ines"])
    assert listed(store) == []


def test_pages_place_people_kept_in_touch_among_planned_follow_ups(journal_path):
    """Pages join up to the whole list, and the whole list is rank_followups' over all the facts."""
    store = open_store(journal_path)
    try:
        with store.session() as s:
            ev = queries.create_event(session=s, name="Meetup", date=TODAY - timedelta(days=3))
            for slot, (name, due) in enumerate(
                (("Ana", TODAY - timedelta(days=1)), ("Zoë", TODAY + timedelta(days=2))), 1
            ):
                p = queries.create_person(session=s, name=name)
                queries.add_meeting(
                    session=s, event_id=ev.id, person_id=p.id, slot=slot, follow_up="planned", follow_up_due=due
                )
                if slot == 1:  # a planned follow-up stands for someone marked too
                    queries.update_person(session=s, person_id=p.id, keep_in_touch="1 week")
            for i in range(1, 8):
                old = queries.create_event(session=s, name=f"Old meetup {i}", date=date(2023, 1, i))
                p = queries.create_person(session=s, name=f"Person {i % 3}")
                queries.add_meeting(session=s, event_id=old.id, person_id=p.id, slot=1)
                queries.update_person(session=s, person_id=p.id, keep_in_touch=f"{i} weeks" if i < 7 else "")
        with store.session() as s:
            whole = store_followups.followups(session=s, today=TODAY, limit=None)
            paged = [
                f
                for off in range(0, 12, 2)
                for f in store_followups.followups(session=s, today=TODAY, limit=2, offset=off)
            ]
            facts = store_followups.followup_facts(session=s, today=TODAY, limit=None)
            kept = touch.touch_facts(session=s)
            count = store_followups.count_followups(session=s, today=TODAY)
    finally:
        store.close()
    assert paged == whole
    assert whole == rank_followups(facts, today=TODAY, touch=kept)
    assert len(whole) == count == 8  # Ana and Zoë for their meeting, six people to keep in touch with
    assert [e.name for e in whole if not e.keep_in_touch] == ["Ana", "Zoë"]
    assert (whole[0].name, whole[-1].name) == ("Ana", "Zoë")  # due yesterday first, in two days last


# The command line -----------------------------------------------------------------------


def test_followups_on_the_command_line_include_them_with_their_reason(journal, journal_path, capsys):
    store, ids = journal
    store.close()
    assert main(["--db", str(journal_path), "followups", "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "2024-05-20  Inès Moreau  4 months since PyData Lisbon · in touch every 3 months" in out
    assert "Ben" not in out
    assert main(["--db", str(journal_path), "followups", "--json", "--today", TODAY.isoformat()]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["person_id"] == ids["ines"]
    assert row["kind"] == "keep_in_touch"
    assert row["reason"].startswith("4 months since PyData Lisbon")
    assert row["event_id"] == ids["event"]
