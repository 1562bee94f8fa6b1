"""Reflection: being kind to yourself about the evening."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from netjournal.domain.ahead import COUNTED_STATUS, is_coming_up
from netjournal.domain.reflection import kind_line
from netjournal.domain.vocab import ENERGY
from netjournal.screens.page import EventPage
from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import LongField

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.models import Reflection

PROMPTS = (
    ("hard", "What was hard", "it's fine to name it"),
    ("others_too", "Who else finds this hard", "you're far from the only one"),
    ("friend_words", "To a friend in my place", "what would you tell them?"),
    ("gained", "What I gained", "a name, an idea, a good moment"),
    ("proud", "What I'm proud of", "even a small thing counts"),
)
ENERGY_OPTIONS: list[tuple[int | None, str]] = [(None, "not set"), *((n, str(n)) for n in ENERGY)]
SHOWED_UP = "✓ I showed up. That counts, every time."
BEFORE_LINE = "Before the event: how is your energy? The rest of the reflection opens on the day."


class ReflectionScreen(EventPage[dict[str, Any], "Reflection"]):
    PAGE = "reflection"
    FIRST_FIELD = "#energy_before"

    def compose_page(self) -> ComposeResult:
        with VerticalScroll(id="body", can_focus=False):
            yield Static(BEFORE_LINE, id="before-line", classes="kind-line", markup=False)
            yield Static(SHOWED_UP, id="showed-up", markup=False)
            yield Static("", id="kind-line", classes="kind-line", markup=False)
            with Horizontal(classes="row"):
                yield Label("Energy before (1-5)", classes="label")
                yield Choice(ENERGY_OPTIONS, id="energy_before")
            with Horizontal(classes="row after"):
                yield Label("Energy after (1-5)", classes="label")
                yield Choice(ENERGY_OPTIONS, id="energy_after")
            for key, label, placeholder in PROMPTS:
                with Horizontal(classes="row long after"):
                    yield Label(label, classes="label")
                    yield LongField(placeholder=placeholder, id=key)

    def read(self, session: Session) -> dict[str, Any]:
        from netjournal.store import queries

        meetings = queries.meetings_for_event(session=session, event_id=self.event_id)
        goal = queries.get_goal(session=session, event_id=self.event_id)
        return {
            "reflection": queries.get_reflection(session=session, event_id=self.event_id),
            "people_met": sum(1 for m, _ in meetings if m.status == COUNTED_STATUS),
            "outcome": goal.outcome if goal else None,
        }

    def fill(self, data: dict[str, Any]) -> dict[str, Any]:
        refl = data["reflection"]
        keys = ["energy_before", "energy_after", *(k for k, _, _ in PROMPTS)]
        saved: dict[str, Any] = {
            k: getattr(refl, k) if refl else (None if k.startswith("energy") else "") for k in keys
        }
        for key in ("energy_before", "energy_after"):
            self.query_one(f"#{key}", Choice).value = saved[key]
        for key, _, _ in PROMPTS:
            field = self.query_one(f"#{key}", LongField)
            if not field.value:
                field.value = saved[key]
        self.query_one("#kind-line", Static).update(kind_line(data["people_met"], data["outcome"]))
        # A coming-up event: only energy before; "I showed up" is credited from the day on.
        ahead = self.event is not None and is_coming_up(self.event.date, self.journal_app.today())
        self.query_one("#before-line").display = ahead
        for widget in (self.query_one("#showed-up"), self.query_one("#kind-line"), *self.query(".after")):
            widget.display = not ahead
        return saved

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            key: self.query_one(f"#{key}", Choice).value for key in ("energy_before", "energy_after")
        }
        result.update({key: self.query_one(f"#{key}", LongField).value for key, _, _ in PROMPTS})
        return result

    def write(self, session: Session, values: dict[str, Any], saved: dict[str, Any]) -> Reflection:
        from netjournal.store import queries

        # Only what changed here: another window may have changed the rest since this page read it.
        changed = {key: value for key, value in values.items() if value != saved[key]}
        return queries.save_reflection(
            session=session, event_id=self.event_id, visit=self.visit, expected=saved, showed_up=True, **changed
        )
