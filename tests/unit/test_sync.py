"""The sync folder: journals on several devices converge through their files in one folder, deletions too;
a torn device file is left out; a folder holding a journal is refused; what changed is said kindly."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from netjournal.cli import main
from netjournal.store import history, queries, trash
from netjournal.store.engine import open_store
from netjournal.transfer.export import journal_document
from netjournal.transfer.sync import FromDevice, name_device, sync_folder

NOW = datetime(2026, 1, 1, tzinfo=UTC)
# At the same moment the greater device id wins: laptop-a's, though laptop-b is the one that syncs last.
IDS = {"laptop-a": "f0000000-0000-4000-8000-000000000000", "laptop-b": "10000000-0000-4000-8000-000000000000"}


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "shared"
    path.mkdir()
    return path


@pytest.fixture
def devices(tmp_path):
    made = {}

    def make(name):
        store = open_store(tmp_path / name / "journal.db")
        name_device(store=store, name=name)
        sql(store, "UPDATE this_device SET device_id = ?", IDS.get(name, str(uuid.uuid4())))
        made[name] = store
        return store

    yield make
    for store in made.values():
        store.close()


def export(store):
    with store.session() as session:
        return journal_document(session=session, now=NOW)


def sql(store, statement, *args):
    con = sqlite3.connect(store.path)
    try:
        with con:
            return con.execute(statement, args).fetchall()
    finally:
        con.close()


def later(minutes):
    """A moment after now (a sync takes times up to a day ahead), as the journal stores it."""
    return (datetime.now(UTC) + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S.%f")


def edit(store, table, record_id, at, **fields):
    sets = "".join(f"{name} = ?, " for name in fields)
    sql(store, f"UPDATE {table} SET {sets}updated_at = ? WHERE id = ?", *fields.values(), at, record_id)


def device_id(store):
    return sql(store, "SELECT device_id FROM this_device")[0][0]


def sync(*stores, folder):
    return [sync_folder(store=s, folder=folder) for s in stores]


@pytest.fixture
def pair(devices, folder):
    """Two laptops that have synced once: an event with a goal, a meet list and tags, written on the first."""
    a, b = devices("laptop-a"), devices("laptop-b")
    with a.session() as s:
        ev = queries.create_event(session=s, name="RustConf", date=date(2024, 5, 1), goal_text="ask", tags=("rust",))
        queries.save_meet_slot(session=s, event_id=ev.id, slot=1, name="Ana", talked_about="WAL")
    sync(a, b, folder=folder)
    return a, b, ev.id


def test_two_journals_converge_after_edits_on_both_sides_and_a_second_sync_changes_nothing(pair, folder):
    a, b, event_id = pair
    with b.session() as s:
        queries.save_meet_slot(session=s, event_id=event_id, slot=2, name="Ben")
        queries.create_event(session=s, name="Meetup", date=date(2024, 6, 1))
    with a.session() as s:
        queries.update_event(session=s, event_id=event_id, notes="a long day", tags=("rust", "wasm"))
    first = sync(b, a, b, folder=folder)
    assert first[1].said() == "From laptop-b: 2 events, 1 person."
    assert export(a) == export(b)
    assert [(e["name"], len(e["meetings"]), e["tags"]) for e in export(b)["events"]] == [
        ("RustConf", 2, ["rust", "wasm"]),
        ("Meetup", 0, []),
    ]
    # The people's summaries count what came: Ben was met at RustConf, on both laptops.
    for store in (a, b):
        assert sql(store, "SELECT name, events_met FROM person ORDER BY name") == [("Ana", 1), ("Ben", 1)]
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["laptop-a.netjournal.json", "laptop-b.netjournal.json"]
    again = sync(a, b, folder=folder)
    assert [r.changed for r in again] == [False, False]
    assert [r.said() for r in again] == ["Nothing new from laptop-b.", "Nothing new from laptop-a."]
    before = {name: (folder / name).read_bytes() for name in files}
    sync(a, b, folder=folder)
    assert {name: (folder / name).read_bytes() for name in files} == before  # not even written again
    assert (folder / files[0]).stat().st_mode & 0o777 == 0o600


def test_conflicting_edits_the_newest_wins_a_tie_goes_to_the_greater_device_id_and_the_loser_is_in_history(
    pair, folder
):
    a, b, event_id = pair
    edit(a, "event", event_id, later(1), notes="from a")
    edit(b, "event", event_id, later(2), notes="from b")
    sync(a, b, a, folder=folder)
    assert export(a) == export(b)
    assert export(a)["events"][0]["notes"] == "from b"
    with a.session() as s:  # what laptop a had written stays recoverable there
        kept = [(e.field, e.value) for e in history.event_history(session=s, event_id=event_id)]
    assert ("notes", "from a") in kept

    tie = later(3)
    edit(a, "event", event_id, tie, notes="tie a")
    edit(b, "event", event_id, tie, notes="tie b")
    sync(a, b, a, b, folder=folder)
    assert device_id(a) > device_id(b)
    assert export(a) == export(b)
    assert export(a)["events"][0]["notes"] == "tie a"
    assert [r.changed for r in sync(a, b, folder=folder)] == [False, False]

    # Both filled the empty slot with someone else: the later keeps it, the other leaves the meet list, on both.
    for store, name in ((a, "Eve"), (b, "Finn")):
        with store.session() as s:
            queries.save_meet_slot(session=s, event_id=event_id, slot=2, name=name)
    sync(a, b, a, folder=folder)
    assert export(a) == export(b)
    with b.session() as s:
        assert [(m.slot, p.name) for m, p in queries.meetings_for_event(session=s, event_id=event_id)] == [
            (1, "Ana"),
            (2, "Finn"),
        ]
    assert [r.changed for r in sync(a, b, folder=folder)] == [False, False]


def test_a_delete_on_one_and_an_edit_on_the_other_the_later_wins_in_the_trash_and_for_good(pair, folder):
    a, b, event_id = pair
    person_id = sql(a, "SELECT id FROM person")[0][0]
    # Delete after edit: the delete wins, on both.
    edit(b, "event", event_id, later(1), notes="edited")
    with a.session() as s:
        trash.delete_event(session=s, event_id=event_id)
    edit(a, "event", event_id, later(2), deleted_at=later(2))
    assert sync(a, b, folder=folder)[1].said() == "From laptop-a: 1 deleted."
    assert export(a) == export(b)
    assert export(b)["events"] == []
    # Edit after delete: restoring on b (a newer change) brings it back on a.
    with b.session() as s:
        trash.restore_event(session=s, event_id=event_id)
    edit(b, "event", event_id, later(3))
    sync(b, a, folder=folder)
    assert [e["name"] for e in export(a)["events"]] == ["RustConf"]

    # Deleted for good on a; b's copy, not edited since, goes too, and nothing of it stays on b.
    with a.session() as s:
        trash.delete_person(session=s, person_id=person_id)
        trash.delete_event(session=s, event_id=event_id)
    edit(a, "event", event_id, later(4), deleted_at=later(4))
    edit(a, "person", person_id, later(4), deleted_at=later(4))
    trash.purge(engine=a.engine)
    assert sql(a, "SELECT record_table FROM tombstone ORDER BY 1") == [("event",), ("person",)]
    assert sync(a, b, a, folder=folder)[1].said() == "From laptop-a: 2 deleted."
    assert export(a) == export(b) == {**export(b), "events": [], "people": []}
    assert sql(b, "SELECT count(*) FROM history WHERE record_id = ?", event_id) == [(0,)]
    assert b"WAL" not in b.path.read_bytes()

    # A record edited after its tombstone comes back on the device that deleted it for good.
    with b.session() as s:
        ev = queries.create_event(session=s, name="Kept", date=date(2024, 7, 1))
    sync(b, a, folder=folder)
    with a.session() as s:
        trash.delete_event(session=s, event_id=ev.id)
    trash.purge(engine=a.engine)
    edit(b, "event", ev.id, later(60), notes="still going")
    sync(a, b, a, folder=folder)
    assert export(a) == export(b)
    assert [e["notes"] for e in export(a)["events"]] == ["still going"]


def test_three_devices_converge(devices, folder):
    a, b, c = devices("one"), devices("two"), devices("three")
    for store, name in ((a, "Ana"), (b, "Ben"), (c, "Cleo")):
        with store.session() as s:
            queries.create_person(session=s, name=name)
    sync(a, b, c, a, b, folder=folder)
    assert export(a) == export(b) == export(c)
    assert sorted(p["name"] for p in export(c)["people"]) == ["Ana", "Ben", "Cleo"]
    person_id = export(a)["people"][0]["id"]
    edit(c, "person", person_id, later(1), notes="seen by three")
    sync(c, a, b, folder=folder)
    assert export(a) == export(b) == export(c)
    assert [r.changed for r in sync(a, b, c, folder=folder)] == [False, False, False]


def test_a_torn_or_strange_device_file_is_left_out_and_named_and_the_others_still_merge(pair, folder, capsys):
    a, b, _ = pair
    whole = (folder / "laptop-a.netjournal.json").read_text()
    with a.session() as s:
        queries.create_person(session=s, name="Dora")
    sync(a, folder=folder)
    torn = json.loads(whole)
    torn["device"] = {"id": "0" * 8 + "-0000-4000-8000-" + "0" * 12, "name": "torn"}
    (folder / "torn.netjournal.json").write_text(json.dumps(torn)[: len(whole) // 2])
    (folder / "copy.netjournal.json").write_text((folder / "laptop-b.netjournal.json").read_text())
    wrong = {**json.loads(whole), "format": "netjournal"}
    (folder / "wrong.netjournal.json").write_text(json.dumps(wrong))
    people = sql(b, "SELECT count(*) FROM person")
    assert main(["--db", str(b.path), "sync", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == ["From laptop-a: 1 person."]
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("copy.netjournal.json says it is this device's own file")
    assert lines[1].startswith("torn.netjournal.json is not complete JSON")
    assert lines[2].startswith("wrong.netjournal.json is not a netjournal device file")
    assert all(line.endswith("nothing was merged from it.") for line in lines)
    assert sql(b, "SELECT count(*) FROM person") == [(people[0][0] + 1,)]  # Dora, from laptop-a only


@pytest.mark.parametrize("case", ["missing", "a file", "the journal's folder", "a database", "read-only"])
def test_a_folder_that_is_missing_a_file_unwritable_or_holds_a_journal_is_refused(devices, tmp_path, case, capsys):
    a = devices("laptop-a")
    target = tmp_path / "shared"
    if case == "a file":
        target.write_text("notes")
    elif case == "the journal's folder":
        target = a.path.parent
    elif case == "a database":
        target.mkdir()
        (target / "old.db").write_bytes(b"")
    elif case == "read-only":
        target.mkdir(mode=0o555)
    before = sorted(target.iterdir()) if target.is_dir() else None
    with a.session() as s:
        queries.create_person(session=s, name="Ana")
    assert main(["--db", str(a.path), "sync", str(target)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "nothing was synced" in err.lower()
    assert (sorted(target.iterdir()) if target.is_dir() else None) == before


def test_what_changed_is_said_kindly_with_one_and_many():
    assert FromDevice("laptop-b").said() == "Nothing new from laptop-b."
    assert FromDevice("laptop-b", events={"e"}).said() == "From laptop-b: 1 event."
    news = FromDevice("laptop-b", events={"e1", "e2", "e3", "x"}, people={"p1", "p2"}, deleted={"x"})
    assert news.said() == "From laptop-b: 3 events, 2 people; 1 deleted."
    assert FromDevice("b", people={"p"}, deleted={"d1", "d2"}).said() == "From b: 1 person; 2 deleted."


def test_a_device_name_with_terminal_codes_is_echoed_with_them_written_out(pair, folder, capsys):
    """Another device's file is text anyone could have written: its name reaches the terminal visibly."""
    a, b, _ = pair
    with a.session() as s:
        queries.create_person(session=s, name="Dora")
    sync(a, folder=folder)
    path = folder / "laptop-a.netjournal.json"
    doc = json.loads(path.read_text())
    doc["device"]["name"] = "evil\x1b[2J"
    path.write_text(json.dumps(doc))
    assert main(["--db", str(b.path), "sync", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == ["From evil\\x1b[2J: 1 person."]
    assert "\x1b" not in out
