"""The footer: Textual's own, keeping what matters when the terminal is narrow, rebuilt only when that changes.

Each key has a priority (`priority`): help and the way out always stay; where the width runs out,
the keys of lowest priority give way first (the places, the event's page keys its tabs show
anyway, the palette), the rightmost of a priority first.

Textual's Footer is empty in its screen's first frame and recomposes whenever the screen's bindings
are updated (which happens on every visit to the screen); this one shows the screen's keys from
the first frame, then recomposes only if what it would show differs from what it shows, or the
width changed.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter

Offered = tuple[tuple[str, str, str, bool, bool, str], ...]

ALWAYS, MAIN, USEFUL, SHOWN_ELSEWHERE, LAST = range(5)
KEEP_ACTIONS = {"help", "quit", "escape", "back", "close", "cancel", "answer"}  # help, and the ways out
PRIORITIES = {
    "palette": LAST,  # ctrl+p: in help, and the same on every screen
}
PREFIXES = (
    ("go-", SHOWN_ELSEWHERE),  # e p f i: the same on every screen, and in help
    ("page-", SHOWN_ELSEWHERE),  # g m r d: the event's tabs show them under the title
)
PALETTE_CLASS = "-command-palette"
FOOTER_WORDS = {"back": "Back"}  # by binding id: shorter words where the footer is short of room (help says more)


def priority(binding: Binding) -> int:
    """How much a key matters in the footer: ALWAYS stays at any width; higher numbers give way first."""
    action = binding.action.split("(", 1)[0].removeprefix("app.").removeprefix("screen.")
    if action in KEEP_ACTIONS:
        return ALWAYS
    if binding.id in PRIORITIES:
        return PRIORITIES[binding.id]
    for prefix, level in PREFIXES:
        if binding.id and binding.id.startswith(prefix):
            return level
    return MAIN if binding.show else USEFUL


def key_width(key_display: str, description: str, *, palette: bool = False) -> int:
    """Cells a footer key takes: the key with a space each side, then its words and a space."""
    width = cell_len(key_display) + 2 + (cell_len(description) + 1 if description else 0)
    return width + 2 if palette else width  # the palette key has a rule and a space of its own


def fitting(keys: list[tuple[int, int]], width: int) -> set[int]:
    """Which of `keys` ((priority, width), in footer order) fit in `width`: lowest priority, rightmost go first."""
    kept = set(range(len(keys)))
    order = sorted(kept, key=lambda i: (keys[i][0], i), reverse=True)
    for index in order:
        if sum(keys[i][1] for i in kept) <= width or keys[index][0] == ALWAYS:
            break
        kept.discard(index)
    return kept


class Footer(TextualFooter):
    def __init__(self, *args: Any, keys_at_once: bool = True, **kwargs: Any) -> None:
        """`keys_at_once`: the keys are in the screen's first frame; else they come a frame later, as
        with Textual's footer (the app's very first frame, whose rows matter more, doesn't wait for them)."""
        super().__init__(*args, **kwargs)
        self._ready = False  # the screen's keys are known: Textual's footer shows them from now on
        self._at_once = keys_at_once
        self._first = False  # the recompose Textual asks for after the first one is still to come
        self._composed: Offered | None = None  # the keys as last shown
        self._fitted_width = 0  # the width they were fitted to

    def _offered(self) -> Offered:
        """The keys the footer would show now (a key it doesn't show can come and go unseen)."""
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        if not self._ready and self._at_once:
            # The screen's keys as they are now, in the screen's first frame, rather than a frame later:
            # Textual's footer is told they are ready (it also asks for a recompose, skipped if nothing changed).
            self._ready = self._first = True
            super().bindings_changed(self.screen)
        if self._ready:
            self._composed = self._offered()
        self._fitted_width = self.size.width or self.app.size.width
        widgets = list(super().compose())
        active = self.screen.active_bindings if self._ready else {}
        sized: list[tuple[int, int]] = []
        for widget in widgets:
            key = getattr(widget, "key", None)
            found = active.get(key) if isinstance(key, str) else None
            level = priority(found.binding) if found is not None else ALWAYS
            if found is not None and found.binding.id in FOOTER_WORDS and hasattr(widget, "description"):
                widget.description = FOOTER_WORDS[found.binding.id]
            palette = widget.has_class(PALETTE_CLASS)
            display = str(getattr(widget, "key_display", ""))
            words = str(getattr(widget, "description", ""))
            sized.append((level, key_width(display, words, palette=palette)))
        kept = fitting(sized, self._fitted_width)
        for index, widget in enumerate(widgets):
            # Hidden, not left out: a key Textual made for the footer is mounted with it (left out, keys got lost).
            widget.display = index in kept
            yield widget

    async def recompose(self) -> None:
        first, self._first = self._first, False
        if first and self._offered() == self._composed and self.size.width == self._fitted_width:
            return
        await super().recompose()

    def on_resize(self, event: events.Resize) -> None:
        if self._ready and event.size.width != self._fitted_width:
            self.call_after_refresh(self.recompose)

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


def shown_keys(footer: Widget) -> list[str]:
    """The keys a footer shows now, as `key_display` (for tests and checks)."""
    return [str(getattr(child, "key_display", "")) for child in footer.children if child.display]
