"""New event: name, date, kind and place; ctrl+s saves and opens its Goal page."""

from __future__ import annotations

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
                yield Choice(list(KINDS.items()), value="meetup", id="kind")
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

    def action_save(self) -> None:
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

        self.journal.write(job, self._saved, on_error=self._not_saved)

    def _saved(self, event_id: str) -> None:
        self.journal_app.show_page(event_id, "goal")

    def _not_saved(self, _err: Exception) -> None:
        self._saving = False
