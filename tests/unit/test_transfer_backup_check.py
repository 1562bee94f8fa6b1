"""`backup` and `check` on a real journal file."""

from __future__ import annotations

import sqlite3

import pytest

from netjournal.cli import main
from netjournal.store.files import SCHEMA_VERSION
from tests.reliability.helpers import document, fill, sha256


def test_backup_copies_everything_into_a_new_private_file(journal_path, tmp_path, capsys):
    fill(journal_path)
    dest = tmp_path / "backups" / "b.db"
    assert main(["--db", str(journal_path), "backup", str(dest)]) == 0
    assert capsys.readouterr().out == f"Backed up the journal to {dest}.\n"
    assert dest.stat().st_mode & 0o777 == 0o600
    assert (dest.parent.stat().st_mode & 0o777) == 0o700
    assert not (tmp_path / "backups" / "b.db-wal").exists()
    assert document(dest) == document(journal_path)


def test_backup_never_overwrites(journal_path, tmp_path, capsys):
    fill(journal_path)
    dest = tmp_path / "b.db"
    dest.write_bytes(b"keep me")
    assert main(["--db", str(journal_path), "backup", str(dest)]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "already exists" in err
    assert dest.read_bytes() == b"keep me"


def test_backup_of_no_journal(journal_path, tmp_path, capsys):
    assert main(["--db", str(journal_path), "backup", str(tmp_path / "b.db")]) == 2
    assert "no journal" in capsys.readouterr().err
    assert not (tmp_path / "b.db").exists() and not journal_path.exists()


def test_check_a_healthy_journal(journal_path, capsys):
    fill(journal_path)
    digest = sha256(journal_path)
    assert main(["--db", str(journal_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "Integrity check: ok" in out and "foreign_key_check): ok" in out
    assert f"Schema version: {SCHEMA_VERSION} (current)" in out and "(netjournal)" in out
    assert out.endswith("All good: the journal is healthy.\n")
    assert sha256(journal_path) == digest


def test_check_finds_a_broken_link(journal_path, capsys):
    ids = fill(journal_path)
    conn = sqlite3.connect(journal_path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DELETE FROM person WHERE id = ?", (ids["ben"],))
    conn.commit()
    conn.close()
    assert main(["--db", str(journal_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "foreign_key_check): 1 problem, the first: a meeting row" in out
    assert "points at a missing person" in out
    assert "All good" not in out


def test_check_finds_damaged_pages(journal_path, capsys):
    fill(journal_path)
    data = bytearray(journal_path.read_bytes())
    page = 4096
    for i in range(page * 2, len(data)):  # everything after the first two pages
        data[i] = 0x5A
    journal_path.write_bytes(bytes(data))
    assert main(["--db", str(journal_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "Integrity check: " in out and "Integrity check: ok" not in out


def test_check_with_no_journal(journal_path, capsys):
    assert main(["--db", str(journal_path), "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no journal" in err
    assert not journal_path.exists()


@pytest.mark.parametrize("command", [["check"], ["backup", "DEST"]])
def test_a_version_no_netjournal_writes_is_reported_not_refused(journal_path, tmp_path, capsys, command):
    """user_version 0 has no upgrade step: every command would refuse the journal, so check says so."""
    fill(journal_path)
    conn = sqlite3.connect(journal_path)
    conn.execute("PRAGMA user_version=0")
    conn.close()
    args = [str(tmp_path / "b.db") if a == "DEST" else a for a in command]
    code = main(["--db", str(journal_path), *args])
    if command == ["check"]:
        out = capsys.readouterr().out
        assert code == 1
        assert "Schema version: 0, which no netjournal writes" in out and "--repair" in out
        assert "All good" not in out
    else:
        assert code == 0
