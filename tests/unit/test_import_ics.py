"""`netjournal import-ics`: events from calendar files written here, imported, imported again, edited."""

from __future__ import annotations

import sqlite3
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from netjournal.cli import main
from netjournal.domain.calendar import count_line, guess_kind, reimport
from netjournal.store import history, queries
from netjournal.store.engine import open_store
from netjournal.transfer.calendar import read_calendar

TODAY = "2026-03-01"


def ics(*events: str) -> str:
    body = "".join(
        f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n".replace("\n", "\r\n").replace("\r\r", "\r") for e in events
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


PLAIN = """UID:plain-1@example.org
DTSTAMP:20260201T000000Z
DTSTART:20260315T190000
SUMMARY:PyData Lisbon meetup
LOCATION:Lisbon"""
ALL_DAY = """UID:allday-1@example.org
DTSTAMP:20260201T000000Z
DTSTART;VALUE=DATE:20260320
DTEND;VALUE=DATE:20260321
SUMMARY:RustConf
LOCATION:Montreal"""
WEEKLY = """UID:weekly-1@example.org
DTSTAMP:20260201T000000Z
DTSTART:20250106T183000
RRULE:FREQ=WEEKLY
SUMMARY:Book club dinner"""
ZONED = """UID:zoned-1@example.org
DTSTAMP:20260201T000000Z
DTSTART;TZID=America/Los_Angeles:20260310T200000
SUMMARY:Evening talk on types"""
TZ = """BEGIN:VTIMEZONE
TZID:America/Los_Angeles
BEGIN:STANDARD
DTSTART:19701101T020000
TZOFFSETFROM:-0700
TZOFFSETTO:-0800
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
TZOFFSETFROM:-0800
TZOFFSETTO:-0700
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
END:VTIMEZONE
"""


def write(tmp_path, text: str, name: str = "cal.ics"):
    path = tmp_path / name
    path.write_text(text, newline="")
    return path


def run(journal_path, path, *extra: str) -> int:
    return main(["--db", str(journal_path), "import-ics", str(path), "--today", TODAY, "--quiet", *extra])


def events(journal_path) -> list[tuple]:
    store = open_store(journal_path)
    try:
        with store.session() as s:
            rows = queries.list_event_rows(session=s, limit=1000)
            return sorted((r.date, r.name, r.kind, r.location) for r in rows)
    finally:
        store.close()


def test_a_plain_and_an_all_day_event_are_added_with_name_day_place_and_kind(journal_path, tmp_path, capsys):
    path = write(tmp_path, ics(PLAIN, ALL_DAY))
    assert run(journal_path, path) == 0
    assert capsys.readouterr().out == "Added 2 events, updated 0, kept 0 as you edited them.\n"
    assert events(journal_path) == [
        (date(2026, 3, 15), "PyData Lisbon meetup", "meetup", "Lisbon"),
        (date(2026, 3, 20), "RustConf", "other", "Montreal"),
    ]


def test_a_repeating_event_is_expanded_within_the_range_only(journal_path, tmp_path, capsys):
    path = write(tmp_path, ics(WEEKLY))
    assert run(journal_path, path, "--from", "2026-03-01", "--to", "2026-03-31") == 0
    assert capsys.readouterr().out == "Added 5 events, updated 0, kept 0 as you edited them.\n"
    days = [d for d, *_ in events(journal_path)]
    assert days == [date(2026, 3, d) for d in (2, 9, 16, 23, 30)]
    assert {k for _, _, k, _ in events(journal_path)} == {"dinner"}
    # The default range (30 days back, 180 ahead) takes only the weeks in it, never the whole repeat.
    assert run(journal_path, path) == 0
    assert capsys.readouterr().out.startswith("Added 25 events,")  # 5 already there, 30 Mondays in the range


def test_a_time_zone_is_read_as_the_day_it_is_here():
    data = ics(ZONED).replace("BEGIN:VEVENT", TZ.replace("\n", "\r\n") + "BEGIN:VEVENT", 1).encode()
    (lisbon,) = read_calendar(data, start=date(2026, 3, 1), end=date(2026, 3, 31), local=ZoneInfo("Europe/Lisbon"))
    assert (lisbon.name, lisbon.date, lisbon.kind) == ("Evening talk on types", date(2026, 3, 11), "talk")
    (there,) = read_calendar(data, start=date(2026, 3, 1), end=date(2026, 3, 31), local=ZoneInfo("America/Denver"))
    assert there.date == date(2026, 3, 10)


def test_importing_again_adds_nothing(journal_path, tmp_path, capsys):
    path = write(tmp_path, ics(PLAIN, ALL_DAY, WEEKLY))
    assert run(journal_path, path) == 0
    first = events(journal_path)
    capsys.readouterr()
    assert run(journal_path, path) == 0
    assert capsys.readouterr().out == "Added 0 events, updated 0, kept 0 as you edited them.\n"
    assert events(journal_path) == first


def test_a_changed_calendar_updates_only_what_you_have_not_edited(journal_path, tmp_path, capsys):
    assert run(journal_path, write(tmp_path, ics(PLAIN, ALL_DAY))) == 0
    store = open_store(journal_path)
    try:
        with store.session() as s:
            (ev,) = [r for r in queries.list_event_rows(session=s) if r.name == "PyData Lisbon meetup"]
            queries.update_event(session=s, event_id=ev.id, name="PyData Lisbon, with Ana", visit="mine")
    finally:
        store.close()
    changed = ics(
        PLAIN.replace("SUMMARY:PyData Lisbon meetup", "SUMMARY:PyData Lisbon meetup (moved)").replace(
            "LOCATION:Lisbon", "LOCATION:Porto"
        ),
        ALL_DAY.replace("LOCATION:Montreal", "LOCATION:Montréal"),
    )
    capsys.readouterr()
    assert run(journal_path, write(tmp_path, changed, "changed.ics")) == 0
    assert capsys.readouterr().out == "Added 0 events, updated 2, kept 1 as you edited it.\n"
    assert events(journal_path) == [
        (date(2026, 3, 15), "PyData Lisbon, with Ana", "meetup", "Porto"),  # your name kept, the new place taken
        (date(2026, 3, 20), "RustConf", "other", "Montréal"),
    ]
    store = open_store(journal_path)
    try:
        with store.session() as s:
            kept = history.event_history(session=s, event_id=ev.id)
        assert ("location", "Lisbon") in [(e.field, e.value) for e in kept]  # what the import replaced, kept
    finally:
        store.close()
    capsys.readouterr()
    assert run(journal_path, write(tmp_path, changed, "changed.ics")) == 0  # and once more: nothing
    assert capsys.readouterr().out == "Added 0 events, updated 0, kept 0 as you edited them.\n"


@pytest.mark.parametrize(
    "text",
    [
        "this is not a calendar\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
    ],
    ids=["words", "a vcard", "cut off"],
)
def test_a_file_that_is_not_a_calendar_is_one_line_exit_2_and_nothing_written(journal_path, tmp_path, capsys, text):
    path = write(tmp_path, text)
    assert run(journal_path, path) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not a calendar" in err and "Traceback" not in err
    assert not journal_path.exists()  # not even a new journal was made


def test_a_broken_file_leaves_a_journal_exactly_as_it_was(journal_path, tmp_path, capsys):
    assert run(journal_path, write(tmp_path, ics(PLAIN))) == 0
    before = journal_path.read_bytes()
    assert run(journal_path, write(tmp_path, "BEGIN:VCALENDAR\r\nnonsense", "bad.ics")) == 2
    assert journal_path.read_bytes() == before
    with sqlite3.connect(journal_path) as conn:
        assert conn.execute("SELECT count(*) FROM event").fetchone() == (1,)


def test_the_pure_rules():
    assert guess_kind("Berlin Python Meetup") == "meetup" and guess_kind("PyCon DE conference") == "conference"
    assert guess_kind("Team dinner") == "dinner" and guess_kind("Keynote: Rust") == "talk"
    assert guess_kind("Dentist") == "other"
    assert count_line(1, 1, 1) == "Added 1 event, updated 1, kept 1 as you edited it."
    assert count_line(3, 0, 2) == "Added 3 events, updated 0, kept 2 as you edited them."
    same = {"name": "A", "date": "2026-03-01", "location": "", "kind": "other"}
    assert reimport(same, same, same).changes == {} and reimport(same, same, same).kept == ()
    moved = {**same, "date": "2026-03-02"}
    assert reimport(same, same, moved).changes == {"date": "2026-03-02"}
    edited = {**same, "date": "2026-03-05"}
    assert reimport(edited, same, moved).kept == ("date",) and reimport(edited, same, moved).changes == {}
