"""3. Bad files: whatever the command, a file that isn't a journal we can read is refused and left as it was."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.store.engine import open_store
from tests.reliability.helpers import document, fill, sha256, write_json


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def empty(path: Path) -> None:
    path.write_bytes(b"")


def other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('someone else''s data')")
    conn.commit()
    conn.close()


def newer_schema(path: Path) -> None:
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()


def text_file(path: Path) -> None:
    path.write_text("SQLite format 3 is what this line says, but it is only text.\n" * 10)


BAD_FILES = {
    "garbage": garbage,
    "empty": empty,
    "another SQLite database": other_sqlite,
    "newer schema": newer_schema,
    "text": text_file,
}

COMMANDS = {
    "open": [],
    "add": ["add", "Meetup", "--date", "2019-04-08"],
    "export json": ["export"],
    "export markdown": ["export", "--format", "markdown"],
    "export csv to a file": ["export", "--format", "csv", "-o", "{tmp}/out.csv"],
    "import": ["import", "{tmp}/good.json"],
    "backup": ["backup", "{tmp}/backup.db"],
    "check": ["check"],
}


@pytest.fixture(scope="module")
def good_export(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("source") / "journal.db"
    fill(path)
    doc = document(path)
    doc["exported_at"] = "2026-11-25T19:00:00.000000Z"
    return doc


@pytest.mark.parametrize("bad", BAD_FILES)
@pytest.mark.parametrize("command", COMMANDS)
def test_refused_in_one_line_and_untouched(tmp_path, capsys, good_export, bad, command):
    journal = tmp_path / "journal.db"
    BAD_FILES[bad](journal)
    write_json(tmp_path / "good.json", good_export)
    digest = sha256(journal)
    before = sorted(p.name for p in tmp_path.iterdir())
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]

    code = main(["--db", str(journal), *args])

    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith("netjournal: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert "newer netjournal" in err if bad == "newer schema" else "journal" in err
    assert sha256(journal) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal, -shm, backup or export left behind
