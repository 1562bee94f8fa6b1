"""Reading a JSON export back in: read the file, check every record, then merge in one transaction.

The format is described by the models in transfer/document.py; transfer/import_checks.py checks a
file against them and itself, transfer/merge.py writes what passed into the journal.
"""

from __future__ import annotations

import json
import math
import os
import stat
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime
from json.scanner import make_scanner
from pathlib import Path
from typing import Any, BinaryIO

from sqlmodel import Session

from netjournal.domain.text import visible
from netjournal.store.engine import Store
from netjournal.transfer.document import OutOfRange
from netjournal.transfer.import_checks import KINDS_OF_RECORD, ImportRefused, Incoming, Record, check_document
from netjournal.transfer.import_stream import LISTED, LISTED_ORDER, Shape, check_stream, record_batches
from netjournal.transfer.json_stream import Event, JsonStream, ReadWhole
from netjournal.transfer.merge import BATCH, ImportReport, Merge, merge

__all__ = [
    "KINDS_OF_RECORD",
    "MAX_FILE_SIZE",
    "ImportFile",
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
Progress = Callable[[int, int], object]  # told how many bytes of how many were read


def read_document(path: Path) -> Any:
    """The parsed JSON of `path`; anything but a readable file of JSON is refused in one line.

    Only a regular file of at most MAX_FILE_SIZE is read: a folder, a device (/dev/zero) or a
    named pipe is refused from what the file system says of it, before a byte is read.
    """
    with open_import(path) as file:
        raw = _read_whole(file, visible(str(path)))
    return parse_document(raw, source=str(path))


def open_import(path: Path) -> BinaryIO:
    """The file at `path`, open for reading, once the file system says it is a regular file of at most 1 GiB."""
    shown = visible(str(path))
    try:
        _refuse_unless_a_file(os.stat(path), shown)
        # Not blocking, so a pipe put there since the look above can't hold the import up.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise ImportRefused(f"Can't read {shown}: {err.strerror or err}.") from None
    file = os.fdopen(fd, "rb")
    try:
        _refuse_unless_a_file(os.fstat(fd), shown)
    except BaseException:
        file.close()
        raise
    return file


def _read_whole(file: BinaryIO, shown: str) -> bytes:
    file.seek(0)
    try:
        raw = file.read(os.fstat(file.fileno()).st_size + 1)  # at most MAX_FILE_SIZE + 1 bytes in all, however it grows
        while len(raw) <= MAX_FILE_SIZE and (more := file.read(min(1 << 24, MAX_FILE_SIZE + 1 - len(raw)))):
            raw += more
    except OSError as err:
        raise ImportRefused(f"Can't read {shown}: {err.strerror or err}.") from None
    if len(raw) > MAX_FILE_SIZE:  # it grew since
        raise _grew(shown)
    return raw


def _grew(shown: str) -> ImportRefused:
    return ImportRefused(f"{shown} is over 1 GiB; netjournal imports files up to 1 GiB. Nothing was imported.")


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


# The json module's scanner with the number rules above: what json.loads reads one value with.
_SCAN: Callable[[str, int], tuple[Any, int]] = make_scanner(
    json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=OutOfRange)  # type: ignore[arg-type]
)


def import_document(*, store: Store, doc: Any, source: str = "The file") -> ImportReport:
    """Check `doc` completely, then merge it into `store` in one transaction."""
    incoming = check_document(doc, source=source)
    with store.session() as session:
        return merge(session=session, incoming=incoming, source=source)


class ImportFile:
    """A file to import, open from the first look at it until the last record is merged.

    `check` reads it once, a piece at a time, and checks every record (before the journal is even
    opened); `merge` reads it again, a batch of records at a time, into the journal in one
    transaction. Both passes see the same bytes, or the import stops with nothing written. A file
    that can't be read a piece at a time (see import_stream) is read whole, as before.
    """

    def __init__(self, path: Path, *, progress: Progress | None = None) -> None:
        self.path = path
        self.source = str(path)
        self._shown = visible(self.source)
        self._file = open_import(path)
        self._progress = progress
        self._whole: Incoming | None = None  # the checked records of a file read whole
        self._shape: Shape | None = None
        self._seen: tuple[int, int] | None = None  # (bytes, CRC-32) of the first pass

    def __enter__(self) -> ImportFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def check(self, *, now: datetime | None = None) -> None:
        """Check the whole file; raises ImportRefused."""
        reading = _Reading(self._file, self._shown, self._progress)
        try:
            self._shape = check_stream(reading.events(), source=self.source, now=now)
            self._seen = reading.finish()
        except ReadWhole:
            doc = parse_document(_read_whole(self._file, self._shown), source=self.source)
            self._whole = check_document(doc, source=self.source, now=now)

    def merge(self, *, session: Session) -> ImportReport:
        """Merge the checked file into the journal; raises ImportRefused, and nothing is written."""
        if self._whole is not None:
            return merge(session=session, incoming=self._whole, source=self.source)
        if self._shape is None:
            raise RuntimeError("check the file before merging it")
        # People first: in one pass if the file lists them first (as an export does), else in a pass of their own.
        passes = [LISTED] if self._shape.lists == ["people", "events"] else [frozenset([key]) for key in LISTED_ORDER]
        with Merge(session, source=self.source) as merging:
            for keys in passes:
                reading = _Reading(self._file, self._shown, self._progress)
                try:
                    for batch in record_batches(reading.events(), keys, BATCH, read=reading.read_so_far):
                        if batch.people:
                            merging.people(batch.people)
                        else:
                            merging.events(batch.events, batch.goals, batch.reflections, batch.meetings)
                except Exception:
                    if reading.finish() != self._seen:  # not what was checked: that is what went wrong
                        raise self._changed() from None
                    raise
                if reading.finish() != self._seen:
                    raise self._changed()
            return merging.finish()

    def _changed(self) -> ImportRefused:
        return ImportRefused(f"{self._shown} changed while it was being imported; nothing was imported. Try again.")


class _Reading:
    """One pass over the file from its first byte: its JSON, a piece at a time, and what was read."""

    def __init__(self, file: BinaryIO, shown: str, progress: Progress | None) -> None:
        file.seek(0)
        self._file = file
        self._shown = shown
        self._progress = progress
        self._size = os.fstat(file.fileno()).st_size
        self._bytes = 0
        self._crc = 0

    def events(self) -> Iterator[Event]:
        stream = JsonStream(self._read, _SCAN)
        try:
            yield from stream.events(LISTED)
        except UnicodeDecodeError:
            if self._grown():
                raise _grew(self._shown) from None
            raise ImportRefused(
                f"{self._shown} is not UTF-8 text, so it isn't a netjournal export. Nothing was imported."
            ) from None

    def read_so_far(self) -> int:
        return self._bytes

    def finish(self) -> tuple[int, int] | None:
        """(bytes, CRC-32) of the whole file, what is left read now; None if it can't be read to its end."""
        try:
            while self._read(1 << 20):
                pass
        except ImportRefused:
            return None
        return (self._bytes, self._crc)

    def _read(self, n: int) -> bytes:
        try:
            data = self._file.read(n)
        except OSError as err:
            raise ImportRefused(f"Can't read {self._shown}: {err.strerror or err}.") from None
        self._bytes += len(data)
        if self._bytes > MAX_FILE_SIZE:
            raise _grew(self._shown)
        self._crc = zlib.crc32(data, self._crc)
        if self._progress is not None:
            self._progress(self._bytes, max(self._size, self._bytes))
        return data

    def _grown(self) -> bool:
        """Whether the file is over 1 GiB by now (which is said before anything else about it)."""
        try:
            while self._read(1 << 24):
                pass
        except ImportRefused:
            return True
        return False
