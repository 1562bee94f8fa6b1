"""A small word in the corner that says whether what you typed is kept."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

STATES = {
    "saved": ("saved", "green"),
    "saving": ("saving…", "yellow"),
    "unsaved": ("not saved", "bold red"),
    "waiting": ("not saved yet", "yellow"),  # the page holds text until it can be kept (a meet slot's name)
    "read_only": ("read-only", "dim"),
}


class SaveIndicator(Static):
    DEFAULT_CSS = """
    SaveIndicator { width: auto; padding: 0 1; }
    """

    state: reactive[str] = reactive("saved", layout=True)  # a longer word takes more room

    def render(self) -> Text:
        word, style = STATES[self.state]
        return Text(word, style=style)
