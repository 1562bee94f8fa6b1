"""Details: the event itself (name, date, kind, place, notes), editable after it was made."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from netjournal.domain.dates import DateParseError, describe_date, format_date, parse_date
from netjournal.domain.tags import parse_tags, tags_text
from netjournal.domain.vocab import KINDS
from netjournal.screens.page import EventPage
from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import Field, LongField
from netjournal.widgets.tags import TAGS_PLACEHOLDER, show_tags_problem, typed_tags

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.models import Event

NEEDS_NAME = "An event needs a name. The saved one stays until you type one."
KEEPS_DATE = "The saved date stays until this reads as one."
NEEDS_DATE = "An event needs a date. The saved one stays until you type one."


class DetailsScreen(EventPage[dict[str, Any], "Event"]):
    PAGE = "details"
    FIRST_FIELD = "#event-name"

    def compose_page(self) -> ComposeResult:
        with VerticalScroll(id="body", can_focus=False):
            with Horizontal(classes="row"):
                yield Label("Name", classes="label")
                yield Field(placeholder="what the event is called", id="event-name")
            yield Static(NEEDS_NAME, id="name-hint", classes="hint problem", markup=False)
            with Horizontal(classes="row"):
                yield Label("Date", classes="label")
                yield Field(placeholder="today, last fri, 2019-04-08 ...", id="event-date")
            yield Static("", id="date-hint", classes="hint", markup=False)
            with Horizontal(classes="row"):
                yield Label("Kind", classes="label")
                yield Choice(list(KINDS.items()), id="kind")
            with Horizontal(classes="row"):
                yield Label("Location", classes="label")
                yield Field(placeholder="where it is or was (optional)", id="location")
            with Horizontal(classes="row long"):
                yield Label("Notes", classes="label")
                yield LongField(placeholder="anything about the event worth keeping", id="event-notes")
            with Horizontal(classes="row"):
                yield Label("Tags", classes="label")
                yield Field(placeholder=TAGS_PLACEHOLDER, id="event-tags")
            yield Static("", id="tags-hint", classes="hint problem", markup=False)

    def on_mount(self) -> None:
        self.query_one("#name-hint").display = False
        self.query_one("#tags-hint").display = False
        super().on_mount()

    def read(self, session: Session) -> dict[str, Any]:
        from netjournal.store import tags

        return {"tags": tags.tags_of_event(session=session, event_id=self.event_id)}

    def fill(self, data: dict[str, Any]) -> dict[str, Any]:
        event: Event = data["event"]
        tags = tags_text(data["tags"])
        saved = {
            "name": event.name,
            "date": event.date,
            "kind": event.kind,
            "location": event.location,
            "notes": event.notes,
            "tags": tags,
        }
        texts = {
            "#event-name": event.name,
            "#event-date": format_date(event.date) if event.date else "",
            "#location": event.location,
            "#event-tags": tags,
        }
        for selector, text in texts.items():
            field = self.query_one(selector, Field)
            if not field.value:
                field.value = text
        notes = self.query_one("#event-notes", LongField)
        if not notes.value:
            notes.value = event.notes
        self.query_one("#kind", Choice).value = event.kind
        return saved

    def _date(self) -> tuple[date | None, str]:
        """The date typed, or None and why it can't be used."""
        text = self.query_one("#event-date", Field).value
        if not text.strip():
            return None, NEEDS_DATE
        try:
            return parse_date(text, today=self.journal_app.today()), ""
        except DateParseError as err:
            return None, f"{err} {KEEPS_DATE}"

    def values(self) -> dict[str, Any]:
        saved = self._saved or {}
        name = self.query_one("#event-name", Field).value
        day, _problem = self._date()
        return {
            "name": name if name.strip() else saved.get("name", ""),
            "date": day if day is not None else saved.get("date"),
            "kind": self.query_one("#kind", Choice).value,
            "location": self.query_one("#location", Field).value,
            "notes": self.query_one("#event-notes", LongField).value,
            "tags": typed_tags(self.query_one("#event-tags", Field).value, saved.get("tags", ""))[0],
        }

    def write(self, session: Session, values: dict[str, Any], saved: dict[str, Any]) -> Event:
        from netjournal.store import queries

        # Only what changed here: another window may have changed the rest since this page read it.
        changed = {key: value for key, value in values.items() if value != saved[key]}
        if "tags" in changed:
            changed["tags"] = parse_tags(changed["tags"])
        return queries.update_event(session=session, event_id=self.event_id, **changed)

    def after_save(self, values: dict[str, Any], result: Event) -> None:
        self.show_title(result.name, result.date)

    def edited(self) -> None:
        self.query_one("#name-hint").display = not self.query_one("#event-name", Field).value.strip()
        day, problem = self._date()
        hint = self.query_one("#date-hint", Static)
        hint.update(problem or describe_date(day, today=self.journal_app.today()))
        hint.set_class(bool(problem), "problem")
        show_tags_problem(self, "#event-tags", "#tags-hint", (self._saved or {}).get("tags", ""))
        super().edited()
