"""The places the global keys, the help screen and the command palette can open.

Adding a screen is one file in screens/ plus one line here, e.g.
`Place("people", "p", "People", _people)` with `_people` importing PeopleScreen.
The screens are imported when first opened, so the first frame never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Place:
    name: str
    key: str
    title: str
    # Builds the screen, opened on top of Events; None means Events itself (home).
    make: Callable[[], Screen[Any]] | None = None


def _followups() -> Screen[Any]:
    from netjournal.screens.followups import FollowupsScreen

    return FollowupsScreen()


def _people() -> Screen[Any]:
    from netjournal.screens.people import PeopleScreen

    return PeopleScreen()


def _insights() -> Screen[Any]:
    from netjournal.screens.insights import InsightsScreen

    return InsightsScreen()


PLACES: tuple[Place, ...] = (
    Place("events", "e", "Events"),
    Place("followups", "f", "Follow-ups", _followups),
    Place("people", "p", "People", _people),
    Place("insights", "i", "Insights", _insights),
)
