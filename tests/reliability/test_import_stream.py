"""Import reads a file a piece at a time, in two passes, and ends exactly as reading it whole did:
the same refusal (word for word), or the same journal. Batches, a file that changes between the
passes, and the memory an import and an export take of a large journal are tested here too.
"""

from __future__ import annotations

import copy
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.cli import main
from netjournal.store.engine import open_store
from netjournal.store.models import RECOMPUTE_ALL_SUMMARIES
from netjournal.transfer.importer import ImportFile, ImportRefused, import_document, read_document
from netjournal.transfer.merge import BATCH
from tests.reliability.faults import ROOT
from tests.reliability.helpers import document, fill, sha256
from tests.reliability.test_hostile_text import JSON_VALUES, T, _paths, export_with


def outcome(journal: Path, run) -> tuple[str, object]:
    """What `run(store)` did to the journal: ("refused", the message) or ("imported", report line, document)."""
    store = open_store(journal)
    try:
        report = run(store)
    except ImportRefused as err:
        return ("refused", str(err))
    finally:
        store.close()
    return ("imported", (report.summary(), document(journal)))


def streamed(path: Path):
    def run(store):
        with ImportFile(path) as file:
            file.check()
            with store.session() as session:
                return file.merge(session=session)

    return run


def read_whole(path: Path):
    def run(store):  # as import did before it streamed
        return import_document(store=store, doc=read_document(path), source=str(path))

    return run


def both_ways(folder: Path, text: str, before: dict | None = None) -> tuple[tuple, tuple]:
    """Import the file holding `text` into two journals alike (holding `before`, if given), streamed and whole."""
    path = folder / "in.json"
    path.write_text(text, encoding="utf-8")
    got = []
    for name, how in (("streamed", streamed), ("whole", read_whole)):
        journal = folder / name / "journal.db"
        if before is not None:
            store = open_store(journal)
            try:
                import_document(store=store, doc=copy.deepcopy(before))
            finally:
                store.close()
        got.append(outcome(journal, how(path)))
    return got[0], got[1]


def serialised(doc: object, how: int) -> str:
    """`doc` as a file might hold it: as an export writes it, on one line, or with events before people."""
    if how == 2 and isinstance(doc, dict):
        doc = dict(sorted(doc.items(), key=lambda kv: kv[0] != "events"))
    return json.dumps(doc, ensure_ascii=False, indent=2 if how == 0 else None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_mangled_file_streamed_ends_as_it_ends_read_whole(data):
    doc = copy.deepcopy(export_with({}))
    doc["people"].append({**doc["people"][0], "id": "00000000-0000-4000-8000-00000000000a", "name": "Ben"})
    for _ in range(data.draw(st.integers(0, 3))):
        path = data.draw(st.sampled_from([p for p in _paths(doc) if p]))
        target = doc
        for step in path[:-1]:
            target = target[step]
        if data.draw(st.booleans()) and isinstance(target, dict):
            del target[path[-1]]
        else:
            target[path[-1]] = data.draw(JSON_VALUES)
    text = serialised(doc, data.draw(st.integers(0, 2)))
    if data.draw(st.booleans()):  # cut short, or a character too many
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(["", ",", "}", "]", '"', "x"]))
    before = export_with({"person": {}}) if data.draw(st.booleans()) else None
    with tempfile.TemporaryDirectory() as folder:
        streamed_outcome, whole_outcome = both_ways(Path(folder), text, before)
    assert streamed_outcome == whole_outcome


def many(n_events: int, n_people: int) -> dict:
    """An export of `n_events` events and `n_people` people, the events each with a goal and two meetings."""
    rng = random.Random(7)
    people = [
        {"id": f"00000000-0000-4000-8000-{i:012x}", "name": f"Person {i}", "created_at": T, "updated_at": T}
        for i in range(n_people)
    ]
    events = []
    for i in range(n_events):
        met = rng.sample(people, 2)
        events.append(
            {
                "id": f"10000000-0000-4000-8000-{i:012x}",
                "name": f"Meetup {i}",
                "date": f"20{10 + i % 10}-0{1 + i % 9}-1{i % 10}",
                "created_at": T,
                "updated_at": T,
                "goal": {"id": f"20000000-0000-4000-8000-{i:012x}", "text": "Say hi", "created_at": T, "updated_at": T},
                "meetings": [
                    {
                        "id": f"3000000{slot}-0000-4000-8000-{i:012x}",
                        "person_id": person["id"],
                        "slot": slot,
                        "follow_up": "done" if i % 3 == 0 else "planned",
                        "not_work": "bikes" if i % 5 == 0 else "",
                        "created_at": T,
                        "updated_at": T,
                    }
                    for slot, person in zip((1, 2), met, strict=True)
                ],
            }
        )
    return {"format": "netjournal", "version": 1, "exported_at": T, "people": people, "events": events}


def schema_and_summaries(journal: Path) -> tuple[list, list, list]:
    conn = sqlite3.connect(journal)
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        query = (
            "SELECT id, events_met, last_met, followed_up, follow_ups_done, not_work_moments FROM person ORDER BY id"
        )
        kept = conn.execute(query).fetchall()
        conn.execute(RECOMPUTE_ALL_SUMMARIES)
        return schema, kept, conn.execute(query).fetchall()
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.parametrize("into", ["a new journal", "a journal with entries"])
def test_many_batches_end_as_one_document_read_whole(tmp_path, into):
    doc = many(BATCH * 2 + 7, BATCH * 3 + 1)
    before = export_with({"person": {}}) if into == "a journal with entries" else None
    streamed_outcome, whole_outcome = both_ways(tmp_path, json.dumps(doc), before)
    assert streamed_outcome == whole_outcome and streamed_outcome[0] == "imported"
    journal = tmp_path / "streamed" / "journal.db"
    schema, kept, recomputed = schema_and_summaries(journal)
    assert kept == recomputed  # every summary as the triggers would have kept it
    open_store(tmp_path / "new.db").close()
    assert schema == schema_and_summaries(tmp_path / "new.db")[0]  # every index and trigger, as netjournal makes them
    # and again, changed: newer records move meetings and dates, and the summaries follow
    for event in doc["events"][::50]:
        event["date"] = "2021-01-01"
        event["updated_at"] = "2020-01-01T00:00:00.000000Z"
        for meeting in event["meetings"]:
            meeting["follow_up"] = "done"
            meeting["updated_at"] = "2020-01-01T00:00:00.000000Z"
    path = tmp_path / "again.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert outcome(journal, streamed(path))[0] == "imported"
    schema_after, kept, recomputed = schema_and_summaries(journal)
    assert kept == recomputed and schema_after == schema


def test_a_problem_in_a_late_batch_leaves_the_journal_as_it_was(tmp_path, capsys):
    """Batches before it were written inside the transaction: all of it goes, triggers and indexes come back."""
    journal = tmp_path / "journal.db"
    fill(journal)
    doc = many(BATCH * 2 + 7, 40)
    doc["events"][-1]["meetings"][0]["person_id"] = "00000000-0000-4000-8000-0000000fffff"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    digest, kept = sha256(journal), document(journal)
    schema = schema_and_summaries(journal)
    assert main(["--db", str(journal), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"events[{BATCH * 2 + 6}].meetings[0].person_id: no person with id" in err
    assert sha256(journal) == digest and document(journal) == kept and schema_and_summaries(journal) == schema


def test_a_file_changed_between_the_passes_is_refused_and_nothing_is_written(tmp_path):
    journal = tmp_path / "journal.db"
    fill(journal)
    doc = many(30, 20)
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    digest = sha256(journal)
    store = open_store(journal)
    try:
        with ImportFile(path) as file:
            file.check()
            # Someone writes another name over one, the size unchanged, once the file was checked.
            path.write_text(json.dumps(doc).replace("Person 1", "Person X"), encoding="utf-8")
            refused = pytest.raises(ImportRefused, match="changed while it was being imported; nothing was imported")
            with refused, store.session() as session:
                file.merge(session=session)
    finally:
        store.close()
    assert sha256(journal) == digest


# Memory: a journal many times larger takes about the same memory to export and import.

# The command's own peak (VmHWM): ru_maxrss would count the test's memory too, copied by the fork.
PEAK = r"""
import re, sys
from netjournal.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    print(int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1)) // 1024, file=sys.stderr)
sys.exit(code)
"""


def peak_mib(*argv: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *argv],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stderr.strip().splitlines()[-1])


def test_export_and_import_take_about_the_same_memory_for_a_journal_a_hundred_times_larger(tmp_path):
    """100,000 records against a thousand: read or written whole, they took about 250 MB more."""
    peaks = {}
    for name, (events, people) in (("small", (200, 200)), ("large", (20_000, 20_000))):
        doc = many(events, people)
        source, journal, out = tmp_path / f"{name}.json", tmp_path / f"{name}.db", tmp_path / f"{name}-out.json"
        source.write_text(json.dumps(doc), encoding="utf-8")
        peaks[name] = (
            peak_mib("--db", str(journal), "import", str(source)),
            peak_mib("--db", str(journal), "export", "-o", str(out)),
        )
        assert len(json.loads(out.read_text(encoding="utf-8"))["events"]) == events
    imported, exported = (peaks["large"][k] - peaks["small"][k] for k in (0, 1))
    assert imported < 60 and exported < 60, peaks
