"""2. An import decides inside its write transaction: it takes the journal's write lock, then reads
what the journal holds, then plans and writes. An edit another process commits while the
import waits for the lock is compared with the file's copy, never overwritten blindly.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from netjournal.cli import main
from tests.reliability.helpers import document, fill, write_json

# A second process: takes the write lock, saves a newer edit of one person, holds the lock a
# moment (the import starts meanwhile), then commits, as the app saving a page would.
HOLDER = r"""
import sqlite3, sys, time
path, person_id, name, stamp, hold = sys.argv[1:6]
conn = sqlite3.connect(path, isolation_level=None, timeout=10)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE person SET name = ?, updated_at = ? WHERE id = ?", (name, stamp, person_id))
print("locked", flush=True)
time.sleep(float(hold))
conn.execute("COMMIT")
print("committed", flush=True)
"""


def _stored(moment: datetime) -> str:
    """A time as the journal stores it: UTC, no zone."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _journal_with_ana_saved_an_hour_ago(journal) -> dict[str, str]:
    ids = fill(journal)
    conn = sqlite3.connect(journal)
    with conn:
        stamp = _stored(datetime.now(UTC) - timedelta(hours=1))
        conn.execute("UPDATE person SET updated_at = ? WHERE id = ?", (stamp, ids["ana"]))
    conn.close()
    return ids


def test_an_edit_committed_while_the_import_waits_for_the_lock_is_kept(tmp_path, capsys):
    journal = tmp_path / "journal.db"
    ids = _journal_with_ana_saved_an_hour_ago(journal)
    now = datetime.now(UTC)
    doc = document(journal)
    ana = next(p for p in doc["people"] if p["id"] == ids["ana"])
    ana["great_at"] = "what the file says"
    ana["updated_at"] = (now - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # newer than the journal's
    path = write_json(tmp_path / "in.json", {**doc, "exported_at": ana["updated_at"]})

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(journal), ids["ana"], "Ana (edited just now)", _stored(now), "1.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        code = main(["--db", str(journal), "import", str(path)])  # starts while the lock is held
        out, err = capsys.readouterr()
        assert holder.wait(timeout=30) == 0
        assert holder.stdout.read().strip() == "committed"
    finally:
        holder.kill()
        holder.wait()
    assert (code, err) == (0, "")
    assert "updated 0 events, 0 people" in out and "already up to date" in out
    after = next(p for p in document(journal)["people"] if p["id"] == ids["ana"])
    assert (after["name"], after["great_at"]) == ("Ana (edited just now)", "SQLite internals")


def test_a_file_newer_than_the_edit_still_replaces_it(tmp_path, capsys):
    """The same race the other way round: the file's copy is newer than the edit, so it wins."""
    journal = tmp_path / "journal.db"
    ids = _journal_with_ana_saved_an_hour_ago(journal)
    now = datetime.now(UTC)
    doc = document(journal)
    ana = next(p for p in doc["people"] if p["id"] == ids["ana"])
    ana["great_at"] = "what the file says"
    ana["updated_at"] = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    path = write_json(tmp_path / "in.json", doc)

    earlier = now - timedelta(minutes=1)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(journal), ids["ana"], "Ana (edited a minute ago)", _stored(earlier), "1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        code = main(["--db", str(journal), "import", str(path)])
        out, _ = capsys.readouterr()
        assert holder.wait(timeout=30) == 0
    finally:
        holder.kill()
        holder.wait()
    assert code == 0 and "updated 0 events, 1 person," in out
    after = next(p for p in document(journal)["people"] if p["id"] == ids["ana"])
    assert (after["name"], after["great_at"]) == ("Ana", "what the file says")
