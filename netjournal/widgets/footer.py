"""The footer: Textual's own, rebuilt only when the keys it offers change, not on every visit to its screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._composed: tuple | None = None  # the keys as last shown

    def _offered(self) -> tuple:
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed = self._offered()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            # Keys often change and change back while a screen comes up; compare once it has settled.
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        # A screen being left is not redrawn; it is checked again when it comes back.
        if self.is_attached and self.screen is self.app.screen and self._offered() != self._composed:
            await self.recompose()
