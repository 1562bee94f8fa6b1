"""Writes land in the order they were made: a slow save is never overtaken by a later one, and the
corner says "saved" only once the last write is in.

The first save is slowed by a real lock: a second connection holds the journal's write lock, as
another program would, so the app's writer waits in SQLite's busy handler until it lets go."""

import sqlite3
from contextlib import closing

import pytest

from netjournal.screens.goal import GoalScreen
from netjournal.widgets.save_indicator import SaveIndicator
from tests.ui.conftest import settle
from tests.ui.journal import seed

HELD = 0.8  # seconds the other connection holds the write lock; well under the journal's busy timeout


def stored_goal(path, event_id) -> str | None:
    with closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT text FROM goal WHERE event_id = ?", (event_id,)).fetchone()
    return row[0] if row else None


def hold_write_lock(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


@pytest.mark.parametrize(
    "second",
    [
        pytest.param(["ctrl+e", *" in Lisbon"], id="kept-typing"),
        pytest.param(["ctrl+a", "ctrl+k", *"meet people"], id="changed-their-mind"),  # back to what was there
    ],
)
async def test_a_slow_first_save_is_never_overtaken(app, journal_path, second):
    ids = seed(journal_path)
    talk = ids["talk"]
    assert stored_goal(journal_path, talk) == "meet people"
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(talk)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, GoalScreen)
        await pilot.press("enter")  # start editing: the goal field
        indicator = page.query_one(SaveIndicator)
        field = page.query_one("#goal-text")
        said_saved = []  # (what the field held, what the journal held) each time the corner said "saved"
        page.watch(
            indicator,
            "state",
            lambda state: state == "saved" and said_saved.append((field.value, stored_goal(journal_path, talk))),
            init=False,
        )

        lock = hold_write_lock(journal_path)
        try:
            await pilot.press("ctrl+a", "ctrl+k", *"ask who is hiring", "ctrl+s")  # the first save: it waits
            await pilot.pause(0.2)
            await pilot.press(*second, "ctrl+s")  # the second save, made while the first is on its way
            await pilot.pause(0.3)
            assert indicator.state == "saving"  # nothing is in yet
            assert said_saved == []
        finally:
            lock.rollback()
            lock.close()
        await pilot.pause(HELD)
        await settle(pilot)

        typed = field.value
        assert typed != "ask who is hiring"
        assert stored_goal(journal_path, talk) == typed  # the second text, not the first
        assert indicator.state == "saved"
        assert said_saved and all(shown == stored for shown, stored in said_saved)


async def test_writes_land_in_the_order_they_were_made_and_reads_never_wait_for_them(app, journal_path):
    """Many writes made at once while the first waits for the lock: each one commits after the one before it,
    and a read made meanwhile is answered at once, with what the journal holds."""
    ids = seed(journal_path)
    committed, answered = [], []

    def goal_text(session):
        from netjournal.store import queries

        return queries.get_goal(session=session, event_id=ids["talk"]).text

    def save(text):
        def job(session):
            from netjournal.store import queries

            queries.save_goal(session=session, event_id=ids["talk"], text=text)
            return text

        return job

    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        lock = hold_write_lock(journal_path)
        try:
            for n in range(8):
                app.journal.write(save(f"goal number {n}"), committed.append)
            app.journal.read(goal_text, answered.append)
            await pilot.pause(0.3)
            assert committed == []
            assert answered == ["meet people"]
        finally:
            lock.rollback()
            lock.close()
        await settle(pilot)
    assert committed == [f"goal number {n}" for n in range(8)]
    assert stored_goal(journal_path, ids["talk"]) == "goal number 7"
