"""The footer: Textual's own, rebuilt only when the keys it offers change, not on every visit to its screen.

Textual's Footer recomposes whenever its screen's bindings are updated (which
happens on every visit); this one lets the first update through to Textual, then
recomposes only if what it would show differs from what it shows.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

Offered = tuple[tuple[str, str, str, bool, bool, str], ...]


class Footer(TextualFooter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ready = False  # the screen's keys are known: Textual's footer shows them from now on
        self._composed: Offered | None = None  # the keys as last shown

    def _offered(self) -> Offered:
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )

    def compose(self) -> ComposeResult:
        if self._ready:
            self._composed = self._offered()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Called by Textual's footer (subscribed to the screen's bindings signal) when the keys may have changed."""
        if not self._ready:
            self._ready = True
            super().bindings_changed(screen)  # the first time, as Textual does it: marks the keys ready, composes
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            # Keys often change and change back while a screen comes up; compare once it has settled.
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        # A screen being left is not redrawn; it is checked again when it comes back.
        if self.is_attached and self.screen is self.app.screen and self._offered() != self._composed:
            await self.recompose()
