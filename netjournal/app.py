"""NetJournalApp: the full-screen journal. Thin: screens do the work.

Nothing here imports the store at module level: SQLModel and SQLAlchemy load
in a worker thread after the first frame is on screen.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from netjournal.screens.events import EventsScreen

if TYPE_CHECKING:
    from netjournal.store.engine import Store


class NetJournalApp(App[None]):
    TITLE = "netjournal"
    CSS_PATH = "netjournal.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("q", "quit", "Quit", id="quit-q", show=False),
    ]

    def __init__(self, *, db_path: Path, today: date | None = None):
        super().__init__()
        self.db_path = Path(db_path)
        self._today = today
        self._store: Store | None = None
        self._store_lock = threading.Lock()

    def today(self) -> date:
        """The day the journal treats as today (fixed in tests and screenshots)."""
        return self._today or date.today()

    def store(self) -> Store:
        """The open journal; opened on first use. Call from worker threads only."""
        with self._store_lock:
            if self._store is None:
                from netjournal.store.engine import open_store

                self._store = open_store(self.db_path)
            return self._store

    def on_mount(self) -> None:
        self.push_screen(EventsScreen())

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()


def make_app(*, db_path: Path, today: date | None = None) -> NetJournalApp:
    """Build the app for the command line and the tests alike."""
    return NetJournalApp(db_path=db_path, today=today)
