"""Help: every key of the screen underneath and the global keys, read from the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def bindings_of(node_class: type) -> list[Binding]:
    """The bindings a class declares, its own after its bases', later ones winning by id."""
    found: dict[str, Binding] = {}
    for cls in reversed(node_class.__mro__):
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found[binding.id] = binding
    return list(found.values())


def key_label(app, binding: Binding) -> str:
    return binding.key_display or ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in binding.key.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark", "close", "Close help", id="help-close"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(self._table(), id="help-keys")
            yield Static(Text("escape or ? closes this"), classes="hint")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        sections = (("This screen", bindings_of(type(self.under))), ("Everywhere", bindings_of(type(self.app))))
        for title, bindings in sections:
            table.add_row(Text(title, style="underline"), "")
            for binding in bindings:
                table.add_row(Text(key_label(self.app, binding)), Text(binding.description))
            table.add_row("", "")
        return table

    def action_close(self) -> None:
        self.dismiss(None)
