"""Reading a JSON export back in: read the file, check every record, then merge in one transaction.

The format is described by the models in transfer/document.py; transfer/import_checks.py checks a
file against them and itself, transfer/merge.py writes what passed into the journal.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

from netjournal.domain.text import visible
from netjournal.store.engine import Store
from netjournal.transfer.document import OutOfRange
from netjournal.transfer.import_checks import KINDS_OF_RECORD, ImportRefused, Incoming, Record, check_document
from netjournal.transfer.merge import ImportReport, merge

__all__ = [
    "KINDS_OF_RECORD",
    "MAX_FILE_SIZE",
    "ImportRefused",
    "ImportReport",
    "Incoming",
    "Record",
    "check_document",
    "import_document",
    "merge",
    "parse_document",
    "read_document",
]


MAX_FILE_SIZE = 1 << 30  # 1 GiB: far more than a lifetime of entries takes as an export
_MAX_DIGITS = 18  # more than any number a field holds (SQLite's own integers stop at 19 digits)


def read_document(path: Path) -> Any:
    """The parsed JSON of `path`; anything but a readable file of JSON is refused in one line.

    Only a regular file of at most MAX_FILE_SIZE is read: a folder, a device (/dev/zero) or a
    named pipe is refused from what the file system says of it, before a byte is read.
    """
    shown = visible(str(path))
    try:
        _refuse_unless_a_file(os.stat(path), shown)
        # Not blocking, so a pipe put there since the look above can't hold the import up.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise ImportRefused(f"Can't read {shown}: {err.strerror or err}.") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        _refuse_unless_a_file(info, shown)
        try:
            raw = file.read(info.st_size + 1)  # at most MAX_FILE_SIZE + 1 bytes in all, however it grows
            while len(raw) <= MAX_FILE_SIZE and (more := file.read(min(1 << 24, MAX_FILE_SIZE + 1 - len(raw)))):
                raw += more
        except OSError as err:
            raise ImportRefused(f"Can't read {shown}: {err.strerror or err}.") from None
    if len(raw) > MAX_FILE_SIZE:  # it grew since
        raise ImportRefused(f"{shown} is over 1 GiB; netjournal imports files up to 1 GiB. Nothing was imported.")
    return parse_document(raw, source=str(path))


def _refuse_unless_a_file(info: os.stat_result, shown: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise ImportRefused(
            f"{shown} is {_kind_of_file(info.st_mode)}, not a file; netjournal imports a file that "
            "`netjournal export` wrote. Nothing was imported."
        )
    if info.st_size > MAX_FILE_SIZE:
        raise ImportRefused(
            f"{shown} is over 1 GiB ({info.st_size / (1 << 30):.1f} GiB); netjournal imports files up to 1 GiB. "
            "Nothing was imported."
        )


def _kind_of_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def parse_document(raw: bytes | str, *, source: str = "The file") -> Any:
    """The JSON in `raw`. A number no field could hold (NaN, Infinity, thousands of digits) is read
    as an OutOfRange, so the check names it at its record instead of failing the whole file."""
    source = visible(source)
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{source} is not UTF-8 text, so it isn't a netjournal export. Nothing was imported."
        ) from None
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=OutOfRange)
    except (ValueError, RecursionError) as err:
        where = f" (line {err.lineno}, column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
        raise ImportRefused(
            f"{source} is not complete JSON{where}; it may have been cut short. Nothing was imported."
        ) from None


def _int(text: str) -> int | OutOfRange:
    digits = len(text) - text.startswith("-")
    # Python refuses to read an int of over 4,300 digits at all; none this long fits a field anyway.
    return int(text) if digits <= _MAX_DIGITS else OutOfRange(f"a number {digits} digits long")


def _float(text: str) -> float | OutOfRange:
    value = float(text)
    if math.isfinite(value):
        return value
    return OutOfRange(text if len(text) <= 24 else f"a number {len(text)} characters long")


def import_document(*, store: Store, doc: Any, source: str = "The file") -> ImportReport:
    """Check `doc` completely, then merge it into `store` in one transaction."""
    incoming = check_document(doc, source=source)
    with store.session() as session:
        return merge(session=session, incoming=incoming, source=source)
