"""The meet list before and after the day: who you'd like to meet, then whether you met them.

Before a coming-up event's day a new slot holds someone you hope to meet. From the day on,
each hoped-for slot offers one key: `y` you met them, or `x` not this time. A key sets the
slot's status, which saves as any choice does (and History keeps what it replaced).
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Static

from netjournal.domain.ahead import HOPING, NOT_THIS_TIME, asks_how_it_went, is_coming_up
from netjournal.domain.meet import list_line
from netjournal.domain.vocab import SLOTS
from netjournal.screens.meet import MeetScreen
from netjournal.screens.meet_slots import EMPTY_SLOT
from netjournal.widgets.choice import Choice

AHEAD_LINES = (
    "Who would you like to meet? One or two people is plenty; a speaker counts.",
    "One person to look out for is plenty. A second slot is here if you want it.",
    "Two people to look out for: a full list.",
)
AHEAD_LINE = AHEAD_LINES[0]
ASK_LINE = "You hoped to meet {name}. Did you? y: we met · x: not this time, and that's fine."
AHEAD_NAME = "someone you'd like to meet"
AHEAD_TOPIC = "what you'd like to talk about"


class MeetListScreen(MeetScreen):
    """The Meet page, speaking ahead for a coming-up event."""

    BINDINGS = [
        # Not in the footer (the line under the list names them when they apply); Help lists them.
        Binding("y", "how_it_went('met')", "We met", id="meet-we-met", show=False),
        Binding("x", "how_it_went('not_this_time')", "Not this time", id="meet-not-this-time", show=False),
    ]

    def coming_up(self) -> bool:
        return self.event is not None and is_coming_up(self.event.date, self.journal_app.today())

    def _fill_slot(self, slot: int, name: str, row: dict[str, Any], *, force: bool = False) -> None:
        super()._fill_slot(slot, name, row, force=force)
        ahead = self.coming_up()
        self._name_field(slot).placeholder = AHEAD_NAME if ahead else "who you talked with"
        self._field(slot, "talked_about").placeholder = AHEAD_TOPIC if ahead else "what you talked about"
        if ahead and row["who"] is None:
            self.query_one(f"#s{slot}-status", Choice).value = HOPING

    def _waits_for_name(self, slot: int) -> bool:
        """As on any meet list; "hoping to meet", a coming-up event's new slot as it starts, is no note."""
        status = self.query_one(f"#s{slot}-status", Choice)
        if self._who[slot] is None and status.value == HOPING and self.coming_up():
            row = {**self._slot_row(slot), "follow_up_due": None, "status": EMPTY_SLOT["status"]}
            return row != EMPTY_SLOT or bool(self._field(slot, "due").value.strip())
        return super()._waits_for_name(slot)

    def _status(self, slot: int) -> str:
        return str(self.query_one(f"#s{slot}-status", Choice).value)

    def _asking(self) -> int | None:
        """The first slot hoped for, once the day has come, that has a person."""
        if self.event is None:
            return None
        today = self.journal_app.today()
        for slot in SLOTS:
            status = self.query_one(f"#s{slot}-status", Choice).value
            if self._field(slot, "name").value.strip() and asks_how_it_went(status, self.event.date, today):
                return slot
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "how_it_went":
            return None if self.editing or self._asking() is None else True
        return super().check_action(action, parameters)

    def action_how_it_went(self, status: str) -> None:
        slot = self._asking()
        if slot is not None and status in ("met", NOT_THIS_TIME):
            self.query_one(f"#s{slot}-status", Choice).value = status

    def _show_line(self) -> None:
        super()._show_line()
        line = self.query_one("#meet-line", Static)
        busy = any(self._waits_for_name(slot) or self._naming(slot) for slot in SLOTS)
        if self.coming_up() and not busy:
            named = sum(1 for slot in SLOTS if self._field(slot, "name").value.strip())
            line.update(AHEAD_LINES[min(named, len(AHEAD_LINES) - 1)])
        elif (slot := self._asking()) is not None:
            line.update(ASK_LINE.format(name=self._field(slot, "name").value.strip()))
        elif not busy:  # the evening as it was: only the people you met fill the list
            met = sum(1 for s in SLOTS if self._field(s, "name").value.strip() and self._status(s) != NOT_THIS_TIME)
            line.update(list_line(met))
        self.refresh_bindings()
