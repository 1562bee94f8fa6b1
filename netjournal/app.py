"""NetJournalApp: the full-screen journal. Thin: screens do the work, the runner reaches the journal.

Nothing here imports the store at module level: SQLModel and SQLAlchemy load
in a worker thread after the first frame is on screen.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App
from textual.binding import Binding

from netjournal.runner import JournalIsReadOnly, JournalRunner, Opener
from netjournal.screens.ask import DISCARD, RETRY, SAVE, WITHOUT, NotHeldScreen, UnsavedFormScreen
from netjournal.screens.base import JournalScreen
from netjournal.screens.places import PLACES, Place
from netjournal.settings import Settings, SettingsFileError, remember_theme

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.command import Provider
    from textual.screen import Screen

    from netjournal.screens.base import JournalApp
    from netjournal.screens.new_event import NewEventScreen

READ_ONLY_TITLE = "read-only"
HOLD_WAIT = 1.5  # seconds to wait, on leaving, for saves on their way to reach the journal before asking
HOLD_POLL = 0.05

Go = Callable[[], Awaitable[object]]  # what leaving does once nothing typed would be lost by it


def _in_a_field(app: App[Any]) -> bool:
    fields = sys.modules.get("netjournal.widgets.fields")  # loaded with the first page that has fields:
    return fields is not None and bool(fields.is_field(app.focused))  # until then, no field can be focused


def _journal_commands() -> type[Provider]:
    from netjournal.commands import JournalCommands

    return JournalCommands


class NetJournalApp(App[None]):
    TITLE = "netjournal"
    CSS_PATH = "netjournal.tcss"
    COMMANDS = App.COMMANDS | {_journal_commands}
    BINDINGS = [  # help and quit first: where the footer runs out of room, the places go first
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("f1", "help", "Help", id="help-f1", priority=True),
        Binding("q", "quit", "Quit", id="quit-q"),
        *(Binding(p.key, f"go('{p.name}')", p.title, id=f"go-{p.name}") for p in PLACES),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "Commands", id="palette", priority=True, show=False),
        Binding("escape", "escape", "Leave the field, or go back", id="back"),
    ]

    def __init__(
        self,
        *,
        db_path: Path,
        today: date | None = None,
        blink: bool = True,
        open_journal: Opener | None = None,
        sync_folder: Path | None = None,
        settings: Settings | None = None,
        settings_notes: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self._settings_notes = list(settings_notes)  # shown once, when the app starts
        self._kept_theme = ""  # the theme in the settings file, as far as the app knows
        self.db_path = Path(db_path)
        self.sync_folder = sync_folder  # synced with once the journal opens, and once on quitting
        self._today = today
        self.blink = blink
        self.journal = JournalRunner(self, self.db_path, opener=open_journal, today=self.today)
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

    # Leaving, only once nothing typed would be lost --------------------------

    def _asking(self) -> bool:
        return isinstance(self.screen, (NotHeldScreen, UnsavedFormScreen))

    def _filled_form(self) -> NewEventScreen | None:
        from netjournal.screens.new_event import NewEventScreen

        return next((s for s in self.screen_stack if isinstance(s, NewEventScreen) and s.filled()), None)

    async def _held(self) -> bool:
        """Whether the journal holds everything typed; waits (briefly) while saves are on their way."""
        deadline = monotonic() + HOLD_WAIT
        retried = False
        while True:
            screens = [s for s in self.screen_stack if isinstance(s, JournalScreen)]
            if not any(s.unsaved() for s in screens):
                return True
            if monotonic() >= deadline:
                return False
            if not any(s.saving() for s in screens):
                if retried:
                    return False
                # Keys that came with this one (the last letters, leaving a field) may have been handled since.
                retried = True
                self.save_pending()
            await asyncio.sleep(HOLD_POLL)

    async def leave(self, go: Go, *, quitting: bool = False) -> None:
        """Run `go` (which closes screens, or quits) once the journal holds what was typed; else ask first."""
        if self._asking():
            return
        form = self._filled_form()
        if form is not None:
            self.push_screen(UnsavedFormScreen(), partial(self._form_answered, form, go, quitting))
            return
        self.save_pending()
        if await self._held():
            await go()
            return
        why = next((w for s in self.screen_stack if isinstance(s, JournalScreen) and (w := s.why_not_held())), None)
        self.push_screen(NotHeldScreen(quitting=quitting, why=why), partial(self._not_held_answered, go, quitting))

    def _form_answered(self, form: NewEventScreen, go: Go, quitting: bool, answer: str | None) -> None:
        if answer == SAVE:  # once saved, go on as asked; if it can't be saved, the form says why and stays
            form.save(then=lambda _event_id: self.call_later(self.leave, go, quitting=quitting))
        elif answer == DISCARD:
            form.discard()
            self.call_later(self.leave, go, quitting=quitting)

    def _not_held_answered(self, go: Go, quitting: bool, answer: str | None) -> None:
        if answer == RETRY:
            self.call_later(self.leave, go, quitting=quitting)
        elif answer == WITHOUT:
            # Quitting without it doesn't wait for the writer, which may be held up for seconds yet.
            self.call_later(self.exit if quitting else go)

    # Moving around --------------------------------------------------------

    def on_mount(self) -> None:
        from netjournal.store import cipher

        if cipher.looks_encrypted(self.db_path) and cipher.held_key(self.db_path) is None:
            from netjournal.screens.passphrase import PassphraseScreen  # nothing is read before it is given

            self.push_screen(PassphraseScreen(self.db_path), lambda _: self._show_home())
            return
        # Once the app runs: a frame drawn before then never reaches the terminal, and the next one
        # would draw only what changed since, leaving the list off the screen a frame longer.
        self.call_next(self._show_home)

    def _show_home(self) -> None:
        from netjournal.screens.events import EventsScreen

        self._use_settings()
        self._home = EventsScreen()
        self.push_screen(self._home)
        self._sync(lambda said: self.notify(said, title="Synced", markup=False))

    def _sync(self, then: Callable[[str], object]) -> None:
        """Sync with the sync folder (if one is set) behind every write asked before; `then(line)` says how it went."""
        folder = self.sync_folder
        if folder is None:
            return

        def job(session: Session) -> str:
            from netjournal.transfer.sync import sync_in

            return sync_in(session, path=self.db_path, folder=folder)

        self.journal.write(job, then)

    # Settings -------------------------------------------------------------

    def _use_settings(self) -> None:
        from netjournal.bindings import theme_note

        notes = self._settings_notes
        if (note := theme_note(self.settings.theme, self.available_themes)) is not None:
            notes.append(note)
        elif self.settings.theme is not None:
            self.theme = self.settings.theme
        self._kept_theme = self.theme
        self.watch(self, "theme", self._theme_picked, init=False)
        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))
            self.call_after_refresh(self.run_worker, self._check_keys, thread=True, group="settings")
        self._say_settings(notes)
        notes.clear()

    def _say_settings(self, notes: list[str]) -> None:
        for note in notes:
            self.notify(note, title="Settings", timeout=12, markup=False)

    def _check_keys(self) -> None:
        from netjournal.bindings import key_note, unknown_keys  # loads every screen: after the first frame

        for binding in unknown_keys(self.settings.keys):
            self.call_from_thread(self._say_settings, [key_note(binding)])

    def _theme_picked(self, theme: str) -> None:
        """A theme picked in the palette is kept in the settings file, so the next start has it too."""
        if self.settings.path is None or theme == self._kept_theme:
            return
        self._kept_theme = theme
        self.run_worker(partial(self._keep_theme, self.settings.path), thread=True, group="settings")

    def _keep_theme(self, path: Path) -> None:
        try:
            remember_theme(path, self._kept_theme)  # the latest pick, whichever worker gets here last
        except SettingsFileError as err:
            said = f"The theme is on for now; it couldn't be kept in your settings: {err}."
            self.call_from_thread(self._say_settings, [said])

    def _at_home(self) -> bool:
        return self._home is None or self.screen is self._home

    async def go_home(self) -> None:
        await self.leave(self._pop_home)

    async def _pop_home(self) -> None:
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

    def read_places_ahead(self) -> None:
        """Once Events has read the journal: build the other places and read what each first shows, in the
        background, so the first visit to each draws it in its first frame."""
        from netjournal.screens.kept import KeptScreen

        for place in PLACES:
            if place.make is not None and isinstance(screen := self.place_screen(place), KeptScreen):
                screen.read_ahead()

    async def action_go(self, name: str) -> None:
        place = next(p for p in PLACES if p.name == name)
        await self.leave(partial(self._go, place))

    async def _go(self, place: Place) -> None:
        if place.make is None:
            await self._pop_home()
            return
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
        async def go() -> None:
            await self._pop_home()
            await self.push_screen(self._event_page(event_id, page))

        await self.leave(go)

    async def show_page(self, event_id: str, page: str, *, edit: bool = False) -> None:
        """A page of an event in place of the screen on top (another page, or the new-event form)."""

        async def go() -> None:
            await self.switch_screen(self._event_page(event_id, page, edit=edit))

        await self.leave(go)

    def _event_page(self, event_id: str, page: str, *, edit: bool = False) -> Screen[Any]:
        from netjournal.screens.event_pages import PAGES

        return PAGES[page](event_id, edit=edit)

    async def new_event(self) -> None:
        from netjournal.screens.new_event import NewEventScreen

        async def go() -> None:
            await self._pop_home()
            await self.push_screen(NewEventScreen())

        await self.leave(go)

    def action_help(self) -> None:
        from netjournal.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):  # f1 (a priority key) closes what it opened
            self.screen.dismiss(None)
        elif not self._asking():
            self.save_pending()
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":  # shown in the footer only when it does something
            return _in_a_field(self) or not self._at_home()
        return True

    async def action_escape(self) -> None:
        if _in_a_field(self):
            self.screen.set_focus(None)
            return
        if not self._at_home():
            await self.leave(self._back)

    async def _back(self) -> None:
        if not self._at_home():
            await self.pop_screen()

    async def action_quit(self) -> None:
        await self.leave(self._quit, quitting=True)

    async def _quit(self) -> None:
        said: list[str] = []
        if self.sync_folder is not None and not self.journal.read_only:
            self.notify("Syncing before netjournal closes...", markup=False)
            self._sync(said.append)  # behind every save: what was typed goes with it
        await self.workers.wait_for_complete()  # what was asked of the journal besides typing (a delete, a merge)
        await asyncio.sleep(0)  # the writer's answer (the sync's line) comes back through the message queue
        self.exit(message=f"netjournal: {said[0]}" if said else None)

    def on_unmount(self) -> None:
        self.journal.close()


def make_app(
    *,
    db_path: Path,
    today: date | None = None,
    blink: bool = True,
    open_journal: Opener | None = None,
    sync_folder: Path | None = None,
    settings: Settings | None = None,
    settings_notes: Sequence[str] = (),
) -> NetJournalApp:
    """Build the app for the command line and the tests alike; `open_journal` opens the store (default: open_store).

    With `sync_folder`, the app syncs with it (transfer.sync) once the journal opens and once on quitting,
    in the background, and says how it went in one line. `settings` default to the built-in ones (never
    the person's file): the command line passes what `load_settings` read, and its notes on bad settings,
    which the app shows once.
    """
    return NetJournalApp(
        db_path=db_path,
        today=today,
        blink=blink,
        open_journal=open_journal,
        sync_folder=sync_folder,
        settings=settings,
        settings_notes=settings_notes,
    )


if TYPE_CHECKING:

    def _is_a_journal_app(app: NetJournalApp) -> JournalApp:
        return app  # mypy checks here that the app gives screens all they may ask of it
