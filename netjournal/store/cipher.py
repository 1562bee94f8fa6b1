"""Encrypted journals: telling one apart, holding its key for this process, and every connection to a journal.

An encrypted journal is an SQLCipher database (the optional `encryption` extra brings the `sqlcipher3`
bindings). Every place that connects to a journal does it through `connect`, so a journal whose key
is held here opens like any other, read-only included. Stdlib only: `sqlcipher3` is imported when a
file is encrypted, never for a plain journal.

The key: the passphrase is checked once (`unlock`), then the key SQLCipher would derive from it
(PBKDF2-HMAC-SHA512 over the file's own salt, SQLCipher 4's defaults) is held for that file, so each
further connection opens at once instead of deriving it again (a tenth of a second each).
"""

from __future__ import annotations

import importlib
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from netjournal.domain.text import visible
from netjournal.errors import EncryptedJournalError, NotAJournalError, WrongPassphraseError

if TYPE_CHECKING:
    import sqlite3

PASSPHRASE_VARIABLE = "NETJOURNAL_PASSPHRASE"
INSTALL = "pip install 'netjournal[encryption]'"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SALT = 16  # SQLCipher keeps the file's salt in its first 16 bytes
_LOOK = 1024  # bytes looked at to tell an encrypted file from text or zeros
_KDF_ITER, _KDF_BYTES = 256_000, 32  # SQLCipher 4's defaults
_NOT_A_DATABASE = 26  # SQLITE_NOTADB: what a wrong key reads as
# sqlcipher3's errors, made subclasses of sqlite3's too, so every `except sqlite3.Error` holds for both.
_ERRORS = (
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
)


@dataclass(frozen=True)
class Key:
    """What opens one encrypted file: its salt (to notice the file was replaced), the passphrase, and the
    derived key as SQLCipher's raw-key literal (None: derive it from the passphrase each time)."""

    salt: bytes
    passphrase: str
    raw: str | None


_held: dict[str, Key] = {}
_asker: Callable[[Path], str] | None = None


def _shown(path: Path) -> str:
    return visible(os.fspath(path))


def _where(path: Path) -> str:
    return os.path.realpath(path)


# Telling an encrypted journal apart -------------------------------------------------------------


def looks_encrypted(path: Path) -> bool:
    """Whether the file at `path` looks like an SQLCipher database: no SQLite header, whole pages, and
    bytes as random as encrypted ones (text, zeros or a pattern are not)."""
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as fh:
            head = fh.read(_LOOK)
    except OSError:
        return False
    return _looks_encrypted(head, size)


def _looks_encrypted(head: bytes, size: int) -> bool:
    if head.startswith(_SQLITE_MAGIC) or size < _LOOK or size % 512:
        return False
    # Encrypted pages are as good as random: they don't compress (text, zeros and patterns do, a lot).
    return len(zlib.compress(head[:_LOOK])) >= _LOOK


def driver(path: Path) -> ModuleType:
    """The sqlcipher3 bindings, or one line naming `path` as encrypted and how to read it."""
    import sqlite3

    try:
        db = importlib.import_module("sqlcipher3.dbapi2")
    except ImportError:
        raise EncryptedJournalError(
            f"{_shown(path)} is an encrypted journal; reading it needs netjournal's encryption extra: "
            f"{INSTALL}. Nothing was changed."
        ) from None
    for name in _ERRORS:
        ours, theirs = getattr(db, name), getattr(sqlite3, name)
        if not issubclass(ours, theirs):
            ours.__bases__ = (*ours.__bases__, theirs)
    return db


# The key for this process ----------------------------------------------------------------------


def salt_of(path: Path) -> bytes:
    """The first bytes of an encrypted file: its salt, which stays until the file is replaced."""
    try:
        with open(path, "rb") as fh:
            return fh.read(_SALT)
    except OSError:
        return b""


def held_key(path: Path) -> Key | None:
    """The key held for the encrypted file at `path`, if its passphrase was given and it is still that file."""
    if not _held:
        return None
    key = _held.get(_where(path))
    return key if key is not None and salt_of(path) == key.salt else None


def hold(path: Path, key: Key) -> None:
    _held[_where(path)] = key


def forget(path: Path) -> None:
    _held.pop(_where(path), None)


def set_asker(asker: Callable[[Path], str] | None) -> None:
    """Who gives the passphrase of an encrypted journal first met without one (the command line's terminal)."""
    global _asker
    _asker = asker


def literal(passphrase: str) -> str:
    """A passphrase as an SQL string literal, for PRAGMA key and ATTACH ... KEY."""
    return "'" + passphrase.replace("'", "''") + "'"


def unlock(path: Path, passphrase: str) -> Key:
    """Check that `passphrase` opens the encrypted journal at `path` (reading nothing else), and hold its key."""
    driver(path)
    salt = salt_of(path)
    if passphrase and "\x00" not in passphrase:
        import hashlib

        derived = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, _KDF_ITER, _KDF_BYTES)
        for key in (Key(salt, passphrase, f"\"x'{derived.hex()}'\""), Key(salt, passphrase, None)):
            if _opens(path, key):
                hold(path, key)
                return key
    raise WrongPassphraseError(f"That passphrase doesn't open {_shown(path)}; nothing was changed.")


def _opens(path: Path, key: Key) -> bool:
    import sqlite3

    conn = keyed(read_only_uri(path), key, uri=True, timeout=5.0)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as err:
        if int(getattr(err, "sqlite_errorcode", 0)) & 0xFF == _NOT_A_DATABASE:
            return False
        raise
    finally:
        conn.close()
    return True


def key_for(path: Path) -> Key:
    """The key of the encrypted journal at `path`: held, else asked for (once) if someone can ask."""
    driver(path)
    key = held_key(path)
    if key is not None:
        return key
    if _asker is None:
        raise EncryptedJournalError(
            f"{_shown(path)} is encrypted and its passphrase wasn't given; "
            f"set {PASSPHRASE_VARIABLE}, or open it at a terminal. Nothing was changed."
        )
    return unlock(path, _asker(path))


# Connecting ------------------------------------------------------------------------------------


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads the journal at `path` without writing anything, even a -wal or -shm file.

    With no -wal, every page is in the file itself: `immutable=1` reads it as it is (`mode=ro` would
    leave a -wal and -shm behind). With a -wal (someone may be writing) or a rollback -journal
    (a write was cut short), `mode=ro` reads through SQLite's locks, or says why it can't.
    """
    real = Path(os.path.realpath(path))
    busy = any(Path(f"{real}{suffix}").exists() for suffix in ("-wal", "-journal"))
    mode = "mode=ro" if busy else "immutable=1"
    return f"{real.as_uri()}?{mode}"  # as_uri() percent-encodes %, ? and #, so the name stays exactly itself


def connect(path: Path, target: str | None = None, **kwargs: Any) -> sqlite3.Connection:
    """A connection to the journal at `path` (made from `target`, a URI say, if given): the standard
    library's for a plain journal, SQLCipher's with the key for an encrypted one."""
    key = held_key(path)
    if key is None and looks_encrypted(path):
        key = key_for(path)
    if key is None:
        import sqlite3

        plain: sqlite3.Connection = sqlite3.connect(os.fspath(path) if target is None else target, **kwargs)
        return plain
    return keyed(os.fspath(path) if target is None else target, key, **kwargs)


def keyed(target: str, key: Key, **kwargs: Any) -> sqlite3.Connection:
    """An SQLCipher connection to `target` with `key`, its library's own log kept off the terminal."""
    db = driver(Path(target))
    conn = db.connect(target, **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # before the key: a wrong one logs nothing
        conn.execute(f"PRAGMA key = {key.raw or literal(key.passphrase)}")
    except BaseException:
        conn.close()
        raise
    return cast("sqlite3.Connection", conn)


def encrypted_header(path: Path) -> tuple[int, int]:
    """(schema version, application id) of an encrypted journal, read with its key; a file that doesn't
    look encrypted is no journal at all."""
    if not looks_encrypted(path):
        raise NotAJournalError(f"{_shown(path)} is not a netjournal journal. Nothing was changed.")
    import sqlite3

    conn = keyed(read_only_uri(path), key_for(path), uri=True, timeout=5.0)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    except sqlite3.DatabaseError as err:
        raise NotAJournalError(f"{_shown(path)} can't be read as a journal ({err}). Nothing was changed.") from None
    finally:
        conn.close()
    return version, app_id


def connect_like(dest: Path, journal: Path) -> sqlite3.Connection:
    """A connection to a new file `dest` that will be encrypted with `journal`'s passphrase if that one is
    (a backup of an encrypted journal is encrypted too); `hold_like` then holds its key."""
    key = held_key(journal)
    if key is None:
        import sqlite3

        return sqlite3.connect(os.fspath(dest))
    return keyed(os.fspath(dest), Key(b"", key.passphrase, None))


def hold_like(dest: Path, journal: Path) -> None:
    """Hold for `dest`, written by a `connect_like` connection, the passphrase of `journal`."""
    key = held_key(journal)
    if key is not None:
        hold(dest, Key(salt_of(dest), key.passphrase, None))
