"""A device's file in a sync folder: the export's records plus what a sync needs besides.

`<device>.netjournal.json` is readable JSON like an export: this device's name and id, every event
and person with what belongs to them, the ones in the Trash too (each record says when it was
deleted, or null), the tombstones of what was deleted for good, and History. The models here are
the one description of it; `device_document` reads a journal into it, `read_device_file` checks one.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from annotated_types import Ge, Le
from pydantic import Field, StrictInt, StrictStr
from pydantic_core import to_json
from sqlmodel import Session

from netjournal.domain.text import visible
from netjournal.store.device import Device
from netjournal.store.models import HISTORY_TABLES
from netjournal.transfer.document import (
    EventRecord,
    GoalRecord,
    Id,
    MeetingRecord,
    Name,
    PersonRecord,
    RecordModel,
    ReflectionRecord,
    Text,
    Time,
    show,
)
from netjournal.transfer.import_checks import ImportRefused, Incoming, check_document
from netjournal.transfer.importer import read_document
from netjournal.transfer.journal_rows import JournalRows, stored_time

FORMAT = "netjournal-device"
VERSION = 1
SUFFIX = ".netjournal.json"


class SyncPerson(PersonRecord):
    deleted_at: Time | None = None


class SyncGoal(GoalRecord):
    deleted_at: Time | None = None


class SyncMeeting(MeetingRecord):
    deleted_at: Time | None = None


class SyncReflection(ReflectionRecord):
    deleted_at: Time | None = None


class SyncEvent(EventRecord):
    deleted_at: Time | None = None
    goal: SyncGoal | None = None
    meetings: list[SyncMeeting] = Field(default_factory=list)  # type: ignore[assignment]
    reflection: SyncReflection | None = None


class DeviceRecord(RecordModel):
    id: Id
    name: Name


class TombstoneRecord(RecordModel):
    id: Id
    table: Literal["event", "person"]
    deleted_at: Time


class HistoryRecord(RecordModel):
    id: Id
    record_table: Literal[HISTORY_TABLES]  # type: ignore[valid-type]
    record_id: Id
    field: StrictStr
    value: Text | None = None
    replaced_at: Time
    visit: StrictStr
    created_at: Time


class DeviceDocument(RecordModel):
    format: Literal["netjournal-device"]
    version: Annotated[StrictInt, Ge(1), Le(VERSION)]
    device: DeviceRecord
    people: list[SyncPerson]
    events: list[SyncEvent]
    tombstones: list[TombstoneRecord] = Field(default_factory=list)
    history: list[HistoryRecord] = Field(default_factory=list)


def file_name(device: Device) -> str:
    return f"{device.name}{SUFFIX}"


def device_document(*, session: Session, device: Device) -> dict[str, Any]:
    """The journal as this device's file holds it (Trash included), read from one snapshot."""
    rows = JournalRows(session, exported_at=None, deleted=True)
    db = cast(sqlite3.Connection, session.connection().connection.driver_connection)
    tombstones = [
        {"id": i, "table": table, "deleted_at": stored_time(when)}
        for i, table, when in db.execute("SELECT id, record_table, deleted_at FROM tombstone ORDER BY id")
    ]
    history = [
        {
            "id": i,
            "record_table": table,
            "record_id": record_id,
            "field": field,
            "value": value,
            "replaced_at": stored_time(replaced_at),
            "visit": visit,
            "created_at": stored_time(created_at),
        }
        for i, table, record_id, field, value, replaced_at, visit, created_at in db.execute(
            "SELECT id, record_table, record_id, field, value, replaced_at, visit, created_at FROM history ORDER BY id"
        )
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "device": {"id": device.id, "name": device.name},
        "people": [person for batch in rows.people() for person in batch],
        "events": [event for batch, _ in rows.events() for event in batch],
        "tombstones": tombstones,
        "history": history,
    }


def dumps(document: dict[str, Any]) -> bytes:
    return bytes(to_json(document, indent=2)) + b"\n"


def check_device_document(doc: Any, *, source: str, now: datetime | None = None) -> Incoming:
    """The records of a device's file, checked as an import checks an export; raises ImportRefused."""
    shown = visible(source)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRefused(f'{shown} is not a netjournal device file (no "format": "{FORMAT}").')
    version = doc.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:
        raise ImportRefused(
            f"{shown} has a device-file version this netjournal doesn't know ({show(version)}); "
            "is the other device's netjournal newer? Update this one."
        )
    return check_document(doc, source=source, now=now, model=DeviceDocument)


def read_device_file(path: Path, *, now: datetime | None = None) -> Incoming:
    """A device's file, read whole and checked; raises ImportRefused naming it."""
    try:
        doc = read_document(path)
    except ImportRefused as err:  # named as the folder lists it
        raise ImportRefused(str(err).replace(visible(str(path)), visible(path.name), 1)) from None
    return check_device_document(doc, source=path.name, now=now)
