"""A title line: a name, then what follows it (a date); the name gives way with an ellipsis, never what follows."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

GAP = "  "


def title_text(name: str, after: str, width: int) -> Text:
    """`name` in bold, cut with an ellipsis so that `after` still fits in `width` cells."""
    line = Text(" ".join(name.split()), style="bold", no_wrap=True, overflow="ellipsis", end="")
    if after:
        room = max(width - cell_len(GAP) - cell_len(after), 1)
        if width > 0 and line.cell_len > room:
            line.truncate(room, overflow="ellipsis")
        line.append(GAP)
        line.append(after)
    elif width > 0:
        line.truncate(width, overflow="ellipsis")
    return line


class Title(Static):
    """One line: a name (cut to fit) and, after it, what must stay in view."""

    DEFAULT_CSS = """
    Title { height: 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._title_name = ""
        self._title_after = ""

    def show(self, name: str, after: str = "") -> None:
        self._title_name, self._title_after = name, after
        self.refresh()

    def render(self) -> Text:
        return title_text(self._title_name, self._title_after, self.size.width)


NAME_IN_A_LINE = 40  # cells of a name inside a sentence (a notification, a question)


def short(name: str, limit: int = NAME_IN_A_LINE) -> str:
    """A name for a sentence: on one line, and cut with an ellipsis past `limit` cells."""
    text = Text(" ".join(name.split()))
    if text.cell_len > limit:
        text.truncate(limit - 1)
        text.append("…")
    return text.plain
