"""Encrypted journals: encrypt and decrypt, opening with a passphrase, and what is refused.

Every keyed open costs SQLCipher's key derivation (~0.1 s): one demo journal is encrypted once per
worker and copied for each test that needs one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netjournal import cli
from netjournal.store import cipher

pytest.importorskip("sqlcipher3")

PASSPHRASE = "a long walk by the river"
ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_json(path: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert cli.main(["--db", str(path), "export", "--format", "json", "-o", str(out)]) == 0
    document = json.loads(out.read_text())
    document.pop("exported_at")
    return document


def texts(document: dict) -> set[str]:
    """Names and notes the demo holds, long enough not to turn up in random bytes."""
    found = set()
    for person in document["people"]:
        found |= {person["name"], person["notes"]}
    for event in document["events"]:
        found |= {event["name"], event["notes"], event["location"]}
    return {t for t in found if t and len(t) >= 6}


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "journal.db"
    assert cli.main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture(scope="module")
def encrypted_demo(plain_demo: Path) -> Path:
    path = plain_demo.with_name("encrypted.db")
    shutil.copy(plain_demo, path)
    os.environ[cipher.PASSPHRASE_VARIABLE] = PASSPHRASE
    try:
        assert cli.main(["--db", str(path), "encrypt"]) == 0
    finally:
        del os.environ[cipher.PASSPHRASE_VARIABLE]
    return path


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(cipher.PASSPHRASE_VARIABLE, PASSPHRASE)
    return PASSPHRASE


def copy(source: Path, folder: Path) -> Path:
    path = folder / "journal.db"
    shutil.copy(source, path)
    return path


def run(*args: str, env: dict[str, str] | None = None, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """netjournal in a process of its own (stderr captured: nothing of the library's may reach it)."""
    argv = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "netjournal", *args]
    full_env = {k: v for k, v in os.environ.items() if k != cipher.PASSPHRASE_VARIABLE}
    full_env.update(env or {}, PYTHONPATH=str(ROOT))
    return subprocess.run(argv, capture_output=True, text=True, env=full_env, stdin=subprocess.DEVNULL, check=False)


def test_encrypt_then_decrypt_gives_back_the_same_journal_and_the_file_holds_none_of_its_text(
    plain_demo, tmp_path, passphrase, capsys
):
    path = copy(plain_demo, tmp_path)
    before = export_json(path, tmp_path / "before.json", capsys)
    assert cli.main(["--db", str(path), "encrypt"]) == 0

    assert sorted(p.name for p in tmp_path.iterdir()) == ["before.json", "journal.db"]  # no -wal, no copy left
    assert os.stat(path).st_mode & 0o077 == 0
    data = b"".join(p.read_bytes() for p in tmp_path.glob("journal.db*"))
    assert b"SQLite format 3" not in data
    assert [t for t in texts(before) if t.encode() in data] == []
    capsys.readouterr()
    assert export_json(path, tmp_path / "during.json", capsys) == before
    assert "during.json is readable text" in capsys.readouterr().err  # the export is plain, and it says so

    assert cli.main(["--db", str(path), "decrypt"]) == 0
    assert not cipher.looks_encrypted(path)
    assert export_json(path, tmp_path / "after.json", capsys) == before


def test_a_wrong_passphrase_says_one_line_and_leaves_the_file_as_it_was(encrypted_demo, tmp_path):
    path = copy(encrypted_demo, tmp_path)
    before = sha256(path)
    for args in (["followups"], ["decrypt"], []):  # a command, decrypt, and the app
        done = run("--db", str(path), *args, env={cipher.PASSPHRASE_VARIABLE: "not the one"})
        assert done.returncode == 2
        assert done.stderr.splitlines() == [f"netjournal: That passphrase doesn't open {path}; nothing was changed."]
        assert done.stdout == ""
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


def test_with_no_passphrase_and_no_terminal_it_says_how_to_give_one(encrypted_demo, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(cipher.PASSPHRASE_VARIABLE, raising=False)
    path = copy(encrypted_demo, tmp_path)
    assert cli.main(["--db", str(path), "followups"]) == 2
    err = capsys.readouterr().err
    assert "encrypted" in err and cipher.PASSPHRASE_VARIABLE in err and len(err.splitlines()) == 1


def test_without_the_extra_an_encrypted_journal_is_named_with_the_install_command(encrypted_demo, plain_demo, tmp_path):
    path = copy(encrypted_demo, tmp_path)
    blocked = (
        "import sys; sys.modules['sqlcipher3'] = None; from netjournal.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    env = {cipher.PASSPHRASE_VARIABLE: PASSPHRASE}
    for args in (["followups"], [], ["decrypt"]):
        done = run("--db", str(path), *args, env=env, code=blocked)
        assert done.returncode == 2, done.stderr
        assert "encrypted journal" in done.stderr and cipher.INSTALL in done.stderr
        assert len(done.stderr.splitlines()) == 1
    (tmp_path / "plain").mkdir()
    plain = copy(plain_demo, tmp_path / "plain")
    done = run("--db", str(plain), "encrypt", env=env, code=blocked)
    assert (done.returncode, done.stderr.count("\n")) == (2, 1) and cipher.INSTALL in done.stderr
    assert not cipher.looks_encrypted(plain)


def _read_only_file(path: Path) -> None:
    path.chmod(0o400)


def _read_only_folder(path: Path) -> None:
    path.parent.chmod(0o500)


def _not_a_journal(path: Path) -> None:
    path.write_text("Dear diary,\n" * 400)


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_read_only_file, "is read-only, so it can't be encrypted"),
        (_read_only_folder, "is in a read-only folder, so it can't be encrypted"),
        (_not_a_journal, "is not a netjournal journal"),
    ],
)
def test_encrypt_refuses_on_any_doubt_and_changes_nothing(plain_demo, tmp_path, passphrase, capsys, make, said):
    folder = tmp_path / "folder"
    folder.mkdir()
    path = copy(plain_demo, folder)
    make(path)
    before = sha256(path)
    try:
        assert cli.main(["--db", str(path), "encrypt"]) == 2
        assert said in capsys.readouterr().err
        assert sha256(path) == before and sorted(p.name for p in folder.iterdir()) == ["journal.db"]
    finally:
        folder.chmod(0o700)


def test_encrypt_refuses_an_empty_passphrase_and_a_journal_encrypted_already(
    encrypted_demo, plain_demo, tmp_path, capsys, monkeypatch
):
    path = copy(plain_demo, tmp_path)
    before = sha256(path)
    monkeypatch.setenv(cipher.PASSPHRASE_VARIABLE, "")
    assert cli.main(["--db", str(path), "encrypt"]) == 2
    assert "empty" in capsys.readouterr().err and sha256(path) == before
    monkeypatch.setenv(cipher.PASSPHRASE_VARIABLE, PASSPHRASE)
    assert cli.main(["--db", str(encrypted_demo), "encrypt"]) == 2
    assert "already encrypted" in capsys.readouterr().err


def test_encrypt_asks_twice_at_a_terminal_never_shows_it_and_refuses_two_that_differ(plain_demo, tmp_path):
    pty = pytest.importorskip("pty")
    path = copy(plain_demo, tmp_path)
    before = sha256(path)
    pid, fd = pty.fork()
    if pid == 0:  # the child: netjournal on a terminal of its own
        env = {k: v for k, v in os.environ.items() if k != cipher.PASSPHRASE_VARIABLE}
        env["PYTHONPATH"] = str(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "netjournal", "--db", str(path), "encrypt"], env)
    seen = b""
    for answer in (b"first secret\n", b"second secret\n"):
        while b": " not in seen.rsplit(b"\n", 1)[-1]:
            seen += os.read(fd, 1024)
        os.write(fd, answer)
        seen += b"\n"
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2
    assert b"Passphrase for" in seen and b"The same passphrase again" in seen
    assert b"The two passphrases differ; nothing was changed." in seen
    assert b"secret" not in seen  # never echoed
    assert sha256(path) == before


def test_encrypt_refuses_a_journal_another_process_has_open(plain_demo, tmp_path, passphrase, capsys):
    path = copy(plain_demo, tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL');"
            "c.execute('SELECT count(*) FROM event').fetchone(); print('open', flush=True); sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        before = sha256(path)
        assert cli.main(["--db", str(path), "encrypt"]) == 2
        assert "is open in another window or program" in capsys.readouterr().err
        assert sha256(path) == before and not cipher.looks_encrypted(path)
    finally:
        holder.communicate("")


def test_changes_left_in_the_wal_are_folded_in_and_no_plain_byte_stays_beside_it(plain_demo, tmp_path, passphrase):
    path = copy(plain_demo, tmp_path)
    # A process that writes and is gone without closing: its change is in the -wal alone.
    code = (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL');"
        "c.execute(\"UPDATE event SET notes = 'Remembered by the write-ahead log'\"); c.commit(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    wal = Path(f"{path}-wal")
    assert b"Remembered by the write-ahead log" in wal.read_bytes()

    assert cli.main(["--db", str(path), "encrypt"]) == 0
    assert not wal.exists() and not Path(f"{path}-shm").exists()
    assert b"Remembered" not in path.read_bytes()
    conn = cipher.connect(path)
    try:
        assert conn.execute("SELECT DISTINCT notes FROM event").fetchall() == [("Remembered by the write-ahead log",)]
    finally:
        conn.close()


def test_backup_of_an_encrypted_journal_is_encrypted_and_check_runs_the_cipher_check(
    encrypted_demo, plain_demo, tmp_path, passphrase, capsys
):
    path = copy(encrypted_demo, tmp_path)
    dest = tmp_path / "backup.db"
    assert cli.main(["--db", str(path), "backup", str(dest)]) == 0
    assert "encrypted with its passphrase" in capsys.readouterr().out
    document = export_json(plain_demo, tmp_path / "plain.json", capsys)
    assert cipher.looks_encrypted(dest)
    assert [t for t in texts(document) if t.encode() in dest.read_bytes()] == []
    cipher.forget(dest)
    cipher.unlock(dest, PASSPHRASE)  # opens with the journal's passphrase

    assert cli.main(["--db", str(path), "check"]) == 0
    assert "Encryption check (cipher_integrity_check): ok" in capsys.readouterr().out


def test_syncing_an_encrypted_journal_says_its_device_file_is_readable_text(
    encrypted_demo, tmp_path, passphrase, capsys
):
    path = copy(encrypted_demo, tmp_path)
    folder = tmp_path / "shared"
    folder.mkdir()
    assert cli.main(["--db", str(path), "sync", str(folder), "--name", "laptop-a"]) == 0
    err = capsys.readouterr().err
    assert f"{folder / 'laptop-a.netjournal.json'} is readable text" in err and err.count("\n") == 1


def test_a_read_only_encrypted_journal_is_read_and_a_write_is_said_plainly(encrypted_demo, tmp_path, passphrase):
    from netjournal.errors import ReadOnlyJournalError
    from netjournal.store.engine import open_store

    path = copy(encrypted_demo, tmp_path)
    path.chmod(0o400)
    cipher.unlock(path, PASSPHRASE)
    store = open_store(path)
    try:
        assert store.read_only
        with pytest.raises(ReadOnlyJournalError), store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE event SET notes = 'x'")
    finally:
        store.close()
    # sqlcipher3's errors are sqlite3's too, so every `except sqlite3.Error` holds for them.
    from sqlcipher3 import dbapi2

    assert issubclass(dbapi2.OperationalError, sqlite3.OperationalError)


def test_what_looks_encrypted(encrypted_demo, plain_demo, tmp_path):
    samples = {
        "text": ("Dear diary,\n" * 400).encode(),
        "zeros": bytes(4096),
        "pattern": bytes(range(256)) * 40,
        "short random": os.urandom(512)[:500],
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        assert not cipher.looks_encrypted(tmp_path / name), name
    assert not cipher.looks_encrypted(plain_demo)
    assert cipher.looks_encrypted(encrypted_demo)
