"""What the pages of one event share (the header, page keys) and autosave, which a person's page uses too.

A page says how to read itself (`read`), fill its fields (`fill`), collect
what is typed (`values`) and write it (`write`). Saving happens ~0.6 s after
the last keystroke, on ctrl+s, and whenever the page is left.

Pages open for browsing: no field is focused, so letter keys are commands.
`enter` (or Tab) starts editing at `FIRST_FIELD`; escape stops. The page keys
have a second, alt+ form that works while typing.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Header, Input, Static, TextArea

from netjournal.domain.dates import describe_date
from netjournal.screens.base import JournalScreen
from netjournal.screens.history import HistoryScreen, say_changed_elsewhere
from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import is_field
from netjournal.widgets.footer import Footer
from netjournal.widgets.save_indicator import SaveIndicator
from netjournal.widgets.title import Title

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.history import ChangedElsewhere
    from netjournal.store.models import Event

DEBOUNCE = 0.6
NARROW = 110  # columns under which the title line has no room for the tabs
STACKED = 90  # columns under which two slots side by side leave too little room for what is typed

TABS = (
    ("goal", "g", "Goal"),
    ("meet", "m", "Meet list"),
    ("reflection", "r", "Reflection"),
    ("details", "d", "Details"),
)

Values = TypeVar("Values")  # what a page's fields hold, as `values()` shapes it
Written = TypeVar("Written")  # what `write` returns, for `after_save`


class AutosavePage(JournalScreen[None], Generic[Values, Written]):
    """A page whose fields save themselves: shared by the event pages and a person's page.

    `fill` puts what was read into the fields and returns it as `values()` shapes
    it; `write` stores `values` in a job. One save of a page is on its way at a
    time; what is typed meanwhile is saved as soon as it is in. A SaveIndicator
    shows where it stands: "saved" only once everything typed is in the journal.
    """

    AUTO_FOCUS = ""  # opened for browsing: focus is placed on purpose; escape leaves none
    FIRST_FIELD = ""  # where editing starts

    BINDINGS = [
        Binding("enter", "edit", "Edit", id="edit", key_display="enter"),
        # The app's escape, handled the moment it arrives (as tab is, see TAB_KEYS): "Ana<escape>r" typed
        # in one go leaves the field and opens the Reflection, and never types "Anar".
        Binding("escape", "app.escape", "Leave the field, or go back", id="back", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._saved: Values | None = None  # what the journal holds, as `values()` shapes it; None until read
        self._timer: Timer | None = None
        self._writing = False  # a save of this page is on its way to the journal
        self._next: Values | None = None  # asked to save while one was on its way: saved once it is in
        self._told_read_only = False
        self.visit = str(uuid.uuid4())  # this opening of the page: History keeps one earlier value per visit and field

    def fill(self, data: dict[str, Any]) -> Values:
        """Put what was read into fields left untouched; return the saved values."""
        raise NotImplementedError

    def values(self) -> Values:
        raise NotImplementedError

    def write(self, session: Session, values: Values, saved: Values) -> Written:
        """Runs in the writer: store `values` (`saved` is what the journal held)."""
        raise NotImplementedError

    def after_save(self, values: Values, result: Written) -> None:
        """Back on the UI thread after a save."""

    def holding(self) -> bool:
        """Whether text on screen waits for something before the journal can take it (the corner
        then never says "saved"); a page whose every field saves as it is typed holds nothing."""
        return False

    # Browsing and editing ---------------------------------------------------

    @property
    def editing(self) -> bool:
        """A field of the page is focused: letter keys type or choose, they are not commands."""
        return is_field(self.focused)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return not self.editing
        return True

    def action_edit(self) -> None:
        # At once, not after the keys already waiting (a burst like enter, tab, text goes where it means to).
        self.set_focus(self.query_one(self.FIRST_FIELD))

    def unsaved(self) -> bool:
        if self._saved is None or self.journal.read_only:  # a read-only journal can't hold it; that was said
            return False
        return self._writing or self._timer is not None or self.values() != self._saved or self.holding()

    def saving(self) -> bool:
        return self._writing

    # Saving ---------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Choice.Changed)
    def _typed(self) -> None:
        self.edited()

    def _show(self, state: str) -> None:
        if self.on_stack:
            self.query_one(SaveIndicator).state = "waiting" if state == "saved" and self.holding() else state

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def edited(self) -> None:
        if self._saved is None:
            return
        self._stop_timer()
        if not self._writing and self.values() == self._saved:
            if self.query_one(SaveIndicator).state in ("saving", "read_only", "saved", "waiting"):
                self._show("saved")
            return
        if self.journal.read_only:
            self._refuse()
            return
        self._show("saving")
        self._timer = self.set_timer(DEBOUNCE, self.save_paused)

    def save_paused(self) -> None:
        """Typing paused: save what may be saved while it goes on (a page may keep some back until it is left)."""
        self.save_now()

    def save_now(self) -> None:
        self._stop_timer()
        if self._saved is None:
            return
        values = self.values()
        if self._writing:
            self._next = values
        elif values != self._saved:
            self._write(values)

    def _refuse(self) -> None:
        """Nothing typed here can be kept: say so once, kindly, and leave the text on screen."""
        self._show("read_only")
        if not self._told_read_only:
            self._told_read_only = True
            self.journal.say_read_only()

    def _write(self, values: Values) -> None:
        saved = self._saved
        assert saved is not None
        if self.journal.read_only:
            self._refuse()
            return
        self._writing, self._next = True, None
        self._show("saving")
        write = self.write

        def job(session: Session) -> tuple[Written, list[ChangedElsewhere]]:
            from netjournal.store.history import changed_elsewhere

            return write(session, values, saved), changed_elsewhere(session=session)

        self.journal.write(job, lambda result: self._written(values, *result), on_error=self._not_written)

    def _written(self, values: Values, result: Written, elsewhere: list[ChangedElsewhere] | None = None) -> None:
        self._writing = False
        self._saved = values
        if elsewhere:
            say_changed_elsewhere(self, elsewhere)
        if self.on_stack:
            self.after_save(values, result)
        if self._write_next():
            return
        if self.on_stack:
            self._show("saved" if self.values() == self._saved else "saving")

    def _not_written(self, _err: Exception) -> None:
        self._writing = False
        if not self._write_next():
            self._show("read_only" if self.journal.read_only else "unsaved")

    def _write_next(self) -> bool:
        """Save what was asked to be saved while a save was on its way; whether that was needed."""
        waiting, self._next = self._next, None
        if waiting is None:
            return False
        latest = self.values() if self.on_stack else waiting  # a page left keeps what it held then
        if latest == self._saved:
            return False
        self._write(latest)
        return True

    def action_save(self) -> None:
        self.save_now()


def _page_keys() -> list[Binding]:
    """`g` while browsing, `alt+g` also while typing (a key that can't type); one action, so the footer
    shows whichever of the two works: Textual hides a key the focused text field would type."""
    keys = []
    for name, key, title in TABS:
        keys.append(Binding(key, f"page('{name}')", title, id=f"page-{name}"))
        keys.append(Binding(f"alt+{key}", f"page('{name}')", title, id=f"page-{name}-typing", priority=True))
    return keys


class EventPage(AutosavePage[Values, Written]):
    PAGE = ""
    # Narrow: the tabs get a line of their own; narrower still, the Meet list's slots stack.
    HORIZONTAL_BREAKPOINTS = [(0, "-stacked"), (STACKED, "-narrow"), (NARROW, "-wide")]

    BINDINGS = [
        *_page_keys(),
        Binding("h", "history", "History", id="history"),
        Binding("ctrl+s", "save", "Save now", id="save", priority=True, show=False),
    ]

    def __init__(self, event_id: str, *, edit: bool = False) -> None:
        super().__init__()
        self.event_id = event_id
        self.event: Event | None = None
        self._edit_first = edit  # a new event: its first field is focused at once

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="page-head"):
            yield Title(id="event-title")
            yield Static(self._tabs(), id="tabs")
            yield SaveIndicator(id="indicator")
        yield Static(self._tabs(), id="tabs-row")  # where the title line has no room for them
        yield from self.compose_page()
        yield Footer()

    def _tabs(self) -> Text:
        text = Text()
        for name, key, title in TABS:
            style = "reverse bold" if name == self.PAGE else "dim"
            text.append(f" {key} {title} ", style=style)
            text.append(" ")
        return text

    # What each page provides ---------------------------------------------

    def compose_page(self) -> ComposeResult:
        raise NotImplementedError

    def read(self, session: Session) -> dict[str, Any]:
        """Runs in a worker: what `fill` needs besides the event."""
        raise NotImplementedError

    # Loading --------------------------------------------------------------

    def on_mount(self) -> None:
        self.reload()
        if self._edit_first:
            self.action_edit()

    def reload(self) -> None:
        event_id, read = self.event_id, self.read

        def job(session: Session) -> dict[str, Any] | None:
            from netjournal.store import queries

            event = queries.get_event(session=session, event_id=event_id)
            return None if event is None else {"event": event, **read(session)}

        self.journal.read(job, self._loaded)

    def _loaded(self, data: dict[str, Any] | None) -> None:
        if not self.on_stack:
            return
        if data is None:
            self.notify("That event is no longer in the journal.")
            self.app.call_later(self.journal_app.go_home)
            return
        event: Event = data["event"]
        self.event = event
        self.show_title(event.name, event.date)
        self._saved = self.fill(data)
        self.edited()

    def action_history(self) -> None:
        """The event's History; after a restore the page is opened afresh, showing what the journal holds."""
        self.save_now()

        async def closed(restored: bool | None) -> None:
            if restored:
                await self.journal_app.show_page(self.event_id, self.PAGE)

        self.app.push_screen(HistoryScreen(event_id=self.event_id), closed)

    def show_title(self, name: str, day: date | None) -> None:
        self.query_one("#event-title", Title).show(name, describe_date(day, today=self.journal_app.today()))

    async def action_page(self, page: str) -> None:
        if page != self.PAGE:
            await self.journal_app.show_page(self.event_id, page)
