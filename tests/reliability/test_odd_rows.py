"""Whatever an older version or a hand edit left in the file never breaks a list or a command.

Issue 10 #6: one event dated 9999-12-31 with a planned follow-up made `followups` fail
("TypeError: '<' not supported...") and left the Follow-ups screen empty. Here the odd rows
are written with sqlite3 itself, as another program would: days that aren't days, days
outside 1900-2199, NULL where this version always writes something (after loosening the
table as an older schema had it), and NULL summaries. A planned follow-up whose event's day
can't be used is left off the list; everything else is listed, counted and shown.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from netjournal.app import make_app
from netjournal.cli import main
from netjournal.store import followups, people, queries, stats
from netjournal.store.engine import open_store
from tests.ui.conftest import settle
from tests.ui.journal import build_app

TODAY = date(2024, 5, 20)

# Event name -> the text its `date` column is left holding (None: NULL).
ODD_EVENT_DAYS = {
    "Far future": "9999-12-31",
    "Long ago": "1850-01-01",
    "Spoken": "next tuesday",
    "No such day": "2024-02-30",
    "Blank": "",
    "Unset": None,
    "Number": 20240501,
}


def _loosen(path) -> None:
    """The tables as an older version might have made them: NULL allowed where this one forbids it."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA writable_schema=ON")
        con.execute("UPDATE sqlite_master SET sql = replace(sql, 'date DATE NOT NULL', 'date DATE') WHERE name='event'")
        for column in (
            "events_met INTEGER",
            "followed_up BOOLEAN",
            "follow_ups_done INTEGER",
            "not_work_moments INTEGER",
        ):
            con.execute(
                "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name='person'", (f"{column} NOT NULL", column)
            )
        con.commit()
    finally:
        con.close()


@pytest.fixture
def odd_journal(journal_path):
    """A journal with a good follow-up list, then rows no version of netjournal writes itself."""
    store = open_store(journal_path)
    ids: dict[str, str] = {}
    try:
        with store.session() as s:

            def meet(event, name, slot=1, **fields):
                person = queries.find_person_by_name(session=s, name=name) or queries.create_person(
                    session=s, name=name, great_at="maps"
                )
                ids[name] = person.id
                ids[f"{event}/{name}"] = queries.add_meeting(
                    session=s, event_id=ids[event], person_id=person.id, slot=slot, **fields
                ).id

            for name in ("Meetup", "Dinner", *ODD_EVENT_DAYS):
                ids[name] = queries.create_event(session=s, name=name, date=date(2024, 5, 15)).id
            queries.save_goal(session=s, event_id=ids["Far future"], outcome="met")
            queries.save_reflection(session=s, event_id=ids["Spoken"], energy_before=2, energy_after=4)
            queries.save_reflection(session=s, event_id=ids["Meetup"], energy_before=3, energy_after=3)
            meet("Meetup", "Ana", follow_up="planned", talked_about="trail maps")
            meet("Meetup", "Ben", 2, follow_up="planned", follow_up_due=date(2024, 5, 25))
            meet("Dinner", "Cleo", follow_up="planned")
            meet("Dinner", "Dev", 2, follow_up="done", followed_up_on=date(2024, 5, 16))
            for i, event in enumerate(ODD_EVENT_DAYS):
                meet(event, f"Odd {i}", follow_up="planned", still_thinking="cant_stop")
                meet(event, "Ana", 2)  # Ana's depth and last meeting now come from odd days too
    finally:
        store.close()

    _loosen(journal_path)
    con = sqlite3.connect(journal_path)
    try:
        for event, day in ODD_EVENT_DAYS.items():
            con.execute("UPDATE event SET date = ? WHERE id = ?", (day, ids[event]))
        # A due date, and a day followed up on, that aren't days; a due date in the year 9999.
        con.execute("UPDATE meeting SET follow_up_due = 'someday' WHERE id = ?", (ids["Dinner/Cleo"],))
        con.execute("UPDATE meeting SET follow_up_due = '9999-12-31' WHERE id = ?", (ids["Meetup/Ana"],))
        con.execute("UPDATE meeting SET followed_up_on = '16/05/2024' WHERE id = ?", (ids["Dinner/Dev"],))
        # Summaries an older version left empty (written last: the triggers recount on meeting changes).
        con.execute(
            "UPDATE person SET events_met = NULL, followed_up = NULL, follow_ups_done = NULL, "
            "not_work_moments = NULL, last_met = 'soon' WHERE id = ?",
            (ids["Ben"],),
        )
        con.commit()
    finally:
        con.close()
    return journal_path, ids


def test_the_follow_up_list_leaves_out_only_what_it_cant_date(odd_journal):
    path, _ = odd_journal
    store = open_store(path)
    try:
        with store.session() as s:
            whole = followups.followups(session=s, today=TODAY, limit=None)
            page = followups.followups(session=s, today=TODAY, limit=2, offset=1)
            count = followups.count_followups(session=s)
    finally:
        store.close()
    # An unreadable or far-off due date counts as not set: a calm suggestion, tomorrow at the soonest.
    assert [(f.name, f.due) for f in whole] == [
        ("Ana", date(2024, 5, 21)),
        ("Cleo", date(2024, 5, 21)),
        ("Ben", date(2024, 5, 25)),
    ]
    assert page == whole[1:3] and count == 3
    assert {f.name for f in whole}.isdisjoint({f"Odd {i}" for i in range(len(ODD_EVENT_DAYS))})
    # Ana's summary says she was last met on "next tuesday" (the greatest text): her latest planned meeting counts.
    ana = whole[0]
    assert ana.depth == len(ODD_EVENT_DAYS) + 1 and ana.last_met == date(2024, 5, 15)


def test_the_followups_command_lists_them(odd_journal, capsys):
    path, _ = odd_journal
    assert main(["--db", str(path), "followups", "--json", "--today", TODAY.isoformat()]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["due"]) for r in rows] == [
        ("Ana", "2024-05-21"),
        ("Cleo", "2024-05-21"),
        ("Ben", "2024-05-25"),
    ]


def test_done_let_go_and_snooze_work_on_odd_rows(odd_journal):
    path, ids = odd_journal
    store = open_store(path)
    try:
        with store.session() as s:
            before = followups.snooze(session=s, meeting_id=ids["Dinner/Cleo"], until=date(2024, 6, 1), today=TODAY)
            followups.let_go(session=s, meeting_id=ids["Meetup/Ana"])
            followups.mark_done(session=s, meeting_id=ids["Far future/Odd 0"], today=TODAY)
            followups.snooze(session=s, meeting_id=ids["Spoken/Odd 2"], until=date(2024, 6, 1), today=TODAY)
        with store.session() as s:
            assert [(f.name, f.due) for f in followups.followups(session=s, today=TODAY)] == [
                ("Ben", date(2024, 5, 25)),
                ("Cleo", date(2024, 6, 1)),
            ]
    finally:
        store.close()
    assert before.follow_up_due is None  # "someday" was never a day


def test_the_people_list_shows_everyone(odd_journal):
    path, _ = odd_journal
    store = open_store(path)
    try:
        with store.session() as s:
            rows = {r.name: r for r in people.people_page(session=s, limit=100)}
            total = people.count_people(session=s)
    finally:
        store.close()
    assert total == len(rows) == 4 + len(ODD_EVENT_DAYS)
    assert (rows["Ben"].times_met, rows["Ben"].last_met, rows["Ben"].in_circle) == (0, None, False)
    assert (rows["Ana"].last_met, rows["Ana"].in_circle) == (None, True)  # last met "next tuesday"
    assert rows["Odd 0"].last_met == date(9999, 12, 31)
    assert rows["Odd 2"].last_met is None  # "next tuesday"


def test_every_timeline_reads(odd_journal):
    path, ids = odd_journal
    store = open_store(path)
    try:
        with store.session() as s:
            ana = people.person_timeline(session=s, person_id=ids["Ana"])
            cleo = people.person_timeline(session=s, person_id=ids["Cleo"])
            dev = people.person_timeline(session=s, person_id=ids["Dev"])
            for i in range(len(ODD_EVENT_DAYS)):
                assert len(people.person_timeline(session=s, person_id=ids[f"Odd {i}"])) == 1
    finally:
        store.close()
    days = {e.event_name: e.event_date for e in ana}
    assert days == {
        "Meetup": date(2024, 5, 15),
        "Far future": date(9999, 12, 31),
        "Long ago": date(1850, 1, 1),
        "Spoken": None,
        "No such day": None,
        "Blank": None,
        "Unset": None,
        "Number": None,
    }
    assert (cleo[0].follow_up, cleo[0].follow_up_due) == ("planned", None)
    assert (dev[0].follow_up, dev[0].followed_up_on) == ("done", None)


def test_insights_count_what_they_can_read(odd_journal):
    path, _ = odd_journal
    store = open_store(path)
    try:
        with store.session() as s:
            inputs = stats.insight_inputs(session=s, today=TODAY)
            figures = stats.insights(session=s, today=TODAY)
    finally:
        store.close()
    # Meetup, Dinner and 1850 are days before today; 9999 is yet to come; the rest aren't days.
    assert figures.showed_up_total == 3
    assert figures.outcomes["met"] == 1
    assert [(e.name, e.before, e.after) for e in inputs.energy] == [("Meetup", 3, 3)]
    assert figures.people_met == 3 + len(ODD_EVENT_DAYS)  # Ben's summary is empty: not counted


async def test_the_screens_show_the_odd_journal(odd_journal):
    path, _ = odd_journal
    app = make_app(db_path=path, today=TODAY, blink=False)  # the journal's own today: its events are over
    async with app.run_test(size=(120, 36)) as pilot:
        for key, shown in (("f", "Cleo"), ("p", "Odd 2"), ("i", "You showed up")):
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert shown in _text(app.screen), key
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")  # Ana's page: her timeline holds every odd day
        await settle(pilot)
        text = _text(app.screen)
        assert "Far future" in text and "no readable date" in text


def _text(screen) -> str:
    from textual.widgets import DataTable, Static

    parts = [str(w.render()) for w in screen.query(Static)]
    for table in screen.query(DataTable):
        parts += [str(cell) for i in range(table.row_count) for cell in table.get_row_at(i)]
    return "\n".join(parts)


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_every_export_format_writes_the_odd_journal_whole(odd_journal, capsys, fmt):
    path, _ = odd_journal
    assert main(["--db", str(path), "export", "--format", fmt]) == 0
    out = capsys.readouterr().out
    for event in ("Meetup", *ODD_EVENT_DAYS):
        assert event in out
    if fmt == "json":
        days = {e["name"]: e["date"] for e in json.loads(out)["events"]}
        # Days it can't read are written as null (check names them), the readable ones as they are.
        assert days["Meetup"] == "2024-05-15"
        assert days["No such day"] is None and days["Unset"] is None and days["Spoken"] is None
    if fmt == "markdown":
        assert "## no readable date Spoken" in out


async def test_the_events_list_and_an_odd_events_pages_open(odd_journal):
    path, ids = odd_journal
    app = build_app(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listed = _text(app.screen)
        assert "Meetup" in listed and "no date" in listed
        for page in ("goal", "meet", "reflection"):
            await app.show_page(ids["No such day"], page)
            await settle(pilot)
            assert "No such day" in _text(app.screen) and "no readable date" in _text(app.screen), page
