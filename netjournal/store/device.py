"""This device, as a sync folder knows it, and the tombstones of records deleted for good.

A journal keeps one row naming the device it lives on (a name for the sync folder's file, and an
id made once), and a tombstone per event or person purged from it: only its id, its table and
when it was deleted, never a word of its text. Another device's journal, syncing, deletes the
same record unless it was edited there after that (transfer/sync.py).
"""

from __future__ import annotations

import re
import socket
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from netjournal.store.models import TAGGED_TABLES, new_id

TOMBSTONE_TABLES = TAGGED_TABLES  # purge deletes events and people (with what belongs to them)
NAME_LIMIT = 40
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class ThisDevice(SQLModel, table=True):
    """The device this journal lives on: one row, made the first time a sync asks for it."""

    __tablename__ = "this_device"
    id: int = Field(default=1, primary_key=True)
    device_id: str
    name: str


class Tombstone(SQLModel, table=True):
    """An event or person deleted for good: no text, only which record it was and when it was deleted."""

    __table_args__ = (
        CheckConstraint(f"record_table IN ({', '.join(repr(t) for t in TOMBSTONE_TABLES)})", name="ck_record_table"),
    )
    id: str = Field(primary_key=True)
    record_table: str
    deleted_at: datetime


@dataclass(frozen=True)
class Device:
    id: str
    name: str


def tidy_name(text: str) -> str:
    """A device name that is safe as a file name anywhere: letters, digits, - and _ (at most 40), never empty."""
    name = _UNSAFE.sub("-", text.split(".")[0]).strip("-_")[:NAME_LIMIT].strip("-_")
    return name or "this-device"


def this_device(conn: sqlite3.Connection) -> Device:
    """This journal's device (made now, named after the host, if it has none yet); call inside a write."""
    row = conn.execute("SELECT device_id, name FROM this_device WHERE id = 1").fetchone()
    if row is not None:
        return Device(str(row[0]), str(row[1]))
    device = Device(new_id(), tidy_name(socket.gethostname()))
    conn.execute("INSERT INTO this_device (id, device_id, name) VALUES (1, ?, ?)", (device.id, device.name))
    return device


def keep_tombstones(conn: sqlite3.Connection, stones: Iterable[tuple[str, str, str | None]]) -> None:
    """Keep (id, table, deleted_at as stored) tombstones; of two for one record, the later deletion."""
    conn.executemany(
        "INSERT INTO tombstone (id, record_table, deleted_at) VALUES (?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at WHERE excluded.deleted_at > deleted_at",
        list(stones),
    )
