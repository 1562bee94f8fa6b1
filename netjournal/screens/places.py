"""The places the global keys, the help screen and the command palette can open.

Adding a screen is one file in screens/ plus one line here, e.g.
`Place("people", "p", "People", lambda: PeopleScreen())`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from netjournal.screens.followups import FollowupsScreen
from netjournal.screens.insights import InsightsScreen
from netjournal.screens.people import PeopleScreen


@dataclass(frozen=True)
class Place:
    name: str
    key: str
    title: str
    # Builds the screen, opened on top of Events; None means Events itself (home).
    make: Callable[[], Screen] | None = None


PLACES: tuple[Place, ...] = (
    Place("events", "e", "Events"),
    Place("followups", "f", "Follow-ups", lambda: FollowupsScreen()),
    Place("people", "p", "People", lambda: PeopleScreen()),
    Place("insights", "i", "Insights", lambda: InsightsScreen()),
)
