"""Choice: one value from a short list, changed with the arrow keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    """Shows the chosen option between arrows: `◂ a little ▸`."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous option", id="choice-previous", show=False),
        Binding("right,space", "step(1)", "Next option", id="choice-next", show=False),
    ]

    DEFAULT_CSS = """
    Choice { height: 1; width: auto; min-width: 12; padding: 0 1; }
    Choice:focus { background: $accent 30%; text-style: bold; }
    """

    value: reactive[Any] = reactive(None, init=False)

    class Changed(Message):
        def __init__(self, choice: Choice, value: Any) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self,
        options: Sequence[tuple[Any, str]],
        *,
        value: Any = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.options = list(options)
        self.set_reactive(Choice.value, value if value is not None else self.options[0][0])

    def _label(self) -> str:
        return str(dict(self.options).get(self.value, ""))

    def render(self) -> Text:
        return Text.assemble(("◂ ", "dim"), self._label(), (" ▸", "dim"))

    def action_step(self, delta: int) -> None:
        keys = [key for key, _ in self.options]
        index = keys.index(self.value) if self.value in keys else 0
        self.value = keys[(index + delta) % len(keys)]

    def watch_value(self) -> None:
        self.post_message(self.Changed(self, self.value))
        self.refresh(layout=True)
