"""Import: every record checked before anything is written, merged by id, newer updated_at wins."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session

from netjournal.cli import main
from netjournal.store.engine import make_engine, open_store
from netjournal.transfer.importer import ImportRefused, check_document, import_document, parse_document
from netjournal.transfer.merge import take_write_lock
from tests.reliability.helpers import document, fill, sha256, write_json


@pytest.fixture
def exported(tmp_path):
    """A filled journal's export document (with exported_at) and the journal's path."""
    src = tmp_path / "src.db"
    ids = fill(src)
    doc = document(src)
    doc["exported_at"] = "2026-11-25T19:00:00.000000Z"
    return doc, src, ids


def run_import(db, doc_or_path, tmp_path, capsys):
    path = doc_or_path if not isinstance(doc_or_path, dict) else write_json(tmp_path / "in.json", doc_or_path)
    code = main(["--db", str(db), "import", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def later(stamp: str) -> str:
    """A minute after `stamp`: newer, and not in the future (which import refuses)."""
    moment = datetime.fromisoformat(stamp) + timedelta(minutes=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_into_an_empty_journal_then_again(exported, journal_path, tmp_path, capsys):
    doc, _, _ = exported
    code, out, err = run_import(journal_path, doc, tmp_path, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Added 2 events, 3 people, 3 meetings, 1 goal, 1 reflection; updated 0 events")
    first = sha256(journal_path)
    code, out, _ = run_import(journal_path, doc, tmp_path, capsys)
    assert code == 0
    assert out.startswith(
        "Added 0 events, 0 people, 0 meetings, 0 goals, 0 reflections; "
        "updated 0 events, 0 people, 0 meetings, 0 goals, 0 reflections."
    )
    assert sha256(journal_path) == first


def test_times_come_back_exactly(exported, journal_path):
    doc, _, _ = exported
    doc["people"][0]["updated_at"] = "2019-04-08T19:00:00.123456Z"
    store = open_store(journal_path)
    try:
        import_document(store=store, doc=doc)
        with store.session() as s:
            from netjournal.store.models import Person

            p = s.get(Person, doc["people"][0]["id"])
            assert p.updated_at.astimezone(UTC) == datetime(2019, 4, 8, 19, 0, 0, 123456, tzinfo=UTC)
    finally:
        store.close()
    assert document(journal_path)["people"][0]["updated_at"] == "2019-04-08T19:00:00.123456Z"


def test_a_time_with_an_offset_is_read_as_that_moment_in_utc(exported):
    doc, _, _ = exported
    doc["people"][0]["updated_at"] = "2019-04-08T21:00:00.5+02:00"
    rec = check_document(doc).people[0]
    assert rec.values["updated_at"] == datetime(2019, 4, 8, 19, 0, 0, 500000, tzinfo=UTC)


def test_newer_incoming_wins_and_older_is_left(exported, tmp_path, capsys):
    doc, src, ids = exported
    newer = copy.deepcopy(doc)
    person = next(p for p in newer["people"] if p["id"] == ids["ana"])
    person["great_at"] = "the query planner"
    person["updated_at"] = later(person["updated_at"])
    older = copy.deepcopy(doc)
    event = next(e for e in older["events"] if e["id"] == ids["pycon"])
    event["name"] = "an old name"
    event["updated_at"] = "2001-01-01T00:00:00.000000Z"
    older["events"] = [event]
    older["people"] = []

    code, out, _ = run_import(src, older, tmp_path, capsys)
    assert code == 0 and "updated 0 events" in out
    code, out, _ = run_import(src, newer, tmp_path, capsys)
    assert code == 0 and "updated 0 events, 1 person," in out
    after = document(src)
    assert next(p for p in after["people"] if p["id"] == ids["ana"])["great_at"] == "the query planner"
    assert next(e for e in after["events"] if e["id"] == ids["pycon"])["name"] == "PyCon Lille"


def test_swapping_two_slots_in_one_import(exported, tmp_path, capsys):
    doc, src, ids = exported
    ev = next(e for e in doc["events"] if e["id"] == ids["pycon"])
    for m in ev["meetings"]:
        m["slot"] = 3 - m["slot"]
        m["updated_at"] = later(m["updated_at"])
    code, _out, err = run_import(src, doc, tmp_path, capsys)
    assert (code, err) == (0, "")
    after = next(e for e in document(src)["events"] if e["id"] == ids["pycon"])
    assert [(m["slot"], m["person_id"]) for m in after["meetings"]] == [(1, ids["ben"]), (2, ids["ana"])]


def test_a_slot_taken_in_the_journal_by_someone_else_is_refused(exported, tmp_path, capsys):
    doc, src, ids = exported
    ev = next(e for e in doc["events"] if e["id"] == ids["dinner"])
    ev["meetings"].append(
        {**ev["meetings"][0], "id": "6f1c2f3e-1d7a-4c5b-9e8f-0a1b2c3d4e5f", "person_id": ids["ben"], "slot": 1}
    )
    before = sha256(src)
    code, _, err = run_import(src, doc, tmp_path, capsys)
    assert code == 2
    assert "events[1].meetings" in err and "slot: " in err
    assert sha256(src) == before


def test_a_different_goal_for_the_same_event_merges_into_the_journals(exported, tmp_path, capsys):
    doc, src, ids = exported
    ev = next(e for e in doc["events"] if e["id"] == ids["pycon"])
    ev["goal"]["id"] = "0e8d9c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b"
    ev["goal"]["text"] = "Meet one person who maintains a database"
    ev["goal"]["updated_at"] = later(ev["goal"]["updated_at"])
    code, out, err = run_import(src, doc, tmp_path, capsys)
    assert (code, err) == (0, "")
    assert "1 goal" in out.split(";")[1]
    assert (
        next(e for e in document(src)["events"] if e["id"] == ids["pycon"])["goal"]["text"]
        == "Meet one person who maintains a database"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["events"][0]["meetings"][0].__setitem__("slot", 3), "events[0].meetings[0].slot: 3 is not 1 or 2"),
        (
            lambda d: d["events"][0]["meetings"][0].__setitem__("slot", True),
            "events[0].meetings[0].slot: true is not 1 or 2",
        ),
        (lambda d: d["events"][0].__setitem__("kind", "party"), 'events[0].kind: "party" is not one of conference'),
        (lambda d: d["events"][0].__setitem__("date", "2019-02-30"), 'events[0].date: "2019-02-30" is not a date on'),
        (lambda d: d["events"][0].__setitem__("date", "8 Apr 2019"), 'events[0].date: "8 Apr 2019" is not a date'),
        (lambda d: d["people"][0].__setitem__("name", 5), "people[0].name: should be text, not a number"),
        (lambda d: d["people"][0].__setitem__("name", " \x1b\x07 "), "people[0].name: is empty"),
        (lambda d: d["people"][0].pop("updated_at"), "people[0].updated_at: is missing"),
        (lambda d: d["people"][0].__setitem__("updated_at", "2019-04-08T19:00:00"), "has no time zone"),
        (lambda d: d["people"][0].__setitem__("id", "ana"), 'people[0].id: "ana" is not an id'),
        (lambda d: d["people"][1].__setitem__("id", d["people"][0]["id"]), "people[1].id: the same id as people[0]"),
        (lambda d: d["people"][0].__setitem__("nmae", "x"), "people[0].nmae: not a field netjournal knows"),
        (
            lambda d: d["events"][0]["reflection"].__setitem__("showed_up", "yes"),
            'events[0].reflection.showed_up: "yes" is not true or false',
        ),
        (
            lambda d: d["events"][0]["reflection"].__setitem__("energy_after", 6),
            "events[0].reflection.energy_after: 6 is not a number from 1 to 5",
        ),
        (lambda d: d["events"][0].__setitem__("meetings", {}), "events[0].meetings: should be a list"),
        (lambda d: d.__setitem__("people", None), "people: should be a list"),
        (
            lambda d: d["events"][0]["meetings"][0].__setitem__("person_id", "00000000-0000-4000-8000-000000000000"),
            "events[0].meetings[0].person_id: no person with id 00000000-0000-4000-8000-000000000000",
        ),
        (
            lambda d: d["events"][0]["meetings"].append(dict(d["events"][0]["meetings"][0])),
            "events[0].meetings: has 3 people",
        ),
    ],
)
def test_a_bad_record_is_named_and_nothing_is_written(exported, journal_path, tmp_path, capsys, change, message):
    doc, _, _ = exported
    fill(journal_path)
    before = document(journal_path)
    digest = sha256(journal_path)
    change(doc)
    code, out, err = run_import(journal_path, doc, tmp_path, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("netjournal: ")
    assert message in err
    assert err.rstrip().endswith("Nothing was imported.")
    assert sha256(journal_path) == digest
    assert document(journal_path) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "jrnl", "version": 1}', 'is not a netjournal export (its format is "jrnl")'),
        ('{"format": "netjournal", "version": 3, "people": [], "events": []}', "written by a newer netjournal"),
        ('{"format": "netjournal", "version": "1"}', "no export version netjournal knows"),
        ("[1, 2]", "is not a netjournal export"),
        ('{"format": "netjournal", "version": 1, "people": [', "is not complete JSON (line 1, column"),
        # A number no field could hold is named where it is, not taken for a file cut short.
        ('{"format": "netjournal", "version": 1, "people": [NaN], "events": []}', "people[0]: NaN is out of range"),
    ],
)
def test_the_file_as_a_whole_is_refused_in_one_line(journal_path, tmp_path, capsys, text, message):
    path = tmp_path / "in.json"
    path.write_text(text)
    code, out, err = run_import(journal_path, path, tmp_path, capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err
    assert not journal_path.exists()  # refused before the journal was even opened


def test_not_utf8_and_missing_files(journal_path, tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_bytes(b'{"format": "\xff"}')
    code, _, err = run_import(journal_path, path, tmp_path, capsys)
    assert code == 2 and "is not UTF-8 text" in err
    code, _, err = run_import(journal_path, tmp_path / "nowhere.json", tmp_path, capsys)
    assert code == 2 and "Can't read" in err and err.count("\n") == 1


def test_a_lone_surrogate_is_refused():
    doc = parse_document(
        '{"format": "netjournal", "version": 1, "events": [], "people": [{"id": '
        '"00000000-0000-4000-8000-000000000000", "name": "\\ud800", '
        '"created_at": "2019-04-08T19:00:00Z", "updated_at": "2019-04-08T19:00:00Z"}]}'
    )
    with pytest.raises(ImportRefused, match=r"people\[0\]\.name: holds a broken character"):
        check_document(doc)


def test_all_problems_are_counted_in_the_one_line(exported):
    doc, _, _ = exported
    doc["people"][0]["name"] = 1
    doc["people"][1]["name"] = 2
    with pytest.raises(ImportRefused, match=r"people\[0\]\.name: should be text, not a number \(and 1 more problem\)"):
        check_document(doc)


def test_an_export_with_only_what_is_required(journal_path):
    doc = json.loads("""{"format": "netjournal", "version": 1, "people": [
        {"id": "00000000-0000-4000-8000-000000000001", "name": "Ana",
         "created_at": "2019-04-08T19:00:00Z", "updated_at": "2019-04-08T19:00:00Z"}],
      "events": [{"id": "00000000-0000-4000-8000-000000000002", "name": "Meetup", "date": "2019-04-08",
         "created_at": "2019-04-08T19:00:00Z", "updated_at": "2019-04-08T19:00:00Z",
         "meetings": [{"id": "00000000-0000-4000-8000-000000000003", "person_id": "00000000-0000-4000-8000-000000000001",
                       "slot": 2, "created_at": "2019-04-08T19:00:00Z", "updated_at": "2019-04-08T19:00:00Z"}]}]}""")
    store = open_store(journal_path)
    try:
        report = import_document(store=store, doc=doc)
    finally:
        store.close()
    assert (report.added["events"], report.added["people"], report.added["meetings"]) == (1, 1, 1)
    ev = document(journal_path)["events"][0]
    assert (ev["kind"], ev["goal"], ev["meetings"][0]["status"], ev["meetings"][0]["follow_up"]) == (
        "other",
        None,
        "met",
        "undecided",
    )


@pytest.mark.parametrize("begun_by_the_engine", [False, True])
def test_merge_holds_the_write_lock_before_it_reads(journal_path, begun_by_the_engine):
    """With the driver's own transactions, or an engine that begins them itself (as migrations do)."""
    open_store(journal_path).close()
    engine = make_engine(journal_path)
    if begun_by_the_engine:
        event.listen(engine, "connect", lambda dbapi, _record: setattr(dbapi, "isolation_level", None))
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    other = sqlite3.connect(journal_path, timeout=0)
    try:
        with Session(engine) as session:
            take_write_lock(session.connection())
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            session.rollback()
        other.execute("BEGIN IMMEDIATE")  # and lets go of it with the transaction
        other.rollback()
    finally:
        other.close()
        engine.dispose()
