"""How screens reach the app and the journal, typed: `JournalApp` is what they may ask of the app.

Screens never import the app (it imports them); the app satisfies this protocol, and mypy checks
both sides.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

    from netjournal.runner import JournalRunner
    from netjournal.settings import Settings

ResultType = TypeVar("ResultType")

# Tab and shift+tab move to the next field the moment they arrive. Textual's own (on Screen) act only once
# the focused field has passed the key up to its screen, and keys typed right after a Tab (a quick typist,
# a paste, a terminal that sends them together) would reach the field being left first: "Ana<Tab>maps"
# made a person called "Anamaps". As priority keys they are handled before any key after them.
TAB_KEYS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Next field", id="next-field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", id="previous-field", show=False, priority=True),
]


class JournalApp(Protocol):
    """The app as screens, widgets and the command palette use it, beyond what every Textual app offers."""

    journal: JournalRunner
    known_events: list[tuple[str, str, date]]  # (id, name, date) of the events Events has read, newest first
    blink: bool
    settings: Settings  # what the person's config.toml sets (the defaults in tests)

    def today(self) -> date: ...

    def save_pending(self) -> None: ...

    async def go_home(self) -> None: ...

    async def open_event(self, event_id: str, page: str = "goal") -> None: ...

    async def show_page(self, event_id: str, page: str, *, edit: bool = False) -> None: ...

    async def new_event(self) -> None: ...

    def action_help(self) -> None: ...

    def read_places_ahead(self) -> None: ...


def journal_app(app: App[Any]) -> JournalApp:
    """`app` as the journal app: the one place it is cast."""
    return cast("JournalApp", app)


class JournalScreen(Screen[ResultType]):
    """A screen of netjournal: `journal_app` and `journal` typed."""

    BINDINGS: ClassVar[list[BindingType]] = [*TAB_KEYS]

    @property
    def journal_app(self) -> JournalApp:
        return journal_app(self.app)

    @property
    def journal(self) -> JournalRunner:
        return self.journal_app.journal

    @property
    def on_stack(self) -> bool:
        """Still open (an answer from the journal can arrive after the screen was left)."""
        return self.is_mounted and self in self.app.screen_stack

    def save_now(self) -> None:
        """Save what was typed; most screens have nothing to save."""

    def unsaved(self) -> bool:
        """Whether text typed here isn't in the journal yet (a save waiting, on its way, or refused)."""
        return False

    def saving(self) -> bool:
        """Whether a save of this screen is on its way to the journal."""
        return False

    def why_not_held(self) -> str | None:
        """Why text on this screen can't reach the journal yet, when the screen knows better than "busy"."""
        return None
