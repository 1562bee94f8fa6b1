"""The three pages of one event, by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netjournal.screens.goal import GoalScreen
from netjournal.screens.meet import MeetScreen
from netjournal.screens.page import EventPage
from netjournal.screens.reflection import ReflectionScreen

PAGES: dict[str, Callable[[str], EventPage[Any, Any]]] = {
    "goal": GoalScreen,
    "meet": MeetScreen,
    "reflection": ReflectionScreen,
}
