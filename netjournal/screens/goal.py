"""Goal: the one thing you'd like from the event, and a worry checked against what happens.

Before a coming-up event's day the page is "before": the goal, the worry and how sure you
are. From the day on it also asks how the goal went, what you learned, whether the worry
happened and how sure you are now. The worry lives with the event's reflection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from netjournal.domain.ahead import HAPPENED, SURE, is_coming_up
from netjournal.domain.goals import is_vague
from netjournal.domain.vocab import OUTCOMES
from netjournal.screens.page import EventPage
from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import Field, LongField, text_field

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
BEFORE_LINE = "Before the event. How it went, and whether the worry happened, open here on the day."
SURE_OPTIONS: list[tuple[int | None, str]] = [(None, "not set"), *SURE.items()]
HAPPENED_OPTIONS: list[tuple[str | None, str]] = [(None, "not set"), *HAPPENED.items()]
GOAL_KEYS = ("text", "outcome", "learned")
WORRY_KEYS = ("worry", "worry_sure_before", "worry_happened", "worry_sure_after")
AFTER = ("#row-outcome", "#outcome-line", "#row-learned", "#row-happened", "#row-sure-after")  # shown from the day on


class GoalScreen(EventPage[dict[str, Any], "Goal | None"]):
    PAGE = "goal"
    FIRST_FIELD = "#goal-text"

    def compose_page(self) -> ComposeResult:
        with VerticalScroll(id="body", can_focus=False):
            yield Static("", id="before-line", classes="hint", markup=False)
            with Horizontal(classes="row"):
                yield Label("Goal", classes="label")
                yield Field(placeholder="one specific thing you'd like from this event", id="goal-text")
            yield Static(EMPTY_HINT, id="goal-hint", classes="hint", markup=False)
            with Horizontal(classes="row", id="row-outcome"):
                yield Label("How it went", classes="label")
                yield Choice(list(OUTCOMES.items()), id="outcome")
            yield Static("", id="outcome-line", classes="kind-line", markup=False)
            with Horizontal(classes="row long", id="row-learned"):
                yield Label("What I learned", classes="label")
                yield LongField(placeholder="anything, however small", id="learned")
            with Horizontal(classes="row"):
                yield Label("A worry", classes="label")
                yield Field(placeholder="what are you worried might happen?", id="worry")
            with Horizontal(classes="row"):
                yield Label("How sure are you?", classes="label")
                yield Choice(SURE_OPTIONS, id="worry_sure_before")
            with Horizontal(classes="row", id="row-happened"):
                yield Label("Did it happen?", classes="label")
                yield Choice(HAPPENED_OPTIONS, id="worry_happened")
            with Horizontal(classes="row", id="row-sure-after"):
                yield Label("Sure now, for next time?", classes="label")
                yield Choice(SURE_OPTIONS, id="worry_sure_after")

    def read(self, session: Session) -> dict[str, Any]:
        from netjournal.store import queries

        return {
            "goal": queries.get_goal(session=session, event_id=self.event_id),
            "reflection": queries.get_reflection(session=session, event_id=self.event_id),
        }

    def fill(self, data: dict[str, Any]) -> dict[str, Any]:
        goal, refl = data["goal"], data["reflection"]
        saved: dict[str, Any] = {
            "text": goal.text if goal else "",
            "outcome": goal.outcome if goal else "open",
            "learned": goal.learned if goal else "",
            "worry": refl.worry if refl else "",
            **{key: getattr(refl, key) if refl else None for key in WORRY_KEYS[1:]},
        }
        for key, widget_id in (("text", "#goal-text"), ("learned", "#learned"), ("worry", "#worry")):
            field = text_field(self, widget_id)
            if not field.value:
                field.value = saved[key]
        for key in ("outcome", *WORRY_KEYS[1:]):
            self.query_one(f"#{key}", Choice).value = saved[key]
        ahead = self.event is not None and is_coming_up(self.event.date, self.journal_app.today())
        for widget_id in AFTER:
            self.query_one(widget_id).display = not ahead
        before = self.query_one("#before-line", Static)
        before.update(BEFORE_LINE)
        before.display = ahead
        self._show_lines()
        return saved

    def values(self) -> dict[str, Any]:
        return {
            "text": self.query_one("#goal-text", Field).value,
            "outcome": self.query_one("#outcome", Choice).value,
            "learned": self.query_one("#learned", LongField).value,
            "worry": self.query_one("#worry", Field).value,
            **{key: self.query_one(f"#{key}", Choice).value for key in WORRY_KEYS[1:]},
        }

    def write(self, session: Session, values: dict[str, Any], saved: dict[str, Any]) -> Goal | None:
        from netjournal.store import queries

        # Only what changed here: another window may have changed the rest since this page read it.
        changed = {key: value for key, value in values.items() if value != saved[key]}
        goal = {key: value for key, value in changed.items() if key in GOAL_KEYS}
        worry = {key: value for key, value in changed.items() if key in WORRY_KEYS}
        if worry:
            seen = {key: saved[key] for key in WORRY_KEYS}
            queries.save_reflection(session=session, event_id=self.event_id, visit=self.visit, expected=seen, **worry)
        if not goal:
            return None
        seen = {key: saved[key] for key in GOAL_KEYS}
        return queries.save_goal(session=session, event_id=self.event_id, visit=self.visit, expected=seen, **goal)

    def edited(self) -> None:
        self._show_lines()
        super().edited()

    def _show_lines(self) -> None:
        text = self.query_one("#goal-text", Field).value.strip()
        hint = EMPTY_HINT if not text else VAGUE_HINT if is_vague(text) else ""
        line = OUTCOME_LINES[self.query_one("#outcome", Choice).value]
        ahead = self.query_one("#before-line").display
        for widget_id, words in (("#goal-hint", hint), ("#outcome-line", "" if ahead else line)):
            static = self.query_one(widget_id, Static)
            static.update(words)
            static.display = bool(words)
