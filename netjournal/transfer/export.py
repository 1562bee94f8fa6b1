"""The journal as one document: JSON (the format import reads back), Markdown or CSV.

The document holds the fields the models in transfer/document.py describe, in their order.
`write_export` streams it: the journal is read a batch at a time (transfer/journal_rows.py) and
each batch is written before the next is read, so a journal of any size exports in little memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from pydantic_core import to_json
from sqlmodel import Session

from netjournal.transfer.document import FORMAT, VERSION
from netjournal.transfer.document import iso_time as _iso_time
from netjournal.transfer.journal_rows import (
    EVENT_COLUMNS,
    GOAL_COLUMNS,
    MEETING_COLUMNS,
    PERSON_COLUMNS,
    REFLECTION_COLUMNS,
    DocumentRows,
    JournalRows,
    Row,
    Tick,
    Write,
)
from netjournal.transfer.markdown import dumps_markdown, write_markdown
from netjournal.transfer.spreadsheet import CSV_COLUMNS, dumps_csv, neutralise_cell, write_csv

__all__ = [
    "CSV_COLUMNS",
    "EVENT_COLUMNS",
    "FORMAT",
    "FORMATS",
    "GOAL_COLUMNS",
    "MEETING_COLUMNS",
    "PERSON_COLUMNS",
    "REFLECTION_COLUMNS",
    "VERSION",
    "dumps_csv",
    "dumps_json",
    "dumps_markdown",
    "iso_date",
    "iso_time",
    "journal_document",
    "neutralise_cell",
    "render",
    "write_export",
]

FORMATS = ("json", "markdown", "csv")
Progress = Callable[[int, int], object]  # told how many events and people of how many are written


def iso_time(value: datetime | None) -> str | None:
    """A time as the export writes it (UTC, ISO 8601 with a Z and microseconds); None stays None."""
    return None if value is None else _iso_time(value)


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def write_export(
    *, session: Session, fmt: str, write: Write, now: datetime | None = None, progress: Progress | None = None
) -> None:
    """Write the whole journal in `fmt` (one of FORMATS) through `write`, a batch at a time.

    Soft-deleted rows are left out; the order is stable (people by id, events by date then id).
    """
    rows = JournalRows(session, exported_at=iso_time(now or datetime.now(UTC)))
    tick: Tick | None = None
    if progress is not None:
        events, people = rows.counts()
        total = events + people if fmt == "json" else events  # the Markdown and CSV go by event
        done = 0
        progress(done, total)

        def tick(n: int) -> None:
            nonlocal done
            done += n
            progress(done, total)

    _writer(fmt)(rows, write, tick)


def journal_document(*, session: Session, now: datetime | None = None) -> dict[str, Any]:
    """The whole journal as one document in memory: what `write_export` writes, as a dict."""
    rows = JournalRows(session, exported_at=iso_time(now or datetime.now(UTC)))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": rows.exported_at,
        "people": [person for batch in rows.people() for person in batch],
        "events": [event for batch, _ in rows.events() for event in batch],
    }


def render(document: dict[str, Any], fmt: str) -> str:
    """The document as text in one of FORMATS: the same text `write_export` writes."""
    parts: list[bytes | memoryview] = []
    _writer(fmt)(DocumentRows(document), parts.append, None)
    return b"".join(parts).decode("utf-8")


def dumps_json(document: dict[str, Any]) -> str:
    """The document as indented JSON and a newline: the text of `json.dumps(document, ensure_ascii=False, indent=2)`."""
    return render(document, "json")


def _writer(fmt: str) -> Callable[[Any, Write, Tick | None], None]:
    writers = {"json": write_json, "markdown": write_markdown, "csv": write_csv}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}")
    return writers[fmt]


def write_json(rows: JournalRows | DocumentRows, write: Write, tick: Tick | None = None) -> None:
    """The document as `to_json(document, indent=2)` would write it, and a newline, one batch at a time.

    Each batch is serialised as a list by pydantic's serializer (fast, and exactly the text of
    `json.dumps(..., ensure_ascii=False, indent=2)`), then indented one level more: a JSON string
    never holds a raw line break, so every line break in the text is between two values.
    """
    head = {"format": FORMAT, "version": VERSION, "exported_at": rows.exported_at}
    write(b"{\n" + b"".join(b"  %s: %s,\n" % (to_json(key), to_json(value)) for key, value in head.items()))
    write(b'  "people": ')
    _json_list(rows.people(), write, tick)
    write(b',\n  "events": ')
    _json_list((events for events, _ in rows.events()), write, tick)
    write(b"\n}\n")


def _json_list(batches: Iterator[list[Row]], write: Write, tick: Tick | None) -> None:
    """A list, two spaces in, as the value of a key of the document."""
    empty = True
    for batch in batches:
        if not batch:
            continue
        # b"[\n  {...},\n  {...}\n]", indented: b"[\n    {...},\n    {...}\n  ]"
        text = to_json(batch, indent=2).replace(b"\n", b"\n  ")
        write(b"[\n    " if empty else b",\n    ")
        write(memoryview(text)[6:-4])
        empty = False
        if tick is not None:
            tick(len(batch))
    write(b"[]" if empty else b"\n  ]")
