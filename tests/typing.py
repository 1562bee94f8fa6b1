"""Pilot typing as a quick typist does: a run of letters reaches a text field in one go.

Textual's `Pilot.press` waits for the app to go idle after every key, about
0.05-0.1 s each; a sentence typed key by key costs seconds, and the suite types
thousands of keys. Here a run of printable characters pressed while a text field
has the focus is posted at once, in order, and then waited for once, which is
what the app sees from a fast typist or a paste. Everything else (tab, escape,
enter, letters pressed while no field has the focus, keys a priority binding
takes) still goes through `Pilot.press` one key at a time, so a key that moves
the focus or changes the screen is always waited for before the next.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Coroutine
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

Press = Callable[..., Coroutine[Any, Any, None]]


def key_name(char: str) -> str:
    """The key Textual names for a typed character: `a`, `7`, `comma`, `full_stop`..."""
    if char.isalnum() and char.isascii():
        return char
    try:
        return unicodedata.name(char).lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return char


def _typed_at_once(pilot: Pilot[Any], char: str) -> bool:
    """Whether `char` goes straight into the focused text field, with nothing else able to take it first."""
    app = pilot.app
    if len(char) != 1 or not char.isprintable() or not isinstance(app.focused, Input | TextArea):
        return False
    if isinstance(app.focused, TextArea) and app.focused.read_only:
        return False
    taken = app.screen.active_bindings.get(key_name(char))
    return taken is None or not taken.binding.priority


def quick_press(original: Press) -> Press:
    async def press(self: Pilot[Any], *keys: str) -> None:
        run: list[str] = []

        async def flush() -> None:
            if run:
                for char in run:
                    key = events.Key(key_name(char), char)
                    key.set_sender(self.app)
                    self.app.post_message(key)
                run.clear()
                await self.pause()

        for key in keys:
            if _typed_at_once(self, key):
                run.append(key)
                continue
            await flush()
            await original(self, key)
        await flush()

    return press
