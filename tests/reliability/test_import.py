"""6. Import is all or nothing, idempotent, and export -> import -> export gives the same document."""

from __future__ import annotations

import json
from datetime import date

import pytest

from netjournal.cli import main
from netjournal.store import queries
from netjournal.store.engine import open_store
from tests.reliability.helpers import HOSTILE, document, fill, sha256


@pytest.fixture
def journals(tmp_path):
    """A filled journal with its export written to a file, and a second journal holding other entries."""
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    fill(source)
    export = tmp_path / "export.json"
    assert main(["--db", str(source), "export", "-o", str(export)]) == 0
    store = open_store(target)
    try:
        with store.session() as s:
            ev = queries.create_event(session=s, name="Local meetup", date=date(2020, 1, 9), goal_text="Say hi")
            p = queries.create_person(session=s, name="Dee")
            queries.add_meeting(session=s, event_id=ev.id, person_id=p.id, slot=1)
    finally:
        store.close()
    return source, target, export


def _import(db, path, capsys):
    code = main(["--db", str(db), "import", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def _mangle(export, tmp_path, change):
    doc = json.loads(export.read_text(encoding="utf-8"))
    change(doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    return bad


def _third_slot(doc):
    ev = doc["events"][0]
    ev["meetings"].append({**ev["meetings"][0], "id": "7a7a7a7a-0000-4000-8000-000000000000", "slot": 3})


@pytest.mark.parametrize(
    ("name", "change", "names"),
    [
        (
            "wrong types",
            lambda d: d["events"][0]["meetings"][0].__setitem__("slot", "1"),
            'events[0].meetings[0].slot: "1" is not 1 or 2',
        ),
        ("wrong types in a list", lambda d: d["people"].append("Ana"), "people[3]: should be an object, not text"),
        ("missing person", lambda d: d.__setitem__("people", d["people"][:1]), "person_id: no person with id"),
        ("a third slot", _third_slot, "events[0].meetings[2].slot: 3 is not 1 or 2"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(journals, tmp_path, capsys, name, change, names):
    _, target, export = journals
    bad = _mangle(export, tmp_path, change)
    digest, before = sha256(target), document(target)
    code, out, err = _import(target, bad, capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and names in err and "Nothing was imported." in err
    assert sha256(target) == digest
    assert document(target) == before


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.99])
def test_a_truncated_file_is_refused(journals, tmp_path, capsys, keep):
    _, target, export = journals
    data = export.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: int(len(data) * keep)])
    digest = sha256(target)
    code, _, err = _import(target, cut, capsys)
    assert code == 2 and "is not complete JSON" in err and err.count("\n") == 1
    assert sha256(target) == digest


def test_the_same_file_twice_changes_nothing_the_second_time(journals, capsys):
    _source, target, export = journals
    code, out, _ = _import(target, export, capsys)
    assert code == 0 and out.startswith("Added 2 events, 3 people, 3 meetings, 1 goal, 1 reflection;")
    merged, digest = document(target), sha256(target)
    code, out, _ = _import(target, export, capsys)
    assert code == 0
    assert out.startswith(
        "Added 0 events, 0 people, 0 meetings, 0 goals, 0 reflections; "
        "updated 0 events, 0 people, 0 meetings, 0 goals, 0 reflections."
    )
    assert sha256(target) == digest and document(target) == merged
    # The journal's own entries are still there beside the imported ones.
    assert {e["name"] for e in merged["events"]} == {"PyCon Lille", "Founders dinner", "Local meetup"}


def test_export_import_export_is_the_same_document(journals, tmp_path, capsys):
    source, _, _export = journals
    store = open_store(source)
    try:
        with store.session() as s:  # hostile text too, cleaned on the way in
            ev = queries.create_event(session=s, name="".join(HOSTILE), date=date(2021, 3, 4), notes="\n".join(HOSTILE))
            queries.save_reflection(session=s, event_id=ev.id, hard="x" * 100_000, energy_after=1)
    finally:
        store.close()
    first = tmp_path / "first.json"
    assert main(["--db", str(source), "export", "-o", str(first)]) == 0
    capsys.readouterr()
    empty = tmp_path / "empty" / "journal.db"
    code, _, err = _import(empty, first, capsys)
    assert (code, err) == (0, "")
    second = tmp_path / "second.json"
    assert main(["--db", str(empty), "export", "-o", str(second)]) == 0
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    assert a.pop("exported_at") != "" and b.pop("exported_at") != ""
    assert a == b
    assert first.read_text(encoding="utf-8").splitlines()[4:] == second.read_text(encoding="utf-8").splitlines()[4:]
