"""A small word in the corner that says whether what you typed is kept."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

STATES = {
    "saved": ("saved", "green"),
    "saving": ("saving…", "yellow"),
    "unsaved": ("not saved", "bold red"),
    "read_only": ("read-only", "dim"),
}


class SaveIndicator(Static):
    DEFAULT_CSS = """
    SaveIndicator { width: auto; padding: 0 1; }
    """

    state: reactive[str] = reactive("saved", layout=True)  # "saving…" is wider than "saved"

    def render(self) -> Text:
        word, style = STATES[self.state]
        return Text(word, style=style)
