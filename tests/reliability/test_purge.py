"""Deleting for good leaves no trace: a person's name and notes are gone from the journal file and its
write-ahead log, even where an older write left copies in free pages. `purge` asks first, or needs --yes."""

from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from netjournal.store import queries, trash
from netjournal.store.engine import open_store
from tests.reliability.faults import ROOT, cli

NAME = "Zyxwvut Qmarker"
MARKERS = (b"Zyxwvut", b"Qmarker")


def file_bytes(path: Path) -> bytes:
    parts = [path, Path(f"{path}-wal")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def journal_with_a_deleted_person(path: Path) -> str:
    """A journal where NAME, with notes, a meeting and History, has been deleted (is in the Trash)."""
    store = open_store(path)
    try:
        with store.session() as s:
            ev = queries.create_event(session=s, name="PyCon", date=date(2019, 4, 8), goal_text="ask two people")
            person = queries.create_person(session=s, name=NAME, notes="Qmarker's notes, first draft")
            queries.save_meet_slot(session=s, event_id=ev.id, slot=1, name=NAME, talked_about="Qmarker talk")
            queries.save_meet_slot(session=s, event_id=ev.id, slot=1, talked_about="tests", visit="v")
            queries.update_person(session=s, person_id=person.id, notes="Qmarker notes, second", visit="v")
            queries.update_person(session=s, person_id=person.id, name="Zyxwvut Q.", visit="w")
            for n in range(30):  # others, so the file has more pages than the ones being freed
                queries.create_person(session=s, name=f"Someone {n}", notes="x" * 200)
    finally:
        store.close()
    # Written as an SQLite built without secure_delete would: a long text then a short one leaves the long
    # one's overflow pages free but not wiped.
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA secure_delete=OFF")
        con.execute("UPDATE person SET notes = ? WHERE id = ?", ("Qmarker " * 3000, person.id))
        con.commit()
        con.execute("UPDATE person SET notes = 'short' WHERE id = ?", (person.id,))
        con.commit()
    finally:
        con.close()
    store = open_store(path)
    try:
        with store.session() as s:
            trash.delete_person(session=s, person_id=person.id)
    finally:
        store.close()
    return person.id


def test_deleting_for_good_leaves_no_trace_of_the_name_or_the_notes(journal_path):
    person_id = journal_with_a_deleted_person(journal_path)
    assert all(marker in file_bytes(journal_path) for marker in MARKERS)

    done = cli("--db", str(journal_path), "purge", "--yes")

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Deleted 0 events and 1 person for good.\n"
    data = file_bytes(journal_path)
    assert not any(marker in data for marker in MARKERS)
    con = sqlite3.connect(journal_path)
    try:
        assert con.execute("SELECT count(*) FROM person WHERE id = ?", (person_id,)).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM person").fetchone() == (30,)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        con.close()
    assert cli("--db", str(journal_path), "check").returncode == 0


def test_deleting_for_good_takes_the_words_out_of_the_search_index_too(journal_path):
    """The index holds words folded to lower case, in pieces merged only now and then: none of them is left."""
    journal_with_a_deleted_person(journal_path)
    folded = (b"zyxwvut", b"qmarker")
    assert b"zyxwvut" in file_bytes(journal_path)  # as the index holds it (qmarker shares a start with "q" there)

    assert cli("--db", str(journal_path), "purge", "--yes").returncode == 0

    data = file_bytes(journal_path)
    assert not any(marker in data.lower() for marker in folded)
    assert cli("--db", str(journal_path), "search", "qmarker").stdout == 'Nothing in the journal matches "qmarker".\n'
    assert "Someone 3" in cli("--db", str(journal_path), "search", "someone").stdout
    assert cli("--db", str(journal_path), "check").returncode == 0


def purge_with_stdin(path: Path, stdin: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "netjournal", "--db", str(path), "purge"],
        stdin=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def in_trash(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM person WHERE deleted_at IS NOT NULL").fetchone()[0]
    finally:
        con.close()


def test_purge_without_a_terminal_needs_yes_and_deletes_nothing(journal_path):
    journal_with_a_deleted_person(journal_path)

    done = purge_with_stdin(journal_path, subprocess.DEVNULL)

    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--yes" in done.stderr
    assert in_trash(journal_path) == 1
    assert all(marker in file_bytes(journal_path) for marker in MARKERS)


def test_purge_on_a_terminal_asks_first(journal_path):
    journal_with_a_deleted_person(journal_path)
    for answer, left in ((b"n\n", 1), (b"y\n", 0)):
        leader, follower = pty.openpty()
        try:
            os.write(leader, answer)
            done = purge_with_stdin(journal_path, follower)
        finally:
            os.close(follower)
            os.close(leader)
        assert done.returncode == 0, done.stderr
        assert in_trash(journal_path) == left
    assert not any(marker in file_bytes(journal_path) for marker in MARKERS)
