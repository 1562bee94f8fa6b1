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
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlmodel import Session

from netjournal.errors import InputError, JournalError
from netjournal.store.device import Device, this_device, tidy_name
from netjournal.store.engine import Store
from netjournal.store.files import may_write, read_only_error, read_only_reason, shown, writing_user_file
from netjournal.store.trash import purge
from netjournal.transfer.device_file import (
    SUFFIX,
    check_device_document,
    device_document,
    dumps,
    file_name,
    read_device_file,
)
from netjournal.transfer.import_checks import ImportRefused
from netjournal.transfer.importer import read_document
from netjournal.transfer.merge import take_write_lock
from netjournal.transfer.sync_merge import DeviceFile, FromDevice, Merging


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
    files: list[DeviceFile] = []
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
        files.append(DeviceFile(path, Device(other.id, other.name), incoming))
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
            merging = Merging(session, db, device, mine)
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


def sync_in(session: Session, *, path: Path, folder: Path) -> str:
    """`sync_folder` on the journal `session` is open on (from the app's writer, so saves wait their turn behind
    it), said in one line: what came, or why it couldn't sync. The session itself isn't used."""
    from sqlalchemy import Engine

    bind = session.get_bind()
    store = Store(path, bind if isinstance(bind, Engine) else bind.engine)
    try:
        return sync_folder(store=store, folder=folder).said()
    except JournalError as err:
        return f"Couldn't sync with {shown(folder)}: {err}"
    except Exception as err:  # noqa: BLE001  (said in the app's one line, never a traceback)
        return f"Couldn't sync with {shown(folder)} just now ({type(err).__name__}: {err})."


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
