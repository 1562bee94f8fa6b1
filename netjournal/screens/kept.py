"""What the screens of the places (Events, People, Follow-ups, Insights) share: each is built once and kept.

Coming back shows the screen as it was left, at once; it reads the journal
again only if the journal changed since (here or in another window).
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class KeptScreen(Screen):
    def __init__(self) -> None:
        super().__init__()
        self.read_version: tuple | None = None  # the journal as of what is on screen; None until first read
        self._reading: tuple | None = None  # the journal version the read in flight started from
        self._css_update_count = self.app._css_update_count  # styled as it mounts: no second pass when first shown

    def read_journal(self) -> None:
        """Start reading what the screen shows; set `_reading` to the version read, and `read_version` once shown."""
        raise NotImplementedError

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Nothing about its looks changed while it was away, unless the app's styles did (a new theme).
        event.refresh_styles = self._css_update_count != self.app._css_update_count
        self._css_update_count = self.app._css_update_count
        # Drawn first as it was left (the very first frame too), then read if need be.
        self.call_after_refresh(self.journal_changed)

    def versioned(self, job):
        """`job` made to return the journal's version as it was read too, with the store open and no write running."""
        app = self.app

        def read(queries, session):
            return app.journal_version(), job(queries, session)

        return read

    def journal_changed(self) -> None:
        """Read again if the journal changed since what is on screen was read, and no such read is running."""
        if self.is_attached and self.app.journal_version() not in (self.read_version, self._reading):
            self.read_journal()
