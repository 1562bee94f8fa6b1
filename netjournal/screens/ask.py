"""Questions asked before text the journal doesn't hold would be left behind; each answer is one key."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

RETRY, KEEP, WITHOUT, SAVE, DISCARD = "retry", "keep", "without", "save", "discard"

NOT_HELD = "Some of what you typed isn't in the journal yet."
WHY_NOT_HELD = "It's still on screen. The journal may be busy (another program writing to it), or the disk full."
FORM_NOT_SAVED = "This new event isn't saved yet."
WHY_FORM = "Closing the form would throw away what you typed in it."


def _keys(*pairs: tuple[str, str]) -> Text:
    text = Text()
    for key, words in pairs:
        text.append(f" {key} ", style="reverse bold")
        text.append(f" {words}    ")
    return text


class NotHeldScreen(ModalScreen[str]):
    """Leaving (or quitting) would drop text whose save hasn't reached the journal: try again, stay, or go."""

    BINDINGS = [
        Binding("t", f"answer('{RETRY}')", "Try saving again", id="not-held-retry"),
        Binding("k,escape", f"answer('{KEEP}')", "Keep editing", id="not-held-keep"),
        Binding("w", f"answer('{WITHOUT}')", "Go on without it", id="not-held-without"),
    ]

    def __init__(self, *, quitting: bool, why: str | None = None) -> None:
        super().__init__()
        self.quitting = quitting
        self.why = why or WHY_NOT_HELD

    def compose(self) -> ComposeResult:
        go = "quit without it" if self.quitting else "leave without it"
        with Vertical(classes="dialog", id="not-held"):
            yield Static(NOT_HELD, markup=False)
            yield Static(self.why, classes="ask-why", markup=False)
            yield Static(_keys(("t", "try again"), ("k", "keep editing"), ("w", go)))

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class UnsavedFormScreen(ModalScreen[str]):
    """A filled new-event form is about to be closed: save it, drop it, or stay."""

    BINDINGS = [
        Binding("s", f"answer('{SAVE}')", "Save the event", id="form-save"),
        Binding("d", f"answer('{DISCARD}')", "Discard it", id="form-discard"),
        Binding("k,escape", f"answer('{KEEP}')", "Keep editing", id="form-keep"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="form-not-saved"):
            yield Static(FORM_NOT_SAVED, markup=False)
            yield Static(WHY_FORM, classes="ask-why", markup=False)
            yield Static(_keys(("s", "save it"), ("d", "discard it"), ("k", "keep editing")))

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
