"""Goal: the one thing you'd like from the event, and afterwards how it went."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from netjournal.domain.goals import is_vague
from netjournal.domain.vocab import OUTCOMES
from netjournal.screens.page import EventPage
from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import Field, LongField

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.models import Goal

VAGUE_HINT = (
    'A specific goal is easier to keep. For example: "ask two people how they got into data work", '
    '"find out who is hiring Rust developers", or "say hello to the second speaker".'
)
EMPTY_HINT = "No goal yet. What's one thing you'd like to learn here?"
OUTCOME_LINES = {
    "open": "",
    "met": "You did what you came for. Well done.",
    "partly": "Part of the way is still progress.",
    "not_this_time": "Not this time, and that's fine: you went, and you know more for next time.",
}


class GoalScreen(EventPage[dict[str, Any], "Goal"]):
    PAGE = "goal"
    FIRST_FIELD = "#goal-text"

    def compose_page(self) -> ComposeResult:
        with VerticalScroll(id="body", can_focus=False):
            with Horizontal(classes="row"):
                yield Label("Goal", classes="label")
                yield Field(placeholder="one specific thing you'd like from this event", id="goal-text")
            yield Static(EMPTY_HINT, id="goal-hint", classes="hint", markup=False)
            with Horizontal(classes="row"):
                yield Label("How it went", classes="label")
                yield Choice(list(OUTCOMES.items()), id="outcome")
            yield Static("", id="outcome-line", classes="kind-line", markup=False)
            with Horizontal(classes="row long"):
                yield Label("What I learned", classes="label")
                yield LongField(placeholder="anything, however small", id="learned")

    def read(self, session: Session) -> dict[str, Any]:
        from netjournal.store import queries

        return {"goal": queries.get_goal(session=session, event_id=self.event_id)}

    def fill(self, data: dict[str, Any]) -> dict[str, Any]:
        goal = data["goal"]
        saved = (
            {"text": goal.text, "outcome": goal.outcome, "learned": goal.learned}
            if goal
            else {"text": "", "outcome": "open", "learned": ""}
        )
        text, learned = self.query_one("#goal-text", Field), self.query_one("#learned", LongField)
        if not text.value:
            text.value = saved["text"]
        if not learned.value:
            learned.value = saved["learned"]
        self.query_one("#outcome", Choice).value = saved["outcome"]
        self._show_lines()
        return saved

    def values(self) -> dict[str, Any]:
        return {
            "text": self.query_one("#goal-text", Field).value,
            "outcome": self.query_one("#outcome", Choice).value,
            "learned": self.query_one("#learned", LongField).value,
        }

    def write(self, session: Session, values: dict[str, Any], saved: dict[str, Any]) -> Goal:
        from netjournal.store import queries

        # Only what changed here: another window may have changed the rest since this page read it.
        changed = {key: value for key, value in values.items() if value != saved[key]}
        return queries.save_goal(session=session, event_id=self.event_id, visit=self.visit, expected=saved, **changed)

    def edited(self) -> None:
        self._show_lines()
        super().edited()

    def _show_lines(self) -> None:
        text = self.query_one("#goal-text", Field).value.strip()
        hint = EMPTY_HINT if not text else VAGUE_HINT if is_vague(text) else ""
        line = OUTCOME_LINES[self.query_one("#outcome", Choice).value]
        for widget_id, words in (("#goal-hint", hint), ("#outcome-line", line)):
            static = self.query_one(widget_id, Static)
            static.update(words)
            static.display = bool(words)
