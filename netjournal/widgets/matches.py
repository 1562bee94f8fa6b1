"""The people a name field's text matches, shown under it: up/down move, enter or a click picks."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from netjournal.widgets.fields import Field


class Matches(OptionList):
    """A short list under a text field that keeps the focus in the field (it is never focused itself)."""

    DEFAULT_CSS = """
    Matches { height: auto; max-height: 6; display: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, compact=True, markup=False)
        self.can_focus = False
        self._people: list[tuple[str, str, str]] = []

    def show(self, people: list[tuple[str, str, str]]) -> None:
        """(id, name, what they're great at) of each match; none hides the list."""
        self.clear_options()
        self._people = list(people)
        for person_id, name, great_at in people:
            label = Text(name, style="bold")
            if great_at:
                label.append(f"  {great_at}", style="dim")
            self.add_option(Option(label, id=person_id))
        self.highlighted = None
        self.display = bool(people)

    def hide(self) -> None:
        self.clear_options()
        self._people = []
        self.display = False

    def move(self, step: int) -> None:
        """Highlight the next (1) or the previous (-1) match."""
        if not self.option_count:
            return
        if self.highlighted is None:
            self.highlighted = 0 if step > 0 else self.option_count - 1
        else:
            self.highlighted = (self.highlighted + step) % self.option_count

    def person_at(self, index: int) -> tuple[str, str]:
        """(id, name) of the match at `index`."""
        person_id, name, _ = self._people[index]
        return person_id, name

    @property
    def chosen(self) -> tuple[str, str] | None:
        """(id, name) of the highlighted match, if one is."""
        if not self.display or self.highlighted is None:
            return None
        return self.person_at(self.highlighted)


class NameField(Field):
    """A name with the people it matches listed under it (`Matches`): the screen moves in the list and picks."""

    HELP_WORDS: ClassVar[dict[str, str]] = {
        "cursor_right": "At the end of the name: take the suggestion shown",
        "submit": "Pick the match chosen in the list (else keep this name and move on)",
    }
    HELP_KEYS: ClassVar[tuple[tuple[str, str], ...]] = (("↓, ↑", "Choose among the people listed under the name"),)
