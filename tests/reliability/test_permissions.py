"""4. Under a permissive umask (022) everything netjournal writes is still readable by its owner alone."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.transfer.backup import backup_journal
from tests.reliability.helpers import fill


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022(monkeypatch):
    """The process umask is 022, and main() is kept from tightening it, so only netjournal's own care counts."""
    old = os.umask(0o022)
    monkeypatch.setattr(os, "umask", lambda _mask: 0o022)
    yield
    monkeypatch.undo()
    os.umask(old)


def test_the_umask_really_is_permissive(umask_022, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    (tmp_path / "plain-dir").mkdir()
    assert mode(plain) == 0o644 and mode(tmp_path / "plain-dir") == 0o755


def test_journal_wal_shm_and_folders(umask_022, tmp_path):
    path = tmp_path / "new" / "nested" / "journal.db"
    store = open_store(path)
    try:
        with store.session() as s:
            queries.create_event(session=s, name="Meetup", date=date(2019, 4, 8))
        # The store is still open: its write-ahead log and shared-memory file exist now.
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()
        assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        store.close()
    assert mode(tmp_path / "new") == 0o700 and mode(tmp_path / "new" / "nested") == 0o700
    assert mode(path) == 0o600


def test_backup_library_and_command(umask_022, journal_path, tmp_path, capsys):
    fill(journal_path)
    assert mode(backup_journal(journal_path, tmp_path / "one.db")) == 0o600
    assert main(["--db", str(journal_path), "backup", str(tmp_path / "copies" / "two.db")]) == 0
    assert mode(tmp_path / "copies" / "two.db") == 0o600 and mode(tmp_path / "copies") == 0o700
    assert not any(p.name.endswith(("-wal", "-shm", "-journal")) for p in tmp_path.rglob("*.db*"))


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_every_export_format(umask_022, journal_path, tmp_path, capsys, fmt):
    fill(journal_path)
    out = tmp_path / f"export.{fmt}"
    assert main(["--db", str(journal_path), "export", "--format", fmt, "-o", str(out)]) == 0
    assert mode(out) == 0o600
    assert out.stat().st_size > 0


def test_an_export_over_an_existing_readable_file_becomes_private(umask_022, journal_path, tmp_path, capsys):
    fill(journal_path)
    out = tmp_path / "export.json"
    out.write_text("old")
    os.chmod(out, 0o644)
    assert main(["--db", str(journal_path), "export", "-o", str(out)]) == 0
    assert mode(out) == 0o600
