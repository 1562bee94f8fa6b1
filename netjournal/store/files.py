"""Where the journal lives, and a look at a file before SQLite ever opens it.

Stdlib only (plus platformdirs): the command line runs this before the first
frame, so it must stay cheap to import.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from netjournal.errors import NewerJournalError, NotAJournalError

APPLICATION_ID = 0x4E4A524E  # "NJRN" in the SQLite header marks a netjournal journal.
SCHEMA_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"


def default_db_path() -> Path:
    """`$NETJOURNAL_DB` if set, else the platform's user data folder."""
    env = os.environ.get("NETJOURNAL_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("netjournal", appauthor=False) / "journal.db"


def resolve_db_path(given: str | os.PathLike[str] | None) -> Path:
    return Path(given).expanduser() if given else default_db_path()


def inspect_journal_file(path: Path) -> int | None:
    """The schema version of the journal at `path`, or None if there is no file yet.

    Reads only the 100-byte header, so a file that is refused is never touched.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise NotAJournalError(f"{path} is not a file, so it can't be a journal.")
    if st.st_size == 0:
        raise NotAJournalError(f"{path} is empty, not a netjournal journal. Nothing was changed.")
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise NotAJournalError(f"{path} is not a netjournal journal. Nothing was changed.")
    version = int.from_bytes(header[60:64], "big")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise NotAJournalError(f"{path} is an SQLite database but not a netjournal journal. Nothing was changed.")
    check_version(path, version)
    return version


def check_version(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise NewerJournalError(
            f"{path} was written by a newer netjournal (journal version {version}, "
            f"this one reads up to {SCHEMA_VERSION}). Please update netjournal; nothing was changed."
        )


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
    """Set a journal file and its -wal/-shm companions to 0600 where they exist."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(p, 0o600)


def open_private_for_write(path: Path, mode: str = "w", **kwargs):
    """Open a file for writing that is created 0600 whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    return os.fdopen(fd, mode, **kwargs)
