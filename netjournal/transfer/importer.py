"""Reading a JSON export back in: read the file, check every record, then merge in one transaction.

The format is described by the models in transfer/document.py; transfer/import_checks.py checks a
file against them and itself, transfer/merge.py writes what passed into the journal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netjournal.domain.text import visible
from netjournal.store.engine import Store
from netjournal.transfer.import_checks import KINDS_OF_RECORD, ImportRefused, Incoming, Record, check_document
from netjournal.transfer.merge import ImportReport, merge

__all__ = [
    "KINDS_OF_RECORD",
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


def read_document(path: Path) -> Any:
    """The parsed JSON of `path`; a file that isn't readable JSON is refused in one line."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ImportRefused(f"Can't read {visible(str(path))}: {err.strerror or err}.") from None
    return parse_document(raw, source=str(path))


def parse_document(raw: bytes | str, *, source: str = "The file") -> Any:
    source = visible(source)
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{source} is not UTF-8 text, so it isn't a netjournal export. Nothing was imported."
        ) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as err:
        where = f" (line {err.lineno}, column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
        raise ImportRefused(
            f"{source} is not complete JSON{where}; it may have been cut short. Nothing was imported."
        ) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def import_document(*, store: Store, doc: Any, source: str = "The file") -> ImportReport:
    """Check `doc` completely, then merge it into `store` in one transaction."""
    incoming = check_document(doc, source=source)
    with store.session() as session:
        return merge(session=session, incoming=incoming, source=source)
