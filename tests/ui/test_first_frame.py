"""The Events list shows its rows before the store has loaded, and then goes on as usual."""

from __future__ import annotations

import threading

from textual.widgets import DataTable

from netjournal.app import make_app
from netjournal.screens.events import PAGE_SIZE
from netjournal.screens.goal import GoalScreen
from netjournal.store.engine import open_store
from tests.ui.conftest import settle
from tests.ui.journal import TODAY, seed
from tests.ui.screen_text import screen_lines
from tests.ui.test_large_journal import EVENTS, seed_many


def held_app(path):
    """The app, with the store kept from opening until `gate` is set: only the quick first page can show rows."""
    gate = threading.Event()
    opened = threading.Event()

    def open_when_let(p):
        assert gate.wait(30)
        store = open_store(p)
        opened.set()
        return store

    return make_app(db_path=path, today=TODAY, blink=False, open_journal=open_when_let), gate, opened


async def test_rows_are_on_screen_before_the_store_has_opened(journal_path):
    seed(journal_path)
    app, gate, opened = held_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert not opened.is_set()
        assert "PyCon Lisbon" in shown and "Rust talk" in shown
        table = app.screen.query_one("#events", DataTable)
        assert app.focused is table and table.row_count == 3
        await pilot.press("j", "enter")  # the second event, opened as soon as the journal is open
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "PyCon Lisbon" in screen_lines(app)[2]


async def test_the_list_goes_on_past_the_first_page_once_the_store_opens(journal_path):
    ids = seed_many(journal_path)
    app, gate, opened = held_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#events", DataTable)
        # The quick read fills one screen (36 lines here); the store reads the first page, then the rest.
        assert table.row_count == 36 < PAGE_SIZE and not opened.is_set()
        gate.set()
        await settle(pilot)
        assert table.row_count == PAGE_SIZE
        await settle(pilot)
        await pilot.press("ctrl+end")
        await settle(pilot)
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == EVENTS
        assert [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(EVENTS)] == ids


async def test_a_journal_not_made_yet_welcomes_and_the_quick_read_makes_no_file(journal_path):
    app, gate, opened = held_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not journal_path.exists() and not opened.is_set()
        gate.set()
        await settle(pilot)
        assert "Welcome" in "\n".join(screen_lines(app))
        assert not [table for table in app.screen.query(DataTable) if table.display]
