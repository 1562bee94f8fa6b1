"""9. `netjournal check --repair`: a backup beside the journal first, then netjournal's own parts made again in one
transaction; nothing a person wrote is ever deleted or changed."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.store.files import SCHEMA_VERSION
from netjournal.store.search_index import SHADOW_NAMES, is_search_object
from tests.reliability.faults import cli, listing
from tests.reliability.helpers import document, fill, sha256
from tests.reliability.test_check import DAMAGE, edit, met_three_times_without_the_trigger

SUMMARY = {"events_met", "last_met", "followed_up", "follow_ups_done", "not_work_moments"}
REPAIRABLE = [
    "user_version 0",
    "application id 0",
    "a dropped table",
    "a dropped index",
    "a dropped trigger",
    "a changed trigger",
    "a trigger of someone else's",
    "a stale summary",
]


def written(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the summaries netjournal works out itself: what a person wrote."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        # The search index is made from the rest (as the summaries are), and made again when it differs.
        tables = [t for t in tables if not is_search_object(t) and t not in SHADOW_NAMES]
        rows = {}
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in SUMMARY]
            rows[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
        return rows
    finally:
        conn.close()


def header(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0], conn.execute("PRAGMA application_id").fetchone()[0]
    finally:
        conn.close()


def backup_named(out: str, journal: Path) -> Path:
    match = re.search(r"Backed up the journal to (\S+) before repairing it\.", out)
    assert match, out
    backup = Path(match[1])
    assert backup.parent == journal.parent
    assert re.fullmatch(r"journal\.db\.before-repair-\d{8}-\d{6}\.db", backup.name)
    return backup


@pytest.mark.parametrize("damage", REPAIRABLE)
def test_repair_mends_netjournals_own_parts_and_keeps_everything_written(journal_path, capsys, damage):
    fill(journal_path)
    healthy = document(journal_path)
    edit(journal_path, *DAMAGE[damage][0])
    before = written(journal_path)

    code = main(["--db", str(journal_path), "check", "--repair"])

    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), out
    assert out.endswith("All good: the journal is healthy.\n")
    backup = backup_named(out, journal_path)
    assert written(backup) == before  # the journal as it was, damage and all
    kept = written(journal_path)
    if damage == "a dropped table":
        assert kept.pop("reflection") == [] and before.get("reflection") is None
    assert kept == before
    if damage == "a dropped table":  # what the dropped table held went with it; the rest is as it was
        for ev in healthy["events"]:
            ev["reflection"] = None
    assert document(journal_path) == healthy  # summaries worked out again: as they were before the damage
    assert main(["--db", str(journal_path), "check"]) == 0
    assert header(journal_path) == (SCHEMA_VERSION, 0x4E4A524E)


def test_repair_counts_again_the_person_met_three_times(journal_path, capsys):
    fill(journal_path)
    met_three_times_without_the_trigger(journal_path)
    before = written(journal_path)
    assert main(["--db", str(journal_path), "check", "--repair"]) == 0
    out = capsys.readouterr().out
    assert "Made the trigger tr_summary_meeting_insert again." in out
    assert "Worked out the summaries of 1 person again." in out
    assert written(journal_path) == before
    dana = [p for p in document(journal_path)["people"] if p["name"] == "Dana"]
    assert len(dana) == 1
    conn = sqlite3.connect(journal_path)
    assert conn.execute("SELECT events_met, last_met FROM person WHERE name = 'Dana'").fetchone() == (3, "2019-09-03")
    conn.close()


def test_what_repair_cant_mend_is_left_as_it_was_and_said(journal_path, capsys):
    fill(journal_path)
    edit(journal_path, *DAMAGE["a date far in the future"][0], *DAMAGE["a dropped index"][0])
    before = written(journal_path)
    assert main(["--db", str(journal_path), "check", "--repair"]) == 1
    out = capsys.readouterr().out
    assert "Made the index ix_person_depth again." in out
    assert "event.date: 1 event with a date outside the years 1900-2199" in out.split("before repairing it.")[1]
    assert out.endswith("Some of this --repair can't mend; the backup above holds the journal as it was.\n")
    assert written(journal_path) == before


def test_repair_of_a_healthy_journal_changes_nothing(journal_path, capsys):
    fill(journal_path)
    digest, folder = sha256(journal_path), listing(journal_path.parent)
    assert main(["--db", str(journal_path), "check", "--repair"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Nothing to repair.\n") and out.endswith("All good: the journal is healthy.\n")
    assert sha256(journal_path) == digest and listing(journal_path.parent) == folder


def test_repair_leaves_a_damaged_file_alone(journal_path, capsys):
    fill(journal_path)
    data = bytearray(journal_path.read_bytes())
    data[4096 * 2 :] = b"\x5a" * (len(data) - 4096 * 2)
    journal_path.write_bytes(bytes(data))
    digest, folder = sha256(journal_path), listing(journal_path.parent)
    assert main(["--db", str(journal_path), "check", "--repair"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "damaged" in err and "nothing was changed" in err
    assert sha256(journal_path) == digest and listing(journal_path.parent) == folder


def test_repair_on_a_full_disk_changes_nothing_and_leaves_no_half_backup(journal_path):
    fill(journal_path)
    edit(journal_path, *DAMAGE["a dropped trigger"][0])
    digest, folder = sha256(journal_path), listing(journal_path.parent)
    assert journal_path.stat().st_size > 100_000
    # Room for the journal's own -shm (32 KiB), not for a whole copy of the journal.
    result = cli("--db", str(journal_path), "check", "--repair", fsize=64 * 1024)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "the disk is full; nothing was changed" in result.stderr
    assert sha256(journal_path) == digest and listing(journal_path.parent) == folder


def test_a_step_that_cant_be_done_is_said_and_the_rest_still_happen(journal_path, capsys):
    """Two live meetings share a slot once the index that forbade it is gone: that index can't come back,
    and repair says so, deletes neither meeting, and still mends the trigger."""
    ids = fill(journal_path)
    edit(
        journal_path,
        "DROP INDEX ux_meeting_slot",
        "DROP TRIGGER tr_summary_meeting_delete",
        "INSERT INTO meeting (id, created_at, updated_at, event_id, person_id, slot, status, talked_about, not_work, "
        "still_thinking, follow_up) SELECT 'dup', created_at, updated_at, event_id, "
        f"'{ids['cleo']}', slot, status, '', '', still_thinking, 'undecided' FROM meeting "
        f"WHERE event_id = '{ids['pycon']}' AND slot = 1 AND deleted_at IS NULL",
    )
    before = written(journal_path)
    assert main(["--db", str(journal_path), "check", "--repair"]) == 1
    out = capsys.readouterr().out
    assert (
        "Couldn't make the index ux_meeting_slot again (two rows hold the same meeting.event_id, meeting.slot)" in out
    )
    assert "; it is left as it was." in out
    assert "Made the trigger tr_summary_meeting_delete again." in out
    assert written(journal_path) == before
    assert "Index ux_meeting_slot is missing." in out.split("before repairing it.")[1]


SEARCH_DAMAGE = {
    "the index dropped": (["DROP TABLE search_index"], "Table search_index is missing."),
    "one of its own tables dropped": (["DROP TABLE search_index_config"], "Table search_index has no column title."),
    "a trigger dropped, then an edit": (
        ["DROP TRIGGER tr_search_person_update", "UPDATE person SET great_at = 'zither tuning' WHERE name = 'Ana'"],
        "Trigger tr_search_person_update is missing.",
    ),
    "an entry of no record": (
        ["INSERT INTO search_text (kind, record_id, title, body, tags) VALUES ('person', 'x', 'Ghost', 'zither', '')"],
        "Search index: differs from what the journal holds for 1 record; `netjournal check --repair` builds it again",
    ),
}


@pytest.mark.parametrize("damage", SEARCH_DAMAGE)
def test_check_notices_a_search_index_that_differs_and_repair_builds_it_again(journal_path, capsys, damage):
    fill(journal_path)
    statements, line = SEARCH_DAMAGE[damage]
    edit(journal_path, *statements)
    before = written(journal_path)

    assert main(["--db", str(journal_path), "check"]) == 1
    assert line in capsys.readouterr().out

    assert main(["--db", str(journal_path), "check", "--repair"]) == 0
    out = capsys.readouterr().out
    assert "Built the search index again from what the journal holds." in out
    assert "Search index: matches the journal" in out and out.endswith("All good: the journal is healthy.\n")
    assert written(journal_path) == before  # what a person wrote is as it was

    main(["--db", str(journal_path), "search", "zither"])
    expected = "person                  Ana  zither tuning ana@example.org\n"
    assert capsys.readouterr().out == (expected if "edit" in damage else 'Nothing in the journal matches "zither".\n')
    main(["--db", str(journal_path), "search", "ana"])
    assert "person                  Ana" in capsys.readouterr().out
