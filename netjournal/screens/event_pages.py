"""The pages of one event, by name."""

from __future__ import annotations

from typing import Any, Protocol

from netjournal.screens.details import DetailsScreen
from netjournal.screens.goal import GoalScreen
from netjournal.screens.meet_ahead import MeetListScreen
from netjournal.screens.page import EventPage
from netjournal.screens.reflection import ReflectionScreen


class MakePage(Protocol):
    def __call__(self, event_id: str, *, edit: bool = False) -> EventPage[Any, Any]: ...


PAGES: dict[str, MakePage] = {
    "goal": GoalScreen,
    "meet": MeetListScreen,
    "reflection": ReflectionScreen,
    "details": DetailsScreen,
}
