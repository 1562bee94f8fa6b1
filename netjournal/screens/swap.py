"""Asked when a third person is added: which of the two to swap out (rule 2)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from netjournal.widgets.title import short


class SwapScreen(ModalScreen[int | None]):
    BINDINGS = [
        Binding("1", "pick(1)", "Swap out person 1", id="swap-1"),
        Binding("2", "pick(2)", "Swap out person 2", id="swap-2"),
        Binding("escape", "pick(0)", "Keep both", id="swap-keep"),
    ]

    def __init__(self, names: dict[int, str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Both places are taken, and a full list is a finished evening.", markup=False)
            yield Static("To add someone new, swap one person out. They stay in your journal.", markup=False)
            for slot, name in self.names.items():
                yield Static(Text.assemble((f" {slot} ", "reverse bold"), "  swap out ", (short(name), "bold")))
            yield Static(Text.assemble((" escape ", "reverse bold"), "  keep both"))

    def action_pick(self, slot: int) -> None:
        self.dismiss(slot or None)
