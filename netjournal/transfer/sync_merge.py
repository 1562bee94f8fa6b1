"""Merging other devices' files into this journal, a file at a time, in one transaction (see transfer/sync.py).

Each file goes through the import's merge (transfer/merge.py) with a sync's rule for a tie of times:
the version of the device with the greater id. First its tombstones delete what they may; records a
tombstone here outdates are left out; afterwards its History joins this journal's, and each field of
this journal that lost is kept in History.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlmodel import Session

from netjournal.domain.tags import tags_text
from netjournal.domain.text import count
from netjournal.store import changes
from netjournal.store.device import Device, keep_tombstones
from netjournal.store.models import new_id
from netjournal.store.trash import delete_records
from netjournal.transfer.bulk import in_chunks, marks, stored_time, time_of
from netjournal.transfer.import_checks import Incoming, Record, live
from netjournal.transfer.merge import BATCH, Existing, Merge

_TABLE = {"people": "person", "events": "event", "goals": "goal", "reflections": "reflection", "meetings": "meeting"}
_KEPT_FIELDS = {  # the fields History keeps and restores, by table
    "event": changes.EVENT_FIELDS,
    "goal": changes.GOAL_FIELDS,
    "person": changes.PERSON_FIELDS,
    "meeting": changes.MEETING_FIELDS,
    "reflection": changes.REFLECTION_FIELDS,
}


@dataclass
class FromDevice:
    """What one other device's file brought."""

    name: str
    events: set[str] = field(default_factory=set)  # events with something new (themselves, their goal, meetings...)
    people: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)  # events and people moved to the Trash or deleted for good

    @property
    def changed(self) -> bool:
        return bool(self.events or self.people or self.deleted)

    def said(self) -> str:
        """`From laptop-b: 3 events, 2 people; 1 deleted.` or `Nothing new from laptop-b.`"""
        what = []
        if events := len(self.events - self.deleted):
            what.append(count(events, "event"))
        if people := len(self.people - self.deleted):
            what.append(count(people, "person", "people"))
        gone = f"{len(self.deleted)} deleted" if self.deleted else ""
        if not what and not gone:
            return f"Nothing new from {self.name}."
        return f"From {self.name}: {'; '.join(p for p in (', '.join(what), gone) if p)}."


@dataclass
class DeviceFile:
    path: Path
    device: Device
    incoming: Incoming


class Merging:
    """One sync's merging, a device file at a time, in one transaction."""

    def __init__(self, session: Session, db: sqlite3.Connection, device: Device, mine: Incoming) -> None:
        self._session = session
        self._db = db
        self._me = device.id
        self._holder: dict[str, str] = {}  # record id -> the device whose version this journal holds now
        self._current: dict[str, dict[str, Any]] = {
            rec.values["id"]: rec.values for kind in _TABLE for rec in getattr(mine, kind)
        }

    def merge_file(self, f: DeviceFile, news: FromDevice) -> int:
        """Merge one device's file (ImportRefused: roll it back); how many records its tombstones deleted."""
        gone = self._bury(f, news)
        incoming = self._make_room(self._alive(f.incoming), f.device.id, news)
        by_event: dict[str, dict[str, list[Record]]] = {kind: {} for kind in ("goals", "reflections", "meetings")}
        for kind, records in by_event.items():
            for rec in getattr(incoming, kind):
                records.setdefault(str(rec.event_id), []).append(rec)
        with Merge(self._session, source=f.path.name, wins=self._wins(f.device.id), noting=True) as merging:
            for i in range(0, len(incoming.people), BATCH):
                merging.people(incoming.people[i : i + BATCH])
            for i in range(0, len(incoming.events), BATCH):
                events = incoming.events[i : i + BATCH]
                merging.events(
                    events, *([r for e in events for r in by_event[k].get(e.values["id"], [])] for k in by_event)
                )
            merging.finish()
        self._add_history(f.incoming.document.history)
        for kind, rec, existing in merging.written:
            self._took(f.device.id, kind, rec, existing, news)
        return gone

    def _make_room(self, incoming: Incoming, device_id: str, news: FromDevice) -> Incoming:
        """Two devices put different meetings in one meet-list slot (or one person in two): the later keeps it,
        the other leaves the meet list as a swapped-out meeting does (its row and text stay, in the Trash's way)."""
        meetings = [r for r in incoming.meetings if live(r)]
        local: dict[str, list[tuple[str, int, str, str]]] = {}
        for chunk in in_chunks(str(r.event_id) for r in meetings):
            sql = (
                "SELECT id, event_id, slot, person_id, updated_at FROM meeting "
                f"WHERE deleted_at IS NULL AND event_id IN ({marks(len(chunk))})"
            )
            for mid, event_id, slot, person_id, updated in self._db.execute(sql, chunk):
                local.setdefault(event_id, []).append((mid, slot, person_id, updated))
        theirs = {r.values["id"]: time_of(r.values["updated_at"]) for r in incoming.meetings}
        left_out: set[str] = set()
        for rec in meetings:
            for mid, slot, person_id, updated in local.get(str(rec.event_id), []):
                if mid == rec.values["id"] or (slot != rec.values["slot"] and person_id != rec.values["person_id"]):
                    continue
                if mid in theirs and theirs[mid] > time_of(updated):
                    continue  # the file's newer version of this meeting says where it goes
                if (time_of(rec.values["updated_at"]), device_id) > (time_of(updated), self._holder.get(mid, self._me)):
                    at = stored_time(datetime.now(UTC))
                    self._db.execute("UPDATE meeting SET deleted_at = ?, updated_at = ? WHERE id = ?", (at, at, mid))
                    self._current.get(mid, {})["deleted_at"] = at
                    news.events.add(str(rec.event_id))
                else:
                    left_out.add(rec.values["id"])
        if not left_out:
            return incoming
        kept = [r for r in incoming.meetings if r.values["id"] not in left_out]
        return Incoming(incoming.people, incoming.events, incoming.goals, kept, incoming.reflections, incoming.document)

    def _wins(self, device_id: str) -> Any:
        def wins(rec: Record, existing: Existing) -> bool:
            theirs, ours = time_of(rec.values["updated_at"]), _aware(existing.updated_at)
            if theirs != ours:
                return theirs > ours
            if device_id <= self._holder.get(existing.id, self._me):
                return False
            return _content(rec.values) != _content(self._current.get(existing.id, {}))

        return wins

    def _took(self, device_id: str, kind: str, rec: Record, existing: Existing | None, news: FromDevice) -> None:
        """Note a record written from a device's file; keep in History each field of ours it replaced."""
        values = rec.values
        table = _TABLE[kind]
        if existing is not None:
            old = self._current.get(existing.id, {})
            for name in _KEPT_FIELDS[table]:
                if name in old and old[name] != values.get(name, old[name]):
                    self._keep(table, existing.id, name, old[name])
            if kind in ("events", "people") and old.get("deleted_at") is None and values.get("deleted_at") is not None:
                news.deleted.add(existing.id)
            self._holder[existing.id] = device_id
            self._current[existing.id] = {**values, "id": existing.id}
        elif not live(rec):
            return  # new here, and already in the Trash there: nothing to tell
        if kind == "people":
            news.people.add(values["id"])
        else:
            news.events.add(values["id"] if kind == "events" else str(rec.event_id))

    def _keep(self, table: str, record_id: str, name: str, old: object) -> None:
        text = _encode(tags_text(cast(Iterable[str], old)) if name == "tags" else old)
        if text is None:
            return
        kept = self._db.execute(
            "SELECT 1 FROM history WHERE record_id = ? AND field = ? AND value = ? LIMIT 1", (record_id, name, text)
        ).fetchone()
        if kept is None:
            at = stored_time(datetime.now(UTC))
            self._db.execute(
                "INSERT INTO history (id, created_at, updated_at, deleted_at, record_table, record_id, field, value, "
                "replaced_at, visit) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
                (new_id(), at, at, table, record_id, name, text, at, new_id()),
            )

    def _add_history(self, history: list[Any]) -> None:
        """A device's History, each entry once, of the records this journal holds (none of one deleted for good)."""
        for table in _KEPT_FIELDS:
            rows = [
                (h.id, stored_time(h.created_at), table, h.record_id, h.field, h.value, *_after(h))
                for h in history
                if h.record_table == table
            ]
            self._db.executemany(
                "INSERT OR IGNORE INTO history (id, created_at, updated_at, deleted_at, record_table, record_id, "
                "field, value, replaced_at, visit) SELECT ?1, ?2, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8 "
                f"WHERE EXISTS (SELECT 1 FROM {table} WHERE id = ?9)",
                rows,
            )

    def _bury(self, f: DeviceFile, news: FromDevice) -> int:
        """Apply a device's tombstones: each deletes its record for good unless it was edited here after."""
        stones = [(t.id, t.table, t.deleted_at) for t in f.incoming.document.tombstones]
        doomed: dict[str, list[str]] = {"event": [], "person": []}
        for table in doomed:
            when = {i: at for i, kind, at in stones if kind == table}
            for chunk in in_chunks(when):
                for record_id, updated in self._db.execute(
                    f"SELECT id, updated_at FROM {table} WHERE id IN ({marks(len(chunk))})", chunk
                ):
                    if time_of(updated) <= when[record_id]:
                        doomed[table].append(record_id)
        delete_records(self._db, doomed["event"], doomed["person"])
        keep_tombstones(self._db, ((i, kind, stored_time(at)) for i, kind, at in stones))
        for record_id in (*doomed["event"], *doomed["person"]):
            news.deleted.add(record_id)
            self._current.pop(record_id, None)
        return len(doomed["event"]) + len(doomed["person"])

    def _alive(self, incoming: Incoming) -> Incoming:
        """`incoming` without the records a tombstone here deleted after their last edit (and what is theirs)."""
        dead = self._tombstones([r.values["id"] for r in (*incoming.people, *incoming.events)])
        dead.update(self._tombstones(r.values["person_id"] for r in incoming.meetings))

        def buried(rec: Record) -> bool:
            at = dead.get(rec.values["id"])
            return at is not None and time_of(rec.values["updated_at"]) <= at

        people = [r for r in incoming.people if not buried(r)]
        events = [r for r in incoming.events if not buried(r)]
        kept_events = {r.values["id"] for r in events}
        kept_people = {r.values["id"] for r in people}
        held = self._present("person", {r.values["person_id"] for r in incoming.meetings} - kept_people)
        return Incoming(
            people=people,
            events=events,
            goals=[r for r in incoming.goals if r.event_id in kept_events],
            reflections=[r for r in incoming.reflections if r.event_id in kept_events],
            meetings=[
                r
                for r in incoming.meetings
                if r.event_id in kept_events
                and (
                    r.values["person_id"] in kept_people
                    or r.values["person_id"] not in dead
                    or r.values["person_id"] in held
                )
            ],
            document=incoming.document,
        )

    def _tombstones(self, ids: Iterable[str]) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        for chunk in in_chunks(ids):
            sql = f"SELECT id, deleted_at FROM tombstone WHERE id IN ({marks(len(chunk))})"
            found.update((i, time_of(at)) for i, at in self._db.execute(sql, chunk))
        return found

    def _present(self, table: str, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in in_chunks(ids):
            found.update(
                r[0] for r in self._db.execute(f"SELECT id FROM {table} WHERE id IN ({marks(len(chunk))})", chunk)
            )
        return found


def _after(h: Any) -> tuple[str | None, str, str]:
    return stored_time(h.replaced_at), h.visit, h.record_id


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _content(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "id"}


def _encode(value: object) -> str | None:
    """A field's value as History keeps it (text; a day as YYYY-MM-DD); None for an empty one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
