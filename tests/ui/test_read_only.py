"""A journal we may only read: the header says so, everything is shown, and an edit is refused with one
kind line (never the "Not saved" error), the text staying on screen. Nothing reaches the file."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine
from textual.widgets import DataTable

from netjournal.app import READ_ONLY_TITLE, make_app
from netjournal.runner import READ_ONLY
from netjournal.screens.events import EventsScreen
from netjournal.screens.goal import GoalScreen
from netjournal.screens.new_event import NewEventScreen
from netjournal.store.engine import Store, open_store
from netjournal.widgets.save_indicator import SaveIndicator
from tests.ui.conftest import past_debounce, settle, toasts
from tests.ui.journal import TODAY, seed
from tests.ui.screen_text import screen_lines


def open_read_only(path: Path) -> Store:
    """The journal as the app gets it when its file may only be read.

    The store opens such a file read-only by itself (`Store.read_only`); where it can't tell (it writes
    anything as root, as tests here may run), the same is built by hand: an engine whose every
    connection is opened read-only by SQLite.
    """
    store = open_store(path)
    if store.read_only:
        return store
    store.close()

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)

    return Store(path, create_engine("sqlite://", creator=connect), read_only=True)


def contents(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return list(conn.iterdump())


async def test_a_read_only_journal_is_shown_and_edits_are_refused_kindly(journal_path):
    ids = seed(journal_path)
    os.chmod(journal_path, 0o400)
    before = contents(journal_path)
    app = make_app(db_path=journal_path, today=TODAY, blink=False, open_journal=open_read_only)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert app.journal.read_only
        assert app.sub_title == READ_ONLY_TITLE
        assert READ_ONLY_TITLE in screen_lines(app)[0]  # the header
        assert app.screen.query_one(DataTable).row_count == 3  # everything is shown

        await app.open_event(ids["pycon"])
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        field = app.screen.query_one("#goal-text")
        assert field.value == "ask two people how they got into data work"

        await pilot.press("enter", "end", *" and one more")
        await past_debounce(pilot)
        assert field.value == "ask two people how they got into data work and one more"  # still on screen
        assert app.screen.query_one(SaveIndicator).state == "read_only"
        assert toasts(app) == [READ_ONLY]

        await pilot.press(*" thing", "ctrl+s")
        await past_debounce(pilot)
        assert toasts(app) == [READ_ONLY]  # said once, not at every keystroke

        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        await pilot.press("d", "y")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 3
        await pilot.press("n", *"Book club", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen)  # not saved, so no goal page to go to
        assert toasts(app, "error") == []
        assert all(note == READ_ONLY for note in toasts(app))
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    assert contents(journal_path) == before
