"""8. `netjournal check` names what an old version or a hand edit left, and says nothing is wrong only when
nothing is; a read-only folder or a full disk is no problem of the journal's. It never writes a byte."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.models import SUMMARY_TRIGGERS
from tests.reliability.faults import cli, cli_on_read_only_mount, listing, read_only_mounts
from tests.reliability.helpers import fill, sha256


def edit(path: Path, *statements: str) -> None:
    """What a hand edit in the sqlite3 shell does: plain SQL, no netjournal."""
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def met_three_times_without_the_trigger(path: Path) -> None:
    """The summary trigger is dropped, then Dana is met at three events: her summary still says 0."""
    edit(path, "DROP TRIGGER tr_summary_meeting_insert")
    store = open_store(path)
    try:
        with store.session() as s:
            dana = queries.create_person(session=s, name="Dana")
            for day in (1, 2, 3):
                ev = queries.create_event(session=s, name=f"Meetup {day}", date=date(2019, 9, day))
                queries.add_meeting(session=s, event_id=ev.id, person_id=dana.id, slot=1)
    finally:
        store.close()


changed_trigger = SUMMARY_TRIGGERS[0].replace("SELECT count(*),", "SELECT 0,")
assert changed_trigger != SUMMARY_TRIGGERS[0]

DAMAGE = {
    "user_version 0": (["PRAGMA user_version=0"], "Schema version: 0, which no netjournal writes"),
    "application id 0": (["PRAGMA application_id=0"], "Application id: 0, not netjournal's mark"),
    "a dropped table": (["DROP TABLE reflection"], "Table reflection is missing."),
    "a dropped index": (["DROP INDEX ix_person_depth"], "Index ix_person_depth is missing."),
    "a dropped trigger": (["DROP TRIGGER tr_summary_event_update"], "Trigger tr_summary_event_update is missing."),
    "a changed trigger": (
        ["DROP TRIGGER tr_summary_meeting_insert", changed_trigger],
        "Trigger tr_summary_meeting_insert differs from the one this netjournal makes.",
    ),
    "a trigger of someone else's": (
        ["CREATE TRIGGER mine AFTER INSERT ON event BEGIN DELETE FROM goal; END"],
        "Trigger mine is not one this netjournal makes.",
    ),
    "a dropped column": (  # the search index's triggers read it: SQLite drops it only once they are gone
        [
            "DROP TRIGGER tr_search_person_insert",
            "DROP TRIGGER tr_search_person_update",
            "ALTER TABLE person DROP COLUMN contact",
        ],
        "Table person has no column contact.",
    ),
    "a stale summary": (["UPDATE person SET events_met = 7 WHERE name = 'Ana'"], 'Summary of "Ana": events_met 7'),
    "a date far in the future": (
        ["UPDATE event SET date = '9999-12-31' WHERE name = 'Founders dinner'"],
        "event.date: 1 event with a date outside the years 1900-2199: \"Founders dinner\" '9999-12-31'",
    ),
    "a date long ago": (
        ["UPDATE event SET date = '1850-01-01' WHERE name = 'Founders dinner'"],
        "event.date: 1 event with a date outside the years 1900-2199",
    ),
    "a date that is no date": (
        ["UPDATE event SET date = 'next tuesday' WHERE name = 'Founders dinner'"],
        "event.date: 1 event with a date netjournal can't read: \"Founders dinner\" 'next tuesday'",
    ),
    "the 30th of February": (
        ["UPDATE meeting SET follow_up_due = '2019-02-30' WHERE follow_up_due IS NOT NULL"],
        'meeting.follow_up_due: 1 meeting with a date netjournal can\'t read: with "Ana" at "PyCon Lille"',
    ),
    "a follow-up done in the year 1": (
        ["UPDATE meeting SET followed_up_on = '0001-01-01' WHERE followed_up_on IS NOT NULL"],
        "meeting.followed_up_on: 1 meeting with a date outside the years 1900-2199",
    ),
    "a time stamp in the future": (
        ["UPDATE person SET updated_at = '2199-12-31 00:00:00.000000' WHERE name = 'Cleo'"],
        'person.updated_at: 1 person with a time stamp more than a day in the future: "Cleo"',
    ),
    "a time stamp that is no time": (
        ["UPDATE goal SET created_at = 'soon'"],
        "goal.created_at: 1 goal with a time stamp netjournal can't read: for \"PyCon Lille\" 'soon'",
    ),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_check_names_what_a_hand_edit_left(journal_path, capsys, damage):
    fill(journal_path)
    statements, line = DAMAGE[damage]
    edit(journal_path, *statements)
    digest, folder = sha256(journal_path), listing(journal_path.parent)

    code = main(["--db", str(journal_path), "check"])

    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    assert line in out
    assert "All good" not in out
    assert sha256(journal_path) == digest and listing(journal_path.parent) == folder


def test_check_finds_the_person_met_three_times_but_stored_as_met_none(journal_path, capsys):
    fill(journal_path)
    met_three_times_without_the_trigger(journal_path)
    assert main(["--db", str(journal_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "Trigger tr_summary_meeting_insert is missing." in out
    assert (
        "Summary of \"Dana\": events_met 0 (the meetings say 3), last_met None (the meetings say '2019-09-03')" in out
    )


def test_check_a_healthy_journal_says_so_and_writes_nothing(journal_path, capsys):
    fill(journal_path)
    digest, folder = sha256(journal_path), listing(journal_path.parent)
    assert main(["--db", str(journal_path), "check"]) == 0
    out = capsys.readouterr().out
    for line in (
        "Tables, columns, indexes and triggers: as this netjournal makes them",
        "People's summaries (events met, last met, follow-ups): match their meetings",
        "Dates and time stamps: all usable",
    ):
        assert line in out
    assert out.endswith("All good: the journal is healthy.\n")
    assert sha256(journal_path) == digest and listing(journal_path.parent) == folder


def test_check_on_a_full_disk_finds_the_journal_healthy(journal_path):
    """`ulimit -f 0`: nothing can be written at all; check never needs to."""
    fill(journal_path)
    folder = listing(journal_path.parent)
    result = cli("--db", str(journal_path), "check", fsize=0)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("All good: the journal is healthy.\n") and result.stderr == ""
    assert listing(journal_path.parent) == folder


def test_check_in_a_read_only_folder_finds_the_journal_healthy(journal_path, tmp_path):
    if not read_only_mounts(tmp_path):
        pytest.skip("no rights to mount a folder read-only here; test_read_only covers a folder without write bits")
    fill(journal_path)
    folder = listing(journal_path.parent)
    result = cli_on_read_only_mount(journal_path.parent, "--db", str(journal_path), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("All good: the journal is healthy.\n") and result.stderr == ""
    assert listing(journal_path.parent) == folder


def test_other_commands_in_a_read_only_folder(journal_path, tmp_path):
    """On a file system that refuses writes even to root, reading works and writing says so in one line."""
    if not read_only_mounts(tmp_path):
        pytest.skip("no rights to mount a folder read-only here; test_read_only covers a folder without write bits")
    fill(journal_path)
    digest, folder = sha256(journal_path), listing(journal_path.parent)
    exported = cli_on_read_only_mount(journal_path.parent, "--db", str(journal_path), "export")
    assert exported.returncode == 0 and "PyCon Lille" in exported.stdout
    added = cli_on_read_only_mount(journal_path.parent, "--db", str(journal_path), "add", "x", "--date", "2019-04-08")
    assert added.returncode == 2 and added.stdout == ""
    assert added.stderr.count("\n") == 1 and "read-only" in added.stderr
    assert sha256(journal_path) == digest and listing(journal_path.parent) == folder


def test_check_says_what_it_cant_read_in_one_line(journal_path, capsys):
    """Not a journal at all, and a journal from a newer netjournal: exit 2, one line, nothing written."""
    journal_path.parent.mkdir()
    conn = sqlite3.connect(journal_path)
    conn.execute("CREATE TABLE event (id TEXT)")
    conn.execute("PRAGMA application_id=0")
    conn.commit()
    conn.close()
    digest = sha256(journal_path)
    assert main(["--db", str(journal_path), "check"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "not a netjournal journal" in err
    assert sha256(journal_path) == digest
