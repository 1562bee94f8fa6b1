"""5. Files a person names (`export -o`, `backup`): never the journal, never through a link or into a device,
and an existing file is replaced whole or not at all."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.files import writing_user_file
from tests.reliability.faults import cli, listing, mode
from tests.reliability.helpers import document, fill, sha256


@pytest.fixture
def journal(journal_path) -> Path:
    fill(journal_path)
    return journal_path


def refused(capsys, journal: Path, *argv: str, separately: bool = False) -> str:
    """Run the command; it must say no in one line, exit 2, and leave the journal as it was.

    `separately` runs it in its own process, so a command that would wait for ever (opening a pipe
    nobody reads) fails the test instead of hanging it.
    """
    digest, before, folder = sha256(journal), document(journal), listing(journal.parent)
    if separately:
        try:
            done = cli("--db", str(journal), *argv, timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("the command was still waiting after 30 seconds")
        code, out, err = done.returncode, done.stdout, done.stderr
    else:
        code = main(["--db", str(journal), *argv])
        out, err = capsys.readouterr()
    assert code == 2, err
    assert out == "" and err.startswith("netjournal: ") and err.count("\n") == 1
    assert "Nothing was changed" in err or "nothing was" in err
    assert sha256(journal) == digest and mode(journal) == 0o600
    assert listing(journal.parent) == folder
    assert document(journal) == before
    return err


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv", "vcard"])
@pytest.mark.parametrize(
    "name",
    ["the journal", "another path to it", "a hard link to it", "its -wal name", "its -shm name", "its -journal name"],
)
def test_export_never_writes_over_the_journal(capsys, journal, tmp_path, fmt, name):
    targets = {
        "the journal": journal,
        "another path to it": journal.parent / ".." / journal.parent.name / journal.name,
        "a hard link to it": tmp_path / "hard.db",
        "its -wal name": Path(f"{journal}-wal"),
        "its -shm name": Path(f"{journal}-shm"),
        "its -journal name": Path(f"{journal}-journal"),
    }
    if name == "a hard link to it":
        os.link(journal, targets[name])
    err = refused(capsys, journal, "export", "--format", fmt, "-o", str(targets[name]))
    assert "journal" in err


def test_export_never_writes_over_the_open_journals_write_ahead_log(capsys, journal):
    store = open_store(journal)
    try:
        with store.session() as s:
            queries.create_event(session=s, name="Kept in the log", date=date(2019, 7, 1))
        with store.engine.connect() as conn:  # an open connection keeps -wal and -shm in place
            conn.exec_driver_sql("SELECT 1").scalar()
            for suffix in ("-wal", "-shm"):
                companion = Path(f"{journal}{suffix}")
                before = companion.read_bytes()
                assert main(["--db", str(journal), "export", "-o", str(companion)]) == 2
                assert "netjournal: " in capsys.readouterr().err
                assert companion.read_bytes() == before
    finally:
        store.close()
    assert "Kept in the log" in [e["name"] for e in document(journal)["events"]]


def make_device(path: Path) -> Path:
    """A character device like /dev/null, made here so no test ever touches the real one."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


@pytest.mark.parametrize("kind", ["symlink to a file", "symlink to the journal", "folder", "device", "fifo"])
def test_export_refuses_links_folders_devices_and_pipes(capsys, journal, tmp_path, kind):
    other = tmp_path / "notes.txt"
    other.write_text("someone's own notes\n")
    other.chmod(0o644)
    target = tmp_path / "target"
    if kind == "symlink to a file":
        target.symlink_to(other)
    elif kind == "symlink to the journal":
        target.symlink_to(journal)
    elif kind == "folder":
        target.mkdir()
    elif kind == "device":
        target = make_device(target)
    else:
        os.mkfifo(target)
    before = os.lstat(target)

    err = refused(capsys, journal, "export", "-o", str(target), separately=kind == "fifo")

    assert str(target) in err
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_uid) == (before.st_mode, before.st_ino, before.st_uid)
    assert other.read_text() == "someone's own notes\n" and mode(other) == 0o644
    if kind == "folder":
        assert listing(target) == []


def test_export_into_a_folder_that_is_not_there(capsys, journal, tmp_path):
    err = refused(capsys, journal, "export", "-o", str(tmp_path / "no-such-folder" / "out.json"))
    assert "no folder" in err
    assert not (tmp_path / "no-such-folder").exists()


def test_backup_never_takes_the_name_of_the_journals_write_ahead_log(capsys, journal):
    """A backup named journal.db-wal would be read as the journal's log the next time it opens."""
    for suffix in ("-wal", "-shm"):
        refused(capsys, journal, "backup", f"{journal}{suffix}")
        assert not Path(f"{journal}{suffix}").exists()


def big_journal(path: Path) -> None:
    store = open_store(path)
    try:
        with store.session() as s:
            for n in range(300):
                ev = queries.create_event(
                    session=s, name=f"Meetup {n}", date=date(2019, 1, 1), notes=f"{n} " + "long notes " * 150
                )
                person = queries.create_person(session=s, name=f"Person {n}")
                queries.add_meeting(
                    session=s, event_id=ev.id, person_id=person.id, slot=1, talked_about="long talk " * 350
                )
    finally:
        store.close()


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_a_failed_export_leaves_the_old_file_byte_identical(tmp_path, fmt):
    """`ulimit -f 500`: a 1 MB export can't be written; the previous export stays whole, no temporary file stays."""
    journal = tmp_path / "journal" / "journal.db"
    big_journal(journal)
    out = tmp_path / f"export.{fmt}"
    first = cli("--db", str(journal), "export", "--format", fmt, "-o", str(out))
    assert first.returncode == 0, first.stderr
    assert out.stat().st_size > 1_000_000
    out.chmod(0o640)
    good, folder = out.read_bytes(), listing(tmp_path)

    result = cli("--db", str(journal), "export", "--format", fmt, "-o", str(out), fsize=500 * 1024)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "the disk is full; nothing was changed" in result.stderr
    assert out.read_bytes() == good
    assert mode(out) == 0o640
    assert listing(tmp_path) == folder


def test_a_good_export_replaces_the_old_file_in_one_step(capsys, journal, tmp_path):
    out = tmp_path / "export.json"
    out.write_text("an older, much longer export " * 1000)
    assert main(["--db", str(journal), "export", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"Wrote the journal to {out}.\n"
    assert '"format": "netjournal"' in out.read_text()
    assert mode(out) == 0o600
    assert listing(tmp_path) == ["export.json", "journal"]


def test_a_file_filled_a_piece_at_a_time_is_every_piece_in_order(tmp_path):
    pieces = [bytes([i % 251]) * size for i, size in enumerate([1, 70_000, 3 << 20, 0, 5, 1 << 20, 999_999, 2])]
    out = tmp_path / "out.bin"
    with writing_user_file(out) as file:
        for piece in pieces:
            file.write(piece if len(piece) % 2 else memoryview(piece))
    assert out.read_bytes() == b"".join(pieces)
    assert mode(out) == 0o600 and listing(tmp_path) == ["out.bin"]


def test_anything_going_wrong_while_a_file_is_filled_leaves_the_old_one(tmp_path):
    out = tmp_path / "out.bin"
    out.write_bytes(b"the export from yesterday")
    with pytest.raises(KeyboardInterrupt), writing_user_file(out) as file:
        file.write(b"x" * (3 << 20))
        raise KeyboardInterrupt
    assert out.read_bytes() == b"the export from yesterday"
    assert listing(tmp_path) == ["out.bin"]


def test_an_export_that_meets_a_damaged_journal_halfway_leaves_the_old_export(tmp_path):
    """The last third of the journal's pages is garbage (a disk that failed): the export starts, meets them and
    stops; the old export stays whole."""
    journal = tmp_path / "journal" / "journal.db"
    big_journal(journal)
    out = tmp_path / "export.json"
    assert cli("--db", str(journal), "export", "-o", str(out)).returncode == 0
    good, folder = out.read_bytes(), listing(tmp_path)
    size = journal.stat().st_size
    with journal.open("r+b") as file:
        file.seek(size - size // 3)
        file.write(b"\xff" * (size // 3))

    result = cli("--db", str(journal), "export", "-o", str(out))

    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "malformed" in result.stderr
    assert out.read_bytes() == good
    assert listing(tmp_path) == folder
