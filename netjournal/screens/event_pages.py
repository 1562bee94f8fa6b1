"""The three pages of one event, by name."""

from netjournal.screens.goal import GoalScreen
from netjournal.screens.meet import MeetScreen
from netjournal.screens.reflection import ReflectionScreen

PAGES = {"goal": GoalScreen, "meet": MeetScreen, "reflection": ReflectionScreen}
