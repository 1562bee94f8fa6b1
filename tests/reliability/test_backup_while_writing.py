"""8. A backup taken while another thread keeps saving is a consistent copy."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.transfer.backup import backup_journal, integrity_problems


def test_backups_during_writes_hold_a_consistent_prefix(journal_path, tmp_path):
    store = open_store(journal_path)
    committed: list[str] = []
    stop = threading.Event()
    started = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set() or n < 20:
            n += 1
            with store.session() as s:
                ev = queries.create_event(session=s, name=f"Event {n}", date=date(2019, 4, 8), goal_text="One goal")
                p = queries.create_person(session=s, name=f"Person {n}", notes="n" * 2000)
                queries.add_meeting(session=s, event_id=ev.id, person_id=p.id, slot=1)
            committed.append(ev.id)
            started.set()

    thread = threading.Thread(target=writer)
    thread.start()
    backups = []
    try:
        started.wait()
        for i in range(8):
            backups.append(backup_journal(journal_path, tmp_path / f"backup-{i}.db"))
    finally:
        stop.set()
        thread.join()
        store.close()

    sizes = []
    for path in backups:
        assert integrity_problems(path) == []
        conn = sqlite3.connect(path)
        try:
            events = {r[0] for r in conn.execute("SELECT id FROM event")}
            # Every saved event is there with its goal, person and meeting, or not at all.
            whole = conn.execute(
                "SELECT count(*) FROM event JOIN goal ON goal.event_id = event.id "
                "JOIN meeting ON meeting.event_id = event.id"
            ).fetchone()[0]
            people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
        assert whole == people == len(events)
        assert events == set(committed[: len(events)]), "the copy is not the journal as of one moment"
        sizes.append(len(events))
    assert sizes == sorted(sizes)
    assert sizes[0] >= 1
