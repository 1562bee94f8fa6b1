"""NetJournalApp: the full-screen journal. Thin: screens do the work, the runner reaches the journal.

Nothing here imports the store at module level: SQLModel and SQLAlchemy load
in a worker thread after the first frame is on screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input

from netjournal.runner import JournalIsReadOnly, JournalRunner, Opener
from netjournal.screens.base import JournalScreen
from netjournal.screens.places import PLACES, Place
from netjournal.widgets.choice import Choice

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete
    from textual.command import Provider
    from textual.screen import Screen

    from netjournal.screens.base import JournalApp

READ_ONLY_TITLE = "read-only"


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

    def __init__(
        self, *, db_path: Path, today: date | None = None, blink: bool = True, open_journal: Opener | None = None
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self._today = today
        self.blink = blink
        self.journal = JournalRunner(self, self.db_path, opener=open_journal)
        # (id, name, date) of the events the Events list has loaded, newest first; the palette offers a few.
        self.known_events: list[tuple[str, str, date]] = []
        self._home: Screen[Any] | None = None  # Events, at the bottom of every way through the app
        self._places: dict[str, Screen[Any]] = {}  # the screens of PLACES, kept between visits

    def today(self) -> date:
        """The day the journal treats as today (fixed in tests and screenshots)."""
        return self._today or date.today()

    @on(JournalIsReadOnly)
    def _read_only(self) -> None:
        self.sub_title = READ_ONLY_TITLE

    def save_pending(self) -> None:
        """Ask every open page to save what was typed (before leaving it, or quitting)."""
        for screen in self.screen_stack:
            if isinstance(screen, JournalScreen):
                screen.save_now()

    # Moving around --------------------------------------------------------

    def on_mount(self) -> None:
        from netjournal.screens.events import EventsScreen

        self._home = EventsScreen()
        self.push_screen(self._home)

    def _at_home(self) -> bool:
        return self._home is None or self.screen is self._home

    async def go_home(self) -> None:
        self.save_pending()
        while not self._at_home():
            await self.pop_screen()

    def place_screen(self, place: Place) -> Screen[Any]:
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
        if self._home is None or self._at_home():
            await self.push_screen(screen)
            return
        # One place to another, without drawing Events between: close what is above the first screen over Events.
        first_over_home = self.screen_stack[self.screen_stack.index(self._home) + 1]
        while self.screen is not first_over_home:
            await self.pop_screen()
        await self.switch_screen(screen)

    async def open_event(self, event_id: str, page: str = "goal") -> None:
        await self.go_home()
        await self.push_screen(self._event_page(event_id, page))

    def show_page(self, event_id: str, page: str) -> AwaitComplete:
        """A page of an event in place of the screen on top (from another page, or the new-event form)."""
        return self.switch_screen(self._event_page(event_id, page))

    def _event_page(self, event_id: str, page: str) -> Screen[Any]:
        from netjournal.screens.event_pages import PAGES

        return PAGES[page](event_id)

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
            return isinstance(self.focused, (Input, Choice)) or not self._at_home()
        return True

    async def action_escape(self) -> None:
        focused = self.focused
        if isinstance(focused, (Input, Choice)):
            self.screen.set_focus(None)
            return
        if not self._at_home():
            self.save_pending()
            await self.pop_screen()

    async def action_quit(self) -> None:
        self.save_pending()
        await self.workers.wait_for_complete()
        self.exit()

    def on_unmount(self) -> None:
        self.journal.close()


def make_app(
    *, db_path: Path, today: date | None = None, blink: bool = True, open_journal: Opener | None = None
) -> NetJournalApp:
    """Build the app for the command line and the tests alike; `open_journal` opens the store (default: open_store)."""
    return NetJournalApp(db_path=db_path, today=today, blink=blink, open_journal=open_journal)


if TYPE_CHECKING:

    def _is_a_journal_app(app: NetJournalApp) -> JournalApp:
        return app  # mypy checks here that the app gives screens all they may ask of it
