"""Help: every key of the screen underneath and the global keys, read from the bindings."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import Field, LongField


def bindings_of(node_class: type) -> list[Binding]:
    """The bindings a class declares, its own after its bases', later ones winning by id."""
    found: dict[str, Binding] = {}
    for cls in reversed(node_class.__mro__):
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found[binding.id] = binding
    return list(found.values())


KEY_NAMES = {"question_mark": "?", "space": "space", "left": "←", "right": "→"}
TEXT_FIELD_KEYS = (
    ("enter", "New line (in a field of several lines)"),
    ("tab / shift+tab", "Next / previous field"),
)


def key_label(binding: Binding) -> str:
    """Keys as the README writes them: `ctrl+s`, `?`, `escape`."""
    if binding.key_display:
        return binding.key_display
    return ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


def merged(bindings: list[Binding]) -> list[tuple[str, str]]:
    """(keys, description) lines: the keys of one action share a line (`g, alt+g  Goal`)."""
    lines: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        keys = lines.setdefault((binding.action, binding.description), [])
        if key_label(binding) not in keys:
            keys.append(key_label(binding))
    return [(", ".join(keys), description) for (_action, description), keys in lines.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark", "close", "Close help", id="help-close"),
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(self._table(), id="help-keys")
            yield Static(Text("escape, ? or f1 closes this", style="dim"))

    def _table(self) -> Text:
        in_fields = merged([*bindings_of(Field), *bindings_of(LongField)])
        sections = (
            ("This screen", merged(bindings_of(type(self.under)))),
            ("In a text field", [*in_fields, *TEXT_FIELD_KEYS]),
            ("On a choice (◂ ▸)", merged(bindings_of(Choice))),
            ("Everywhere", merged(bindings_of(type(self.app)))),
        )
        text = Text()
        for title, lines in sections:
            text.append(f"{title}\n", style="bold underline")
            for keys, description in lines:
                text.append(f"  {keys:<17}", style="bold")
                text.append(f"{description}\n")
            text.append("\n")
        text.rstrip()
        return text

    def action_close(self) -> None:
        self.dismiss(None)
