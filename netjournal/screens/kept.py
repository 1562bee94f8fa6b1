"""What the screens of the places (Events, People, Follow-ups, Insights) share: each is built once and kept.

Coming back shows the screen as it was left, at once; it reads the journal again only if the
journal changed since (here or in another window), which the runner tells with `JournalChanged`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, on

from netjournal.runner import JournalChanged, JournalVersion
from netjournal.screens.base import JournalScreen

if TYPE_CHECKING:
    from netjournal.runner import Job


class KeptScreen(JournalScreen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.shown: JournalVersion | None = None  # the journal as of the last read started; None: read when next shown
        self._restyle = False  # the app's styles changed while it was away (a new theme)

    def read_journal(self) -> None:
        """Start reading what the screen shows."""
        raise NotImplementedError

    def reading(self) -> None:
        """Called as a read of everything the screen shows starts: what it shows will be as of now."""
        self.shown = self.journal.version

    def not_shown(self) -> None:
        """A read didn't reach the screen: read again when the screen is next shown."""
        self.shown = None

    def first_read(self) -> Job[Any] | None:
        """The read that fills the screen when first shown, if it can be read before then (see `read_ahead`)."""
        return None

    def show_first(self, found: Any) -> None:
        """Show what `first_read` found, as the answer to the screen's own first read is shown."""

    def read_ahead(self) -> None:
        """Read what the screen first shows before it is built, so its first frame shows it."""
        job = self.first_read()
        if job is not None and not self.is_mounted:
            self.journal.read_ahead(self, job)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        found = self.journal.read_before(self)
        if found is not None:
            self.shown, first = found
            self.show_first(first)

    def _theme_changed(self, _theme: Any) -> None:
        self._restyle = True

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Nothing about its looks changed while it was away, unless the app's theme did. This handler
        # runs before Screen's own (the subclass's, first in the MRO), which then skips restyling.
        event.refresh_styles, self._restyle = self._restyle, False
        # Drawn first as it was left (the very first frame too), then read if need be. What was
        # never read (or whose read didn't arrive) is read at once, without asking first.
        if self.shown is None and self.journal.version is not None:
            self.read_journal()
        self.call_after_refresh(self.journal.check, self)

    @on(JournalChanged)
    def _journal_changed(self, message: JournalChanged) -> None:
        if self.is_attached and message.version != self.shown:
            self.read_journal()
