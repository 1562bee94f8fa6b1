"""7. A journal someone made read-only stays exactly as it is: read, exported and checked, never written or chmodded.

Tests run as root here, and root may write any file: so what counts is the owner's write bit, as it would
for the person whose journal it is.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from netjournal.cli import main
from netjournal.errors import ReadOnlyJournalError
from netjournal.store import files, queries
from netjournal.store.engine import open_store
from tests.reliability.faults import ROOT, listing, mode
from tests.reliability.helpers import document, fill, sha256, write_json


@pytest.fixture(params=["file 0400", "file 0444", "folder 0555"])
def read_only(request, journal_path):
    """A journal with entries, made read-only one way or another; put back afterwards so it can be cleaned up."""
    fill(journal_path)
    before = document(journal_path)
    target, how = (journal_path.parent, 0o555) if request.param == "folder 0555" else (journal_path, None)
    how = how or int(request.param.split()[1], 8)
    old = mode(target)
    target.chmod(how)
    yield journal_path, before
    target.chmod(old)


def untouched(journal: Path):
    """A check that nothing about the journal changes: its bytes, its mode, what lies beside it."""
    state = (sha256(journal), mode(journal), mode(journal.parent), listing(journal.parent))
    return lambda: (sha256(journal), mode(journal), mode(journal.parent), listing(journal.parent)) == state


@pytest.mark.parametrize(
    "command",
    [
        ["export"],
        ["export", "--format", "markdown", "-o", "{out}/journal.md"],
        ["followups", "--today", "2019-04-09"],
        ["check"],
        ["backup", "{out}/copy.db"],
        ["trash"],
    ],
)
def test_reading_commands_work_and_change_nothing(read_only, tmp_path, capsys, command):
    journal, before = read_only
    same = untouched(journal)
    args = [a.replace("{out}", str(tmp_path)) for a in command]

    code = main(["--db", str(journal), *args])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert same()
    if command == ["followups", "--today", "2019-04-09"]:
        assert "Ana" in out
    if command == ["check"]:
        assert out.endswith("All good: the journal is healthy.\n")
    if command[0] == "backup":
        assert document(tmp_path / "copy.db") == before
    if command == ["trash"]:
        assert "Cancelled meetup" in out


def empty_read_only_journal(path: Path) -> None:
    open_store(path).close()
    path.chmod(0o400)


@pytest.mark.parametrize("command", ["add", "import", "demo", "check --repair", "restore", "purge"])
def test_writing_commands_say_read_only_in_one_line(read_only, tmp_path, capsys, command):
    journal, before = read_only
    if command == "demo":  # the demo only goes into an empty journal: make this one empty, and read-only
        journal = tmp_path / "empty" / "journal.db"
        empty_read_only_journal(journal)
    same = untouched(journal)
    argv = {
        "add": ["add", "Founders dinner", "--date", "2019-05-02"],
        "import": ["import", str(write_json(tmp_path / "in.json", {**document(journal), "events": []}))],
        "demo": ["demo"],
        "check --repair": ["check", "--repair"],
        "restore": ["restore", "any-id"],
        "purge": ["purge", "--yes"],
    }[command]

    code = main(["--db", str(journal), *argv])

    out, err = capsys.readouterr()
    assert code == 2
    assert out == "" and err.startswith("netjournal: ") and err.count("\n") == 1
    assert "read-only" in err and "nothing was changed" in err
    assert same()
    if command != "demo":
        assert document(journal) == before


def test_the_store_reads_a_read_only_journal_and_refuses_every_write(read_only):
    journal, _ = read_only
    same = untouched(journal)
    store = open_store(journal)
    try:
        assert store.read_only
        with store.session() as s:
            assert queries.find_person_by_name(session=s, name="Ana").great_at == "SQLite internals"
        with pytest.raises(ReadOnlyJournalError, match=r"read-only.*nothing was changed"), store.session() as s:
            queries.create_event(session=s, name="Not written", date=date(2019, 5, 3))
        with pytest.raises(ReadOnlyJournalError), store.session() as s:
            s.exec(text("UPDATE person SET name = 'changed'"))
    finally:
        store.close()
    assert same()


def test_a_writable_journal_is_not_read_only(journal_path):
    fill(journal_path)
    store = open_store(journal_path)
    try:
        assert not store.read_only
    finally:
        store.close()


@pytest.mark.parametrize(("given", "after"), [(0o644, 0o600), (0o640, 0o600), (0o604, 0o600), (0o600, 0o600)])
def test_opening_takes_group_and_other_permissions_away(journal_path, given, after):
    fill(journal_path)
    journal_path.chmod(given)
    open_store(journal_path).close()
    assert mode(journal_path) == after


@pytest.mark.parametrize(("given", "after"), [(0o444, 0o400), (0o400, 0o400), (0o640, 0o600), (0o500, 0o500)])
def test_make_private_never_gives_the_owner_write(tmp_path, given, after):
    path = tmp_path / "journal.db"
    path.write_bytes(b"x")
    path.chmod(given)
    files.make_private(path)
    assert mode(path) == after


WRITER = r"""
import os, signal, sys
from datetime import date
from pathlib import Path
from netjournal.store import queries
from netjournal.store.engine import open_store

store = open_store(Path(sys.argv[1]))
with store.session() as s:
    queries.create_event(session=s, name="Only in the write-ahead log", date=date(2019, 6, 1))
os.kill(os.getpid(), signal.SIGKILL)  # gone before any checkpoint: the entry lives in -wal alone
"""


def test_a_read_only_journal_with_a_left_over_write_ahead_log_shows_all_of_it(journal_path, capsys):
    fill(journal_path)
    child = subprocess.run(
        [sys.executable, "-c", WRITER, str(journal_path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL
    assert Path(f"{journal_path}-wal").stat().st_size > 0
    journal_path.chmod(0o400)
    same = untouched(journal_path)

    assert main(["--db", str(journal_path), "export"]) == 0
    assert "Only in the write-ahead log" in capsys.readouterr().out
    assert main(["--db", str(journal_path), "add", "More", "--date", "2019-06-02"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert same()
