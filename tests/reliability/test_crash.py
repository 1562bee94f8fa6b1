"""1. Crash: kill -9 a process that is saving, again and again; nothing it reported is ever lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = 50

CHILD = r"""
import sys
from datetime import date
from pathlib import Path

from netjournal.store import queries
from netjournal.store.engine import open_store

store = open_store(Path(sys.argv[1]))
print("ready", flush=True)
n = 0
while True:
    n += 1
    with store.session() as s:
        ev = queries.create_event(session=s, name=f"Meetup {n}", date=date(2019, 4, 8), goal_text="Meet one person")
        person = queries.create_person(session=s, name=f"Person {n}", notes="x" * (n % 7) * 500)
        queries.add_meeting(session=s, event_id=ev.id, person_id=person.id, slot=1, talked_about="tests")
        queries.save_reflection(session=s, event_id=ev.id, energy_before=2, energy_after=3)
    # Only now has the commit returned: from here on the event must survive anything.
    print(ev.id, flush=True)
"""


def _check(path: Path, reported: set[str]) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        events = {r[0] for r in conn.execute("SELECT id FROM event")}
        assert reported <= events, f"lost {len(reported - events)} saved events"
        # Each save was one transaction: an event is there with all of its parts or not at all.
        whole = conn.execute(
            "SELECT count(*) FROM event e JOIN goal g ON g.event_id = e.id "
            "JOIN meeting m ON m.event_id = e.id JOIN reflection r ON r.event_id = e.id"
        ).fetchone()[0]
        assert whole == len(events)
    finally:
        conn.close()


def test_kill_9_never_loses_a_reported_save(tmp_path):
    path = tmp_path / "journal.db"
    script = tmp_path / "saver.py"
    script.write_text(CHILD)
    rng = random.Random(20190408)
    reported: set[str] = set()
    waited_for = 0
    for round_no in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            if round_no % 10 == 9:
                time.sleep(rng.uniform(0.0, 0.4))  # now and then, while the journal is still being opened
            else:
                child.stdout.readline()  # "ready"
                saves = rng.randrange(4)
                for _ in range(saves):
                    reported.add(child.stdout.readline().strip())
                waited_for += saves
                time.sleep(rng.uniform(0.0, 0.02))  # then somewhere in the middle of a later save
        finally:
            os.kill(child.pid, signal.SIGKILL)
            out, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        reported |= {line for line in out.split() if line != "ready"}
        if path.exists():
            _check(path, reported)
    assert len(reported) >= waited_for > ROUNDS
