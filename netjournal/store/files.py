"""Where the journal lives, a look at a file before SQLite ever opens it, and writing the files people name.

Stdlib only (plus platformdirs): the command line runs this before the first
frame, so it must stay cheap to import.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from netjournal.domain.text import visible
from netjournal.errors import (
    DiskFullError,
    InputError,
    JournalError,
    NewerJournalError,
    NotAJournalError,
    ReadOnlyJournalError,
    UnreadableError,
)
from netjournal.store import cipher
from netjournal.store.cipher import read_only_uri

if TYPE_CHECKING:
    import sqlite3

APPLICATION_ID = 0x4E4A524E  # "NJRN" in the SQLite header marks a netjournal journal.
SCHEMA_VERSION = 7
_SQLITE_MAGIC = b"SQLite format 3\x00"
_NO_ROOM = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def shown(path: str | os.PathLike[str]) -> str:
    """A path as a message may echo it: control characters written out."""
    return visible(os.fspath(path))


def default_db_path() -> Path:
    """`$NETJOURNAL_DB` if set, else the platform's user data folder."""
    env = os.environ.get("NETJOURNAL_DB")
    if env:
        return _journal_path(env)
    from platformdirs import user_data_path

    return user_data_path("netjournal", appauthor=False) / "journal.db"


def resolve_db_path(given: str | os.PathLike[str] | None) -> Path:
    """The journal `--db` names (exactly that file, whatever its name holds), else the default."""
    return default_db_path() if given is None else _journal_path(given)


def _journal_path(given: str | os.PathLike[str]) -> Path:
    text = os.fspath(given)
    if not text:
        raise InputError("An empty --db names no file; give the journal's path, e.g. --db ~/journal.db.")
    if text == ":memory:":
        raise InputError(
            "--db :memory: would keep the journal in memory and lose it when netjournal stops; "
            "give a file instead, e.g. --db ~/journal.db."
        )
    return Path(text).expanduser()


def read_header(path: Path) -> tuple[int, int] | None:
    """(schema version, application id) from an SQLite file's header, or None if there is no file yet.

    Reads only the 100-byte header, so a file that is refused is never touched (an encrypted journal is
    read with its key: see `cipher`).
    """
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise NotAJournalError(f"{shown(path)} is not a file, so it can't be a journal.")
        if st.st_size == 0:
            raise NotAJournalError(f"{shown(path)} is empty, not a netjournal journal. Nothing was changed.")
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise UnreadableError(f"netjournal may not read {shown(path)} (permission denied).") from None
    except OSError as err:
        raise UnreadableError(f"{shown(path)} can't be read ({err.strerror or err}).") from None
    if not header.startswith(_SQLITE_MAGIC):  # an encrypted journal, read with its key; else not a journal
        return cipher.encrypted_header(path)
    if len(header) < 100:
        raise NotAJournalError(f"{shown(path)} is not a netjournal journal. Nothing was changed.")
    return int.from_bytes(header[60:64], "big"), int.from_bytes(header[68:72], "big")


def inspect_journal_file(path: Path) -> int | None:
    """The schema version of the journal at `path`, or None if there is no file yet."""
    header = read_header(path)
    if header is None:
        return None
    version, app_id = header
    if app_id != APPLICATION_ID:
        raise NotAJournalError(
            f"{shown(path)} is an SQLite database but not a netjournal journal. Nothing was changed."
        )
    check_version(path, version)
    return version


def check_version(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise NewerJournalError(
            f"{shown(path)} was written by a newer netjournal (journal version {version}, "
            f"this one reads up to {SCHEMA_VERSION}). Please update netjournal; nothing was changed."
        )


# Permissions: only ever tightened --------------------------------------------------------------


def make_private_dir(folder: Path) -> None:
    """Create `folder` (and missing parents) owner-only; leave existing folders alone."""
    missing = []
    p = folder
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        d.mkdir(mode=0o700)
        os.chmod(d, 0o700)  # mkdir's mode is filtered by the umask.


def make_private(path: Path) -> None:
    """Take group and other permissions off a journal and its -wal/-shm; never add any."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = stat.S_IMODE(os.stat(p).st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            os.chmod(p, mode & 0o700)


def may_write(path: Path) -> bool:
    """Whether netjournal may write `path` (a file or folder that exists).

    The owner's write bit decides first: root may write anything, yet a journal
    someone made read-only (chmod 400, or its folder 555) must stay as it is.
    """
    st = os.stat(path)
    return bool(st.st_mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def read_only_reason(path: Path) -> str | None:
    """Why the journal at `path` may only be read ("is read-only", ...), or None if it may be written.

    A journal in WAL mode needs its folder to take the -wal and -shm files too.
    """
    real = Path(os.path.realpath(path))
    if not may_write(real):
        return "is read-only"
    if not may_write(real.parent):
        return "is in a read-only folder"
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{real}{suffix}")
        if companion.exists() and not may_write(companion):
            return f"has a read-only {suffix} file beside it"
    return None


def read_only_error(path: Path, reason: str = "is read-only") -> ReadOnlyJournalError:
    return ReadOnlyJournalError(
        f"{shown(path)} {reason}, so nothing was changed. It can still be read, exported and backed up."
    )


def connect_read_only(path: Path) -> sqlite3.Connection:
    conn = cipher.connect(path, read_only_uri(path), uri=True, timeout=5.0, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


# Room on the disk ------------------------------------------------------------------------------


def no_room(folder: Path) -> bool:
    """Whether a write that just broke most likely ran out of room: a cap on file size, or a full disk."""
    try:
        import resource

        if resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY:
            return True
    except (ImportError, OSError, ValueError):
        pass
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 1 << 20


def disk_full_error(path: Path) -> DiskFullError:
    return DiskFullError(f"Can't write {shown(path)}: the disk is full; nothing was changed.")


def storage_error(path: Path, err: sqlite3.Error) -> JournalError | None:
    """SQLite's error said as what it is for the journal at `path`: read-only, or no room (else None)."""
    import sqlite3

    code = int(getattr(err, "sqlite_errorcode", 0)) & 0xFF
    if code == sqlite3.SQLITE_READONLY:
        return read_only_error(path, read_only_reason(path) or "can't be written just now")
    if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and no_room(Path(path).absolute().parent)):
        return disk_full_error(path)
    return None


def write_error(path: Path, err: OSError) -> JournalError:
    """An OSError met while writing `path`, said as what it is."""
    if err.errno in _NO_ROOM:
        return disk_full_error(path)
    if isinstance(err, PermissionError):
        return InputError(f"netjournal may not write {shown(path)} (permission denied); nothing was changed.")
    return JournalError(f"Can't write {shown(path)} ({err.strerror or err}); nothing was changed.")


# Writing a file a person named -----------------------------------------------------------------

_JOURNAL_PARTS = (
    ("", "the journal itself"),
    ("-wal", "the journal's write-ahead log"),
    ("-shm", "the journal's shared-memory file"),
    ("-journal", "the journal's rollback journal"),
)


def refuse_output(target: Path, *, journal: Path | None = None) -> None:
    """Raise InputError unless `target` is a plain file (or a new name) that isn't part of `journal`."""
    name = shown(target)
    try:
        st: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise InputError(f"Can't look at {name} ({err.strerror or err}); nothing was written.") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise InputError(
                f"{name} is a symbolic link; netjournal writes only to the file itself, so nothing was changed."
            )
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name} is a folder; name a file to write. Nothing was changed.")
        if not stat.S_ISREG(st.st_mode):
            kind = "a pipe" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
            raise InputError(f"{name} is {kind}, not a file; nothing was written.")
    if journal is not None:
        part = _journal_part(target, st, journal)
        if part:
            raise InputError(f"{name} is {part}; writing there would destroy it. Nothing was changed.")


def _journal_part(target: Path, st: os.stat_result | None, journal: Path) -> str | None:
    """What part of `journal` `target` is (by device and inode, or by name if it doesn't exist yet)."""
    where = os.path.realpath(target)
    for suffix, what in _JOURNAL_PARTS:
        for base in (os.fspath(journal), os.path.realpath(journal)):
            part = f"{base}{suffix}"
            if os.path.realpath(part) == where:
                return what
            if st is not None:
                with contextlib.suppress(OSError):
                    other = os.stat(part)
                    if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                        return what
    return None


def write_user_file(target: Path, data: bytes, *, journal: Path | None = None) -> None:
    """Write `data` to the file a person named, all at once or not at all (see `writing_user_file`)."""
    with writing_user_file(target, journal=journal) as out:
        out.write(data)


class UserFile:
    """The new file `writing_user_file` fills: small pieces are kept until a mebibyte is waiting, then written."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._pending = bytearray()

    def write(self, data: bytes | memoryview) -> None:
        if len(data) >= _PIECE:  # written as it is, not copied
            self.flush()
            _write_all(self._fd, data)
            return
        self._pending += data
        if len(self._pending) >= _PIECE:
            self.flush()

    def flush(self) -> None:
        _write_all(self._fd, self._pending)
        self._pending.clear()


_PIECE = 1 << 20


def _write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    done = 0
    with memoryview(data) as view:
        while done < len(view):
            done += os.write(fd, view[done:])


@contextlib.contextmanager
def writing_user_file(target: Path, *, journal: Path | None = None) -> Iterator[UserFile]:
    """A file a person named, filled a piece at a time, that appears whole or not at all.

    A new file beside it (0600) takes the bytes, reaches the disk, then takes the target's name
    in one step when the `with` block ends; if anything goes wrong first (in the block too), the
    target is as it was and the new file is gone. Links, folders, devices, pipes and the journal
    itself are refused before anything is made.
    """
    target = Path(target)
    refuse_output(target, journal=journal)
    folder = target.parent
    tmp = folder / f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, 0o600)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"There is no folder {shown(folder)}; nothing was written.") from None
    except OSError as err:
        raise write_error(target, err) from None
    moved = False
    try:
        try:
            os.fchmod(fd, 0o600)  # our own new file: owner-only whatever the umask
            out = UserFile(fd)
            yield out
            out.flush()
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        moved = True
    except OSError as err:
        raise write_error(target, err) from None
    finally:
        if not moved:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system lets a folder be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
