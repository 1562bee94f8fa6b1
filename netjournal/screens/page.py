"""What the three pages of one event share (the header, page keys) and autosave, which a person's page uses too.

A page says how to read itself (`read`), fill its fields (`fill`), collect
what is typed (`values`) and write it (`write`). Saving happens ~0.6 s after
the last keystroke, on ctrl+s, and whenever the page is left.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from netjournal.domain.dates import describe_date
from netjournal.widgets.choice import Choice
from netjournal.widgets.footer import Footer
from netjournal.widgets.save_indicator import SaveIndicator

DEBOUNCE = 0.6

TABS = (("goal", "g", "Goal"), ("meet", "m", "Meet list"), ("reflection", "r", "Reflection"))


class AutosavePage(Screen):
    """A page whose fields save themselves: shared by the event pages and a person's page.

    `fill` puts what was read into the fields and returns it as `values()` shapes
    it; `write` stores `values` in a worker. A SaveIndicator shows where it stands.
    """

    AUTO_FOCUS = ""  # focus is placed on purpose; escape leaves none

    def __init__(self) -> None:
        super().__init__()
        self._saved: Any = None  # what the journal holds, as `values()` shapes it; None until read
        self._timer: Timer | None = None

    def fill(self, data: dict) -> Any:
        """Put what was read into fields left untouched; return the saved values."""
        raise NotImplementedError

    def values(self) -> Any:
        raise NotImplementedError

    def write(self, queries, session, values: Any, saved: Any) -> Any:
        """Runs in a worker: store `values` (`saved` is what the journal held)."""
        raise NotImplementedError

    def after_save(self, values: Any, result: Any) -> None:
        """Back on the UI thread after a save."""

    # Saving ---------------------------------------------------------------

    @on(Input.Changed)
    @on(Choice.Changed)
    def _typed(self) -> None:
        self.edited()

    def edited(self) -> None:
        if self._saved is None:
            return
        indicator = self.query_one(SaveIndicator)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.values() == self._saved:
            if indicator.state == "saving":
                indicator.state = "saved"
            return
        indicator.state = "saving"
        self._timer = self.set_timer(DEBOUNCE, self.save_now)

    def save_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._saved is None:
            return
        values, saved = self.values(), self._saved
        if values == saved:
            return
        indicator = self.query_one(SaveIndicator)
        indicator.state = "saving"
        write = self.write

        def job(queries, session):
            return write(queries, session, values, saved)

        def done(result) -> None:
            self._saved = values
            if self.on_stack:
                self.after_save(values, result)
                indicator.state = "saved" if self.values() == self._saved else "saving"

        def not_kept(_err) -> None:
            if self.on_stack:
                indicator.state = "unsaved"

        self.app.run_store(job, done=done, on_error=not_kept, saving=True)

    @property
    def on_stack(self) -> bool:
        """Still open (a save can finish after the page was left)."""
        return self.is_mounted and self in self.app.screen_stack

    def action_save(self) -> None:
        self.save_now()


class EventPage(AutosavePage):
    PAGE = ""

    BINDINGS = [
        Binding("g", "page('goal')", "Goal", id="page-goal"),
        Binding("m", "page('meet')", "Meet list", id="page-meet"),
        Binding("r", "page('reflection')", "Reflection", id="page-reflection"),
        Binding("ctrl+s", "save", "Save now", id="save", priority=True),
    ]

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id
        self.event: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="page-head"):
            yield Static("", id="event-title", markup=False)
            yield Static(self._tabs(), id="tabs")
            yield SaveIndicator(id="indicator")
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

    def read(self, queries, session) -> dict:
        """Runs in a worker: return {"event": Event, ...} for `fill`."""
        raise NotImplementedError

    # Loading --------------------------------------------------------------

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        event_id, read = self.event_id, self.read

        def job(queries, session):
            event = queries.get_event(session=session, event_id=event_id)
            return None if event is None else {"event": event, **read(queries, session)}

        self.app.run_store(job, done=self._loaded)

    def _loaded(self, data: dict | None) -> None:
        if not self.on_stack:
            return
        if data is None:
            self.notify("That event is no longer in the journal.")
            self.app.call_later(self.app.go_home)
            return
        self.event = data["event"]
        self.query_one("#event-title", Static).update(
            Text.assemble((self.event.name, "bold"), "  ", describe_date(self.event.date, today=self.app.today()))
        )
        self._saved = self.fill(data)
        self.edited()

    async def action_page(self, page: str) -> None:
        if page != self.PAGE:
            from netjournal.screens.event_pages import PAGES

            self.save_now()
            await self.app.switch_screen(PAGES[page](self.event_id))
