"""New event: name, date, kind and place; ctrl+s saves and opens its Goal page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Label, Static

from netjournal.domain.dates import DateParseError, describe_date, parse_date
from netjournal.domain.vocab import KINDS
from netjournal.screens.base import JournalScreen
from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import Field
from netjournal.widgets.footer import Footer

if TYPE_CHECKING:
    from sqlmodel import Session

NEEDS_NAME = "An event needs a name."


class NewEventScreen(JournalScreen[None]):
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("ctrl+s", "save", "Save and set the goal", id="save-event", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._saving = False
        self.saved_id: str | None = None  # the event this form made, once it is in the journal
        self._discarded = False  # closing it was asked for, without saving

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(
                "A new event. Name it, say when it is or was, and ctrl+s takes you to its goal.",
                classes="intro",
                markup=False,
            )
            with Horizontal(classes="row"):
                yield Label("Name", classes="label")
                yield Field(placeholder="e.g. Python meetup", id="name")
            yield Static("", id="name-hint", classes="hint problem", markup=False)
            with Horizontal(classes="row"):
                yield Label("Date", classes="label")
                yield Field(placeholder="today, last fri, 2019-04-08 ...", id="date")
            yield Static("", id="date-hint", classes="hint", markup=False)
            with Horizontal(classes="row"):
                yield Label("Kind", classes="label")
                yield Choice(list(KINDS.items()), value=self.journal_app.settings.default_kind, id="kind")
            with Horizontal(classes="row"):
                yield Label("Location", classes="label")
                yield Field(placeholder="optional", id="location")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name-hint", Static).display = False
        self.query_one("#name", Field).focus()
        self._show_date()

    @on(Input.Changed, "#date")
    def _show_date(self) -> None:
        hint = self.query_one("#date-hint", Static)
        try:
            when = self._date()
        except DateParseError as err:
            hint.update(str(err))
            hint.add_class("problem")
            return
        hint.remove_class("problem")
        empty = not self.query_one("#date", Field).value.strip()
        described = describe_date(when, today=self.journal_app.today())
        hint.update(f"Empty means today: {described}" if empty else described)

    @on(Input.Changed, "#name")
    def _name_typed(self) -> None:
        if self.query_one("#name", Field).value.strip():
            self.query_one("#name-hint", Static).display = False

    def _date(self) -> date:
        text = self.query_one("#date", Field).value
        return parse_date(text or "today", today=self.journal_app.today())

    def filled(self) -> bool:
        """Something is typed that closing the form would throw away (a read-only journal can't keep it anyway)."""
        if self.saved_id is not None or self._discarded or self.journal.read_only:
            return False
        return any(self.query_one(f"#{key}", Field).value.strip() for key in ("name", "date", "location"))

    def discard(self) -> None:
        """Closing the form is meant to throw away what it holds."""
        self._discarded = True

    def action_save(self) -> None:
        self.save()

    def save(self, then: Callable[[str], object] | None = None) -> None:
        """Save the event, then `then(event_id)`; by default its Goal page opens with the goal field focused."""
        if self._saving:
            return
        name = self.query_one("#name", Field).value.strip()
        try:
            when = self._date()
        except DateParseError:
            when = None
        if not name:
            self.query_one("#name-hint", Static).update(NEEDS_NAME)
            self.query_one("#name-hint", Static).display = True
        if not name or when is None:
            self.query_one("#name" if not name else "#date", Field).focus()
            return
        kind = self.query_one("#kind", Choice).value
        location = self.query_one("#location", Field).value
        self._saving = True

        def job(session: Session) -> str:
            from netjournal.store import queries

            return queries.create_event(session=session, name=name, date=when, kind=kind, location=location).id

        self.journal.write(job, lambda event_id: self._saved(event_id, then), on_error=self._not_saved)

    def _saved(self, event_id: str, then: Callable[[str], object] | None) -> None:
        self.saved_id = event_id
        if then is not None:
            then(event_id)
        else:
            self.app.call_later(self.journal_app.show_page, event_id, "goal", edit=True)

    def _not_saved(self, _err: Exception) -> None:
        self._saving = False
