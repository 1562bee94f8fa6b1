"""Files that aren't our journal are refused untouched; ours are owner-only whatever the umask."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from datetime import date

import pytest

from netjournal import cli
from netjournal.errors import NewerJournalError, NotAJournalError
from netjournal.settings import load_settings
from netjournal.store import files, queries
from netjournal.store.engine import open_store


@pytest.fixture(autouse=True)
def umask_022():
    """The common default umask; cli.main narrows it, so put it back after each test."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def garbage(path) -> None:
    path.write_bytes(bytes(range(256)) * 40)


def empty(path) -> None:
    path.write_bytes(b"")


def other_sqlite(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipes (name) VALUES ('soup')")
    conn.commit()
    conn.close()


def sqlite_lookalike(path) -> None:
    """Starts like SQLite but is cut short."""
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)


def newer_journal(path) -> None:
    store = open_store(path)
    with store.session() as session:
        queries.create_event(session=session, name="Founders dinner", date=date(2019, 4, 8))
    store.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={files.SCHEMA_VERSION + 1}")
    conn.close()


MAKERS = {
    "garbage": (garbage, NotAJournalError),
    "empty": (empty, NotAJournalError),
    "other-sqlite": (other_sqlite, NotAJournalError),
    "cut-short": (sqlite_lookalike, NotAJournalError),
    "newer": (newer_journal, NewerJournalError),
}


@pytest.fixture
def app_never_starts(monkeypatch):
    import netjournal.app

    started = []
    monkeypatch.setattr(netjournal.app, "make_app", lambda **kw: started.append(kw))
    return started


@pytest.mark.parametrize("kind", MAKERS)
@pytest.mark.parametrize("argv", [["export"], ["export", "--format", "json"], ["add", "Meetup", "--date", "today"], []])
def test_a_file_that_is_not_our_journal_is_refused_untouched(tmp_path, capsys, app_never_starts, kind, argv):
    path = tmp_path / "journal.db"
    MAKERS[kind][0](path)
    before = sha256(path)
    siblings = sorted(p.name for p in tmp_path.iterdir())

    code = cli.main(["--db", str(path), *argv])

    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("netjournal: ")
    assert str(path) in err
    assert "Traceback" not in err
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings
    assert app_never_starts == []


@pytest.mark.parametrize("kind", MAKERS)
def test_open_store_refuses_with_the_right_error(tmp_path, kind):
    path = tmp_path / "journal.db"
    make, error = MAKERS[kind]
    make(path)
    before = sha256(path)
    with pytest.raises(error):
        open_store(path)
    assert sha256(path) == before


@pytest.mark.parametrize("keep", [100, 4096, 0.5])
@pytest.mark.parametrize("argv", [["export"], ["add", "Meetup", "--date", "today"]])
def test_a_damaged_journal_is_refused_untouched(tmp_path, capsys, keep, argv):
    """Our header, but the rest cut short: SQLite itself has to notice, and still nothing is written."""
    path = tmp_path / "journal.db"
    newer_journal(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={files.SCHEMA_VERSION}")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep) if isinstance(keep, float) else keep])
    before = sha256(path)

    code = cli.main(["--db", str(path), *argv])

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and str(path) in err
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


def test_a_folder_is_not_a_journal(tmp_path, capsys):
    path = tmp_path / "journal.db"
    path.mkdir()
    assert cli.main(["--db", str(path), "export"]) == 2
    assert str(path) in capsys.readouterr().err


def test_a_missing_journal_is_not_created_by_open_store_when_asked_not_to(tmp_path):
    path = tmp_path / "journal.db"
    with pytest.raises(NotAJournalError):
        open_store(path, create=False)
    assert not path.exists()


def test_the_app_path_opens_a_real_journal(journal_path, monkeypatch):
    """The refusals above are about the file, not the app path refusing everything."""
    import netjournal.app

    open_store(journal_path).close()
    ran = []

    class FakeApp:
        return_code = None

        def run(self):
            ran.append(True)

    monkeypatch.setattr(netjournal.app, "make_app", lambda **kw: (ran.append(kw), FakeApp())[1])
    assert cli.main(["--db", str(journal_path)]) == 0
    # The settings are the person's ($NETJOURNAL_CONFIG here, naming no file: every default).
    settings = load_settings()[0]
    assert ran == [
        {"db_path": journal_path, "settings": settings, "settings_notes": [], "sync_folder": settings.sync_folder},
        True,
    ]


# Modes ------------------------------------------------------------------------


def companions(path):
    return [p for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


def test_open_store_makes_owner_only_files_and_folders_under_umask_022(tmp_path):
    path = tmp_path / "deep" / "data" / "journal.db"
    store = open_store(path)
    try:
        with store.session() as session:
            queries.create_event(session=session, name="Founders dinner", date=date(2019, 4, 8))
        with store.engine.connect() as conn:  # keep a connection open so -wal and -shm exist
            conn.exec_driver_sql("SELECT count(*) FROM event").scalar()
            present = companions(path)
            assert [p.name for p in present] == ["journal.db", "journal.db-wal", "journal.db-shm"]
            assert {p.name: mode(p) for p in present} == {p.name: 0o600 for p in present}
    finally:
        store.close()
    assert mode(path) == 0o600
    assert mode(tmp_path / "deep") == 0o700
    assert mode(tmp_path / "deep" / "data") == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["journal.db"]


def test_an_existing_folder_is_left_alone(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    open_store(folder / "journal.db").close()
    assert mode(folder) == 0o755
    assert mode(folder / "journal.db") == 0o600


def test_a_journal_made_readable_by_others_is_made_private_again(journal_path):
    open_store(journal_path).close()
    os.chmod(journal_path, 0o644)
    store = open_store(journal_path)
    try:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1").scalar()
            assert {p.name: mode(p) for p in companions(journal_path)} == {
                p.name: 0o600 for p in companions(journal_path)
            }
    finally:
        store.close()


def test_the_command_line_makes_owner_only_files_under_umask_022(tmp_path, capsys):
    path = tmp_path / "new-folder" / "journal.db"
    assert cli.main(["--db", str(path), "add", "Founders dinner", "--date", "2019-04-08"]) == 0
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    out = tmp_path / "export.json"
    assert cli.main(["--db", str(path), "export", "-o", str(out)]) == 0
    assert mode(out) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["journal.db"]


def test_private_helpers_ignore_the_umask(tmp_path):
    out = tmp_path / "out.txt"
    files.write_user_file(out, b"hello")
    assert mode(out) == 0o600
    out.chmod(0o644)
    files.write_user_file(out, b"again")
    assert mode(out) == 0o600
    assert out.read_text() == "again"
    files.make_private_dir(tmp_path / "a" / "b")
    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700
