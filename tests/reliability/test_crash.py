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

# One process imports the store once and forks a saver for each round, so each round costs a fork
# rather than a fresh interpreter. The saver opens the journal itself, after the fork; it reports
# each save's id by appending a line to a file of its own, only once the commit has returned.
FORKER = r"""
import os
import signal
import sys
import traceback
from datetime import date
from pathlib import Path

from netjournal.store import queries
from netjournal.store.engine import open_store

signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps each killed saver
for line in sys.stdin:
    journal, report = line.rstrip("\n").split("\t")
    pid = os.fork()
    if pid:
        print(pid, flush=True)
        continue
    quiet = os.open(os.devnull, os.O_RDWR)
    os.dup2(quiet, 0)
    os.dup2(quiet, 1)  # nothing of the saver's goes down the forker's pipe
    out = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        store = open_store(Path(journal))
        os.write(out, b"ready\n")
        n = 0
        while True:
            n += 1
            with store.session() as s:
                ev = queries.create_event(
                    session=s, name=f"Meetup {n}", date=date(2019, 4, 8), goal_text="Meet one person"
                )
                person = queries.create_person(session=s, name=f"Person {n}", notes="x" * (n % 7) * 500)
                queries.add_meeting(session=s, event_id=ev.id, person_id=person.id, slot=1, talked_about="tests")
                queries.save_reflection(session=s, event_id=ev.id, energy_before=2, energy_after=3)
            # Only now has the commit returned: from here on the event must survive anything.
            os.write(out, f"{ev.id}\n".encode())
    except BaseException:
        os.write(out, ("error " + traceback.format_exc().replace("\n", " ") + "\n").encode())
    finally:
        os._exit(1)
"""


def _lines(report: Path) -> list[str]:
    return report.read_text().split("\n")[:-1] if report.exists() else []


def _wait_for_lines(report: Path, count: int) -> None:
    deadline = time.monotonic() + 60
    while len(_lines(report)) < count:
        assert not any(line.startswith("error") for line in _lines(report)), _lines(report)
        assert time.monotonic() < deadline, f"the saver wrote {_lines(report)}, not {count} lines"
        time.sleep(0.002)


def _wait_until_gone(pid: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        assert time.monotonic() < deadline, f"saver {pid} outlived kill -9"
        time.sleep(0.002)


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
    script = tmp_path / "forker.py"
    script.write_text(FORKER)
    rng = random.Random(20190408)
    reported: set[str] = set()
    waited_for = 0
    forker = subprocess.Popen(
        [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    try:
        for round_no in range(ROUNDS):
            report = tmp_path / f"saver-{round_no}.txt"
            forker.stdin.write(f"{path}\t{report}\n")
            forker.stdin.flush()
            pid = int(forker.stdout.readline())
            try:
                if round_no % 10 == 9:
                    time.sleep(rng.uniform(0.0, 0.03))  # now and then, while the journal is still being opened
                else:
                    saves = rng.randrange(4)
                    _wait_for_lines(report, 1 + saves)  # "ready", then that many saves
                    waited_for += saves
                    time.sleep(rng.uniform(0.0, 0.02))  # then somewhere in the middle of a later save
            finally:
                os.kill(pid, signal.SIGKILL)
            _wait_until_gone(pid)
            said = _lines(report)
            assert not [line for line in said if line.startswith("error")]
            reported |= {line for line in said if line != "ready"}
            if path.exists():
                _check(path, reported)
    finally:
        forker.stdin.close()
        forker.kill()
        forker.wait()
    assert len(reported) >= waited_for > ROUNDS
