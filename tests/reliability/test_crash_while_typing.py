"""2. Crash while typing: the real app in a real terminal (tmux), text typed into a field,
autosave given its moment, then `kill -9`. The text is in the journal and the file is sound."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from netjournal.screens.page import EventPage
from netjournal.store import queries
from netjournal.store.engine import open_store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux to run the app in a real terminal")

EVENT = "Lisbon data meetup"


class Terminal:
    """The app running in a detached 120x36 tmux session on a server of its own."""

    def __init__(self, socket: Path, db: Path) -> None:
        self.socket = socket
        command = f"exec {shlex.quote(sys.executable)} -m netjournal --db {shlex.quote(str(db))}"
        self.tmux("new-session", "-d", "-s", "journal", "-x", "120", "-y", "36", command)
        # A lone Escape is sent on at once, not held back to see whether a key sequence follows.
        self.tmux("set-option", "-s", "escape-time", "0")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, timeout=10)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]}: {done.stderr.strip()}")
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "journal")

    def wait_for_screen(self, words: str, timeout: float = 10.0) -> None:
        try:
            wait_until(lambda: words in self.screen(), timeout, f"{words!r} on screen")
        except AssertionError as err:
            raise AssertionError(f"{err}; the screen shows:\n{self.screen()}") from None

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "journal", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "journal", "-l", text)

    def pid(self) -> int:
        return int(self.tmux("list-panes", "-t", "journal", "-F", "#{pane_pid}").split()[0])

    def close(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, timeout=10)


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def read_only(db: Path, sql: str, *params):
    """What another program sees in the journal right now, without writing to it."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []  # the file may still be being created
    finally:
        conn.close()


def kill_hard(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not _alive(pid), 5, f"process {pid} to end")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers signal 0 until tmux reaps it; its /proc state says Z.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


def after_the_crash(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    return conn


@pytest.fixture
def journal(tmp_path) -> tuple[Path, str]:
    db = tmp_path / "journal.db"
    store = open_store(db)
    try:
        with store.session() as session:
            event = queries.create_event(session=session, name=EVENT, date=date(2019, 4, 8), kind="meetup")
    finally:
        store.close()
    return db, event.id


@pytest.fixture
def terminal(journal, tmp_path):
    db, _ = journal
    term = Terminal(tmp_path / "tmux.sock", db)
    try:
        yield term
    finally:
        term.close()


def open_goal_page(term: Terminal) -> None:
    term.wait_for_screen(EVENT)
    term.keys("Enter")
    term.wait_for_screen("What I learned")


def start_editing(term: Terminal) -> None:
    """Pages open for browsing; enter puts the cursor in the first field, as the footer says."""
    wait_until(lambda: "enter Edit" in term.screen().rstrip().splitlines()[-1], 5, "enter Edit in the footer")
    term.keys("Enter")
    wait_until(lambda: "alt+g" in term.screen().rstrip().splitlines()[-1], 5, "a field being edited")


def test_goal_typed_then_killed_is_kept(journal, terminal):
    db, event_id = journal
    open_goal_page(terminal)
    start_editing(terminal)
    goal = "ask two people how they test their data pipelines"
    terminal.type(goal)

    wait_until(
        lambda: read_only(db, "SELECT text FROM goal WHERE event_id = ?", event_id) == [(goal,)],
        5,
        "the goal to be saved",
    )
    kill_hard(terminal.pid())

    conn = after_the_crash(db)
    assert conn.execute("SELECT text FROM goal WHERE event_id = ?", (event_id,)).fetchall() == [(goal,)]
    conn.close()


def test_name_on_the_meet_list_typed_then_killed_is_kept(journal, terminal):
    db, event_id = journal
    open_goal_page(terminal)
    # Opened for browsing, no field focused: the footer offers the page keys, and "m" is a key, not a letter.
    meet_key = next(b.description for b in EventPage.BINDINGS if b.action == "page('meet')")
    wait_until(lambda: meet_key in terminal.screen().rstrip().splitlines()[-1], 5, "the page keys in the footer")
    terminal.keys("m")
    terminal.wait_for_screen("Not about work")
    start_editing(terminal)
    name = "Ana Lima 🙂"
    terminal.type(name)
    terminal.wait_for_screen(name)  # keys sent at once with the name would reach the app as one paste
    terminal.keys("Tab")  # a name is kept once its field is left; what is typed next saves as it is typed
    terminal.type("trail maps")

    met = "SELECT p.name, p.great_at FROM meeting m JOIN person p ON p.id = m.person_id WHERE m.event_id = ? AND m.slot = 1"
    wait_until(lambda: read_only(db, met, event_id) == [(name, "trail maps")], 5, "the name and great-at to be saved")
    kill_hard(terminal.pid())

    conn = after_the_crash(db)
    assert conn.execute(met, (event_id,)).fetchall() == [(name, "trail maps")]
    conn.close()
