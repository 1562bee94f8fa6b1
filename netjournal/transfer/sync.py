"""Syncing through a folder the devices share (Syncthing, Dropbox, a git repository).

Each device writes its whole journal to `<device>.netjournal.json` there (transfer/device_file.py)
and merges every other device's file into its own journal, by id, with the import's merge
(transfer/merge.py): per record the newest `updated_at` wins; at the same moment, the version of
the device with the greater id, so every device ends the same. A tombstone deletes a record unless
it was edited after the deletion. Where a field of this journal loses, its text is kept in History.
All of it is one transaction; a second sync changes nothing. A device file that can't be read or
checked is left out, named in one line, and nothing of it is merged; the other files still are.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlmodel import Session

from netjournal.domain.tags import tags_text
from netjournal.domain.text import count
from netjournal.errors import InputError
from netjournal.store import changes
from netjournal.store.device import Device, keep_tombstones, this_device, tidy_name
from netjournal.store.engine import Store
from netjournal.store.files import may_write, read_only_error, read_only_reason, shown, writing_user_file
from netjournal.store.models import new_id
from netjournal.store.trash import delete_records, purge
from netjournal.transfer.bulk import in_chunks, marks, stored_time, time_of
from netjournal.transfer.device_file import (
    SUFFIX,
    check_device_document,
    device_document,
    dumps,
    file_name,
    read_device_file,
)
from netjournal.transfer.import_checks import ImportRefused, Incoming, Record, live
from netjournal.transfer.importer import read_document
from netjournal.transfer.merge import BATCH, Existing, Merge, take_write_lock

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
class SyncReport:
    """What a sync did: each other device's news, the files left out, and this device's file."""

    folder: Path
    wrote: str  # this device's file name in the folder
    devices: list[FromDevice] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # one line per device file nothing was merged from

    @property
    def changed(self) -> bool:
        """Whether anything in this journal changed."""
        return any(d.changed for d in self.devices)

    def lines(self) -> list[str]:
        if not self.devices and not self.left_out:
            return [
                f"No other device has synced to {shown(self.folder)} yet; this one's file {self.wrote} is there now."
            ]
        return [d.said() for d in self.devices] + self.left_out

    def said(self) -> str:
        """All of it in one line (the app's notification)."""
        return " ".join(self.lines())


@dataclass
class _DeviceFile:
    path: Path
    device: Device
    incoming: Incoming


def refuse_folder(folder: Path, *, journal: Path) -> None:
    """Raise InputError unless `folder` is a writable folder that holds neither the journal nor any database."""
    name = shown(folder)
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise InputError(f"There is no folder {name}; nothing was synced.") from None
    except OSError as err:
        raise InputError(f"Can't look at {name} ({err.strerror or err}); nothing was synced.") from None
    if not stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name} is not a folder; sync needs the folder your devices share. Nothing was synced.")
    if os.path.realpath(folder) == os.path.realpath(Path(journal).absolute().parent):
        raise InputError(
            f"{name} holds the journal itself; a live journal must never sit in a synced folder (its copies tear). "
            "Give sync a folder of its own; nothing was synced."
        )
    try:
        names = sorted(os.listdir(folder))
    except OSError as err:
        raise InputError(f"Can't read the folder {name} ({err.strerror or err}); nothing was synced.") from None
    found = next((n for n in names if n.lower().endswith((".db", ".db-wal", ".db-shm", ".db-journal"))), None)
    if found is not None:
        raise InputError(
            f"{name} holds {shown(found)}, a database; a sync folder holds only the devices' {SUFFIX} files, "
            "never a live journal. Nothing was synced."
        )
    if not may_write(folder):
        raise InputError(f"netjournal may not write in {name}; nothing was synced.")


def sync_folder(*, store: Store, folder: Path, now: datetime | None = None) -> SyncReport:
    """Merge every other device's file in `folder` into the journal, then write this device's file there.

    Raises InputError (nothing written or merged) for a folder it refuses; a device file it can't use is
    left out and named in the report's `left_out`.
    """
    folder = Path(folder)
    if store.read_only:
        raise read_only_error(store.path, read_only_reason(store.path) or "is read-only")
    refuse_folder(folder, journal=store.path)
    with store.session() as session:
        device = this_device(_db(session))
    own = folder / file_name(device)
    _refuse_anothers_file(own, device)
    report = SyncReport(folder=folder, wrote=own.name)
    files: list[_DeviceFile] = []
    for path in sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX) and p.name != own.name):
        if path.name.startswith("."):
            continue
        try:
            incoming = read_device_file(path, now=now)
        except ImportRefused as err:
            report.left_out.append(_left_out(str(err)))
            continue
        other = incoming.document.device
        if other.id == device.id:
            report.left_out.append(
                f"{shown(path.name)} says it is this device's own file (id {other.id}); nothing was merged from it."
            )
            continue
        files.append(_DeviceFile(path, Device(other.id, other.name), incoming))
    files.sort(key=lambda f: (f.device.id, f.path.name))  # at the same moment, the greater device id wins: last
    gone = 0
    with store.session() as session:
        conn = session.connection()
        take_write_lock(conn)
        db = _db(session)
        secure = int(db.execute("PRAGMA secure_delete").fetchone()[0])
        db.execute("PRAGMA secure_delete=ON")  # what a tombstone deletes leaves no copy in the file
        try:
            mine = check_device_document(device_document(session=session, device=device), source=own.name, now=now)
            merging = _Merging(session, db, device, mine)
            for f in files:
                news = FromDevice(f.device.name)
                db.execute("SAVEPOINT sync_file")
                try:
                    gone += merging.merge_file(f, news)
                except ImportRefused as err:
                    db.execute("ROLLBACK TO sync_file")
                    report.left_out.append(_left_out(str(err)))
                else:
                    report.devices.append(news)
                finally:
                    db.execute("RELEASE sync_file")
        finally:
            db.execute(f"PRAGMA secure_delete={secure}")
    if gone:
        purge(engine=store.engine, ids=())  # tidies the file as purge does: no deleted text left in a free page
    _write_own(store, device, own)
    return report


def name_device(*, store: Store, name: str) -> str:
    """Call this device `name` (tidied into a safe file name) in sync folders from now on; the name it got."""
    tidy = tidy_name(name)
    with store.session() as session:
        db = _db(session)
        this_device(db)
        db.execute("UPDATE this_device SET name = ? WHERE id = 1", (tidy,))
    return tidy


def _db(session: Session) -> sqlite3.Connection:
    return cast(sqlite3.Connection, session.connection().connection.driver_connection)


def _left_out(message: str) -> str:
    said = message.replace("can't be imported", "can't be merged").removesuffix(" Nothing was imported.")
    return f"{said.rstrip('.')}; nothing was merged from it."


def _refuse_anothers_file(own: Path, device: Device) -> None:
    """This device's file name is taken by another device's file (two devices with one name): refused."""
    if not own.exists():
        return
    try:
        theirs = read_document(own).get("device", {})
        other, name = str(theirs.get("id")), str(theirs.get("name"))
    except (ImportRefused, AttributeError):
        return  # a torn file of our own: written again whole below
    if other != device.id:
        raise InputError(
            f"{shown(own)} is another device's file ({shown(name)}, id {shown(other)}): two devices have the "
            f"name {shown(device.name)}. Give this one its own with `netjournal sync --name NAME`; nothing was synced."
        )


def _write_own(store: Store, device: Device, own: Path) -> None:
    with store.session() as session:
        data = dumps(device_document(session=session, device=device))
    try:
        if own.read_bytes() == data:
            return  # unchanged: left as it is (no new version for Syncthing or git to carry)
    except OSError:
        pass
    with writing_user_file(own, journal=store.path) as out:
        out.write(data)


class _Merging:
    """One sync's merging, a device file at a time, in one transaction."""

    def __init__(self, session: Session, db: sqlite3.Connection, device: Device, mine: Incoming) -> None:
        self._session = session
        self._db = db
        self._me = device.id
        self._holder: dict[str, str] = {}  # record id -> the device whose version this journal holds now
        self._current: dict[str, dict[str, Any]] = {
            rec.values["id"]: rec.values for kind in _TABLE for rec in getattr(mine, kind)
        }

    def merge_file(self, f: _DeviceFile, news: FromDevice) -> int:
        """Merge one device's file (ImportRefused: roll it back); how many records its tombstones deleted."""
        gone = self._bury(f, news)
        incoming = self._alive(f.incoming)
        by_event: dict[str, dict[str, list[Record]]] = {kind: {} for kind in ("goals", "reflections", "meetings")}
        for kind, records in by_event.items():
            for rec in getattr(incoming, kind):
                records.setdefault(str(rec.event_id), []).append(rec)
        with Merge(self._session, source=f.path.name, wins=self._wins(f.device.id)) as merging:
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

    def _bury(self, f: _DeviceFile, news: FromDevice) -> int:
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
