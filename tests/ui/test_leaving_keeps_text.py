"""Quitting or leaving never drops text the journal doesn't hold yet: it waits briefly, then asks.

The fault is real: a second connection holds the journal's write lock (as a big import in another
window would), so the app's save waits in SQLite's busy handler and can't land.
"""

import sqlite3
from contextlib import closing

from netjournal.screens.ask import NOT_HELD, NotHeldScreen, UnsavedFormScreen
from netjournal.screens.events import EventsScreen
from netjournal.screens.goal import GoalScreen
from netjournal.screens.new_event import NewEventScreen
from netjournal.widgets.save_indicator import SaveIndicator
from tests.ui.conftest import settle
from tests.ui.journal import read, seed
from tests.ui.screen_text import screen_lines

ASK_WAIT = 2.0  # longer than the app waits for a save on its way (1.5 s) before it asks


def hold_write_lock(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def stored_goal(path, event_id):
    with closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT text FROM goal WHERE event_id = ?", (event_id,)).fetchone()
    return row[0] if row else None


def event_names(path):
    return read(path, lambda q, s: [r.name for r in q.list_event_rows(session=s)])


def on_screen(app, text) -> bool:
    return any(text in line for line in screen_lines(app))


async def test_quit_with_a_save_held_up_asks_and_keep_editing_keeps_the_text(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["dinner"])
        await settle(pilot)
        lock = hold_write_lock(journal_path)
        try:
            await pilot.press("enter", *"thank the host", "ctrl+q")
            await pilot.pause(ASK_WAIT)
            assert isinstance(app.screen, NotHeldScreen)
            assert on_screen(app, NOT_HELD) and on_screen(app, "quit without it")
            await pilot.press("k")  # keep editing
            await pilot.pause()
            assert isinstance(app.screen, GoalScreen)
            assert app.screen.query_one("#goal-text").value == "thank the host"
            assert app.is_running
        finally:
            lock.rollback()
            lock.close()
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one(SaveIndicator).state == "saved"
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    assert stored_goal(journal_path, ids["dinner"]) == "thank the host"


async def test_try_again_quits_once_the_text_is_in(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["dinner"])
        await settle(pilot)
        lock = hold_write_lock(journal_path)
        try:
            await pilot.press("enter", *"bring cake", "escape", "q")  # q, once out of the field
            await pilot.pause(ASK_WAIT)
            assert isinstance(app.screen, NotHeldScreen)
            await pilot.press("q", "q")  # more quitting changes nothing while it asks
            assert isinstance(app.screen, NotHeldScreen)
        finally:
            lock.rollback()
            lock.close()
        await pilot.press("t")  # try again: the lock is gone, the save lands, the app quits
        await settle(pilot)
    assert app.return_code == 0
    assert stored_goal(journal_path, ids["dinner"]) == "bring cake"


async def test_leaving_a_page_with_a_save_held_up_asks_too(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["dinner"])
        await settle(pilot)
        lock = hold_write_lock(journal_path)
        try:
            await pilot.press("enter", *"say hello", "escape", "escape")
            await pilot.pause(ASK_WAIT)
            assert isinstance(app.screen, NotHeldScreen)
            assert on_screen(app, "leave without it")
            await pilot.press("escape")  # escape keeps editing, as k does
            await pilot.pause()
            assert isinstance(app.screen, GoalScreen)
            await pilot.press("alt+m")  # another page: the same question
            await pilot.pause(ASK_WAIT)
            assert isinstance(app.screen, NotHeldScreen)
            await pilot.press("w")  # leave without it: asked for, so done
            await pilot.pause(0.3)
            assert not isinstance(app.screen, (NotHeldScreen, GoalScreen))
        finally:
            lock.rollback()
            lock.close()
        await settle(pilot)


async def test_quit_without_it_quits(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["dinner"])
        await settle(pilot)
        lock = hold_write_lock(journal_path)
        try:
            await pilot.press("enter", *"thank the host", "ctrl+q")
            await pilot.pause(ASK_WAIT)
            assert isinstance(app.screen, NotHeldScreen)
            await pilot.press("w")
            await pilot.pause(0.3)
            assert not app.is_running
        finally:
            lock.rollback()
            lock.close()
    assert app.return_code == 0


async def test_a_filled_new_event_form_asks_before_q_throws_it_away(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Book club", "tab", "tab")  # on Kind, a choice: q is a command there
        assert app.focused.id == "kind"
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedFormScreen)
        assert on_screen(app, "This new event isn't saved yet.")
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen)
        assert app.screen.query_one("#name").value == "Book club"
        await pilot.press("q", "s")  # save it, then quit
        await settle(pilot)
    assert app.return_code == 0
    assert event_names(journal_path) == ["Book club"]


async def test_a_filled_new_event_form_asks_before_escape_throws_it_away(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Book club", "escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedFormScreen)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen)
        await pilot.press("escape", "d")  # discard it
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert event_names(journal_path) == []
        await pilot.press("n", *"Chess night", "escape", "escape", "s")  # save it, then back
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
    assert event_names(journal_path) == ["Chess night"]


async def test_an_empty_new_event_form_closes_without_asking(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n", "escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
