"""NetJournalApp: the full-screen journal. Thin: screens do the work.

Nothing here imports the store at module level: SQLModel and SQLAlchemy load
in a worker thread after the first frame is on screen.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input

from netjournal.screens.places import PLACES, Place
from netjournal.widgets.choice import Choice

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from netjournal.store.engine import Store

StoreJob = Callable[[Any, Any], Any]  # (queries module, session) -> result

NOT_SAVED = "This wasn't saved. Your text is still on screen; netjournal tries again as you type, or press ctrl+s."


def _journal_commands() -> type[Provider]:
    from netjournal.commands import JournalCommands

    return JournalCommands


class NetJournalApp(App[None]):
    TITLE = "netjournal"
    CSS_PATH = "netjournal.tcss"
    COMMANDS = App.COMMANDS | {_journal_commands}
    BINDINGS = [
        *(Binding(p.key, f"go('{p.name}')", p.title, id=f"go-{p.name}") for p in PLACES),
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("q", "quit", "Quit", id="quit-q"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "Commands", id="palette", priority=True, show=False),
        Binding("escape", "escape", "Leave the field, or go back", id="back"),
    ]

    def __init__(self, *, db_path: Path, today: date | None = None, blink: bool = True):
        super().__init__()
        self.db_path = Path(db_path)
        self._today = today
        self.blink = blink
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._write_lock = threading.Lock()
        # (id, name, date) of the events the Events list has loaded, newest first; the palette offers a few.
        self.known_events: list[tuple[str, str, date]] = []
        self._writes = 0  # successful writes so far; with the file's own stamp, tells screens when to read again
        self._places: dict[str, Screen] = {}  # the screens of PLACES, kept between visits

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

    def journal_version(self) -> tuple:
        """Changes whenever the journal may have changed, here or in another window; cheap enough for every visit."""
        stamps = []
        for path in (self.db_path, Path(f"{self.db_path}-wal")):
            try:
                st = os.stat(path)
                stamps.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamps.append(None)
        return self._writes, *stamps

    # Database work --------------------------------------------------------

    def run_store(
        self,
        job: StoreJob,
        *,
        done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        saving: bool = False,
    ) -> None:
        """Run `job(queries, session)` in a thread; `done(result)` or `on_error(err)` back on the UI thread.

        Problems are told to the person here, in one place; with `saving`, the
        message says the text was not saved and is still on screen.
        """
        self._store_worker(job, done, on_error, saving)

    @work(thread=True, group="store")
    def _store_worker(self, job: StoreJob, done, on_error, saving: bool) -> None:
        from netjournal.errors import NewerJournalError, NotAJournalError
        from netjournal.store import queries

        try:
            store = self.store()
        except (NotAJournalError, NewerJournalError) as err:
            # The header looked right but the file can't be used: leave it untouched and say so.
            from rich.text import Text

            self.call_from_thread(self.exit, None, err.exit_code, Text(f"netjournal: {err}"))
            return
        except Exception as err:  # noqa: BLE001
            self.call_from_thread(self._store_problem, err, on_error, saving)
            return
        try:
            with self._write_lock:
                with store.session() as session:
                    result = job(queries, session)
                if saving:
                    self._writes += 1
        except Exception as err:  # noqa: BLE001  (reported in the app, never a traceback)
            self.call_from_thread(self._store_problem, err, on_error, saving)
            return
        if done is not None:
            self.call_from_thread(done, result)
        if saving:
            self.call_from_thread(self._journal_written)

    def _journal_written(self) -> None:
        """A screen showing what it read may now be out of date: it reads again if so."""
        changed = getattr(self.screen, "journal_changed", None)
        if changed is not None:
            changed()

    async def ask_store(self, job: StoreJob) -> Any:
        """Run a read `job(queries, session)` in a thread and return what it found; None if it couldn't be read."""

        def read() -> Any:
            from netjournal.store import queries

            store = self.store()
            with self._write_lock, store.session() as session:
                return job(queries, session)

        worker = self.run_worker(read, thread=True, group="store-read", exit_on_error=False)
        try:
            return await worker.wait()
        except Exception:  # noqa: BLE001  (a palette search that can't read shows nothing more)
            return None

    def _store_problem(self, err: Exception, on_error, saving: bool) -> None:
        from netjournal.errors import JournalError

        detail = str(err) if isinstance(err, JournalError) else ""
        if saving:
            self.notify(f"{detail} {NOT_SAVED}".strip(), title="Not saved", severity="error", timeout=8, markup=False)
        else:
            self.notify(
                detail or "The journal couldn't be read just now. `netjournal check` looks the file over.",
                severity="error",
                markup=False,
            )
        if on_error is not None:
            on_error(err)

    def save_pending(self) -> None:
        """Ask every open page to save what was typed (before leaving it, or quitting)."""
        for screen in self.screen_stack:
            save = getattr(screen, "save_now", None)
            if save is not None:
                save()

    # Moving around --------------------------------------------------------

    def on_mount(self) -> None:
        from netjournal.screens.events import EventsScreen

        self.push_screen(EventsScreen())

    async def go_home(self) -> None:
        self.save_pending()
        while len(self.screen_stack) > 2:
            await self.pop_screen()

    def place_screen(self, place: Place) -> Screen:
        """The screen of `place`, built on the first visit and kept, so coming back shows it at once."""
        screen = self._places.get(place.name)
        if screen is None:
            assert place.make is not None
            screen = self._places[place.name] = place.make()
            self.install_screen(screen, f"place-{place.name}")
        return screen

    async def action_go(self, name: str) -> None:
        place = next(p for p in PLACES if p.name == name)
        if place.make is None:
            await self.go_home()
            return
        self.save_pending()
        screen = self.place_screen(place)
        while len(self.screen_stack) > 3:
            await self.pop_screen()
        if len(self.screen_stack) == 3:
            await self.switch_screen(screen)  # one place to another, without drawing Events between
        else:
            await self.push_screen(screen)

    async def open_event(self, event_id: str, page: str = "goal") -> None:
        from netjournal.screens.event_pages import PAGES

        await self.go_home()
        await self.push_screen(PAGES[page](event_id))

    async def new_event(self) -> None:
        from netjournal.screens.new_event import NewEventScreen

        await self.go_home()
        await self.push_screen(NewEventScreen())

    def action_help(self) -> None:
        from netjournal.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.save_pending()
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":  # shown in the footer only when it does something
            return isinstance(self.focused, (Input, Choice)) or len(self.screen_stack) > 2
        return True

    async def action_escape(self) -> None:
        focused = self.focused
        if isinstance(focused, (Input, Choice)):
            self.screen.set_focus(None)
            return
        if len(self.screen_stack) > 2:
            self.save_pending()
            await self.pop_screen()

    async def action_quit(self) -> None:
        self.save_pending()
        await self.workers.wait_for_complete()
        self.exit()

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()


def make_app(*, db_path: Path, today: date | None = None, blink: bool = True) -> NetJournalApp:
    """Build the app for the command line and the tests alike."""
    return NetJournalApp(db_path=db_path, today=today, blink=blink)
