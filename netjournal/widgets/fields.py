"""Text fields: `Field` for one line, `LongField` for text over several lines. Both undo and redo typing.

Both offer `.value` (read and set) and tell a change the way their Textual base does
(`Input.Changed`, `TextArea.Changed`), so a page treats them alike. A value set while the
field isn't focused is what the page put there (what the journal holds): it starts the
field's undo history afresh, so ctrl+z never goes back to before the page was filled.
"""

from __future__ import annotations

from time import monotonic
from typing import Any, ClassVar

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, TextArea

from netjournal.widgets.choice import Choice

PAUSE = 1.0  # seconds without typing that end a run of typing: ctrl+z undoes one run at a time


def _changed_span(before: str, after: str) -> tuple[int, int, int]:
    """Where `after` differs from `before`: (start, end in before, end in after)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    tail = 0
    while tail < limit - start and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return start, len(before) - tail, len(after) - tail


class Field(Input):
    """A one-line text field with undo (ctrl+z) and redo (ctrl+y) of what was typed in it."""

    DEFAULT_CSS = """
    Field { width: 1fr; }
    """

    BINDINGS = [
        Binding("ctrl+z", "undo", "Undo typing", id="field-undo", show=False),
        Binding("ctrl+y", "redo", "Redo typing", id="field-redo", show=False),
    ]

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None, **kwargs: Any) -> None:
        self._undo: list[str] = []  # earlier values, the latest last
        self._redo: list[str] = []  # values undone, the latest undone last
        self._known = value  # the value as the history last saw it
        self._run: tuple[str, int, float] | None = None  # the run being typed: its kind, where it ends, when it grew
        self._replaying = False
        # Selecting all on focus would let the next keystroke replace a whole saved answer.
        super().__init__(value, placeholder=placeholder, id=id, compact=True, select_on_focus=False, **kwargs)

    def on_mount(self) -> None:
        # Widgets don't know the app they are in: a netjournal app says whether cursors blink.
        self.cursor_blink = bool(getattr(self.app, "blink", True))

    def watch_value(self, value: str) -> None:
        before, self._known = self._known, value
        if value == before or self._replaying:
            return
        self._redo.clear()
        if not self.has_focus:
            self._undo.clear()
            self._run = None
            return
        start, end_before, end_after = _changed_span(before, value)
        run, now = self._run, monotonic()
        if end_before == start:  # typed (or pasted) at `start`: a run goes on where it ended
            kind, ends, goes_on = "type", end_after, run is not None and run[1] == start
        elif end_after == start:  # deleted: backspace goes on where the run ended, delete where it started
            kind, ends, goes_on = "delete", start, run is not None and run[1] in (start, end_before)
        else:
            kind, ends, goes_on = "replace", end_after, False
        if not (goes_on and run is not None and run[0] == kind and now - run[2] <= PAUSE):
            self._undo.append(before)
        self._run = (kind, ends, now)

    def _replay(self, value: str) -> None:
        before = self.value
        self._replaying = True
        try:
            self.value = value
        finally:
            self._replaying = False
        self._known = value
        self._run = None
        self.cursor_position = _changed_span(before, value)[2]

    def action_undo(self) -> None:
        if self._undo:
            self._redo.append(self.value)
            self._replay(self._undo.pop())

    def action_redo(self) -> None:
        if self._redo:
            self._undo.append(self.value)
            self._replay(self._redo.pop())


class LongField(TextArea):
    """Text over several lines that grows with what is written (up to its max-height, then scrolls).

    Enter starts a new line, Tab goes to the next field; ctrl+z / ctrl+y are TextArea's own undo and redo.
    """

    DEFAULT_CSS = """
    LongField { width: 1fr; height: auto; min-height: 1; max-height: 8; padding: 0 1 0 0; }
    """

    BINDINGS = [
        Binding("ctrl+z", "undo", "Undo typing", id="long-undo", show=False),
        Binding("ctrl+y", "redo", "Redo typing", id="long-redo", show=False),
    ]
    HELP_KEYS: ClassVar[tuple[tuple[str, str], ...]] = (("enter", "A new line (tab moves on)"),)

    def __init__(
        self, value: str = "", *, placeholder: str = "", id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(
            value,
            id=id,
            classes=classes,
            compact=True,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=placeholder,
        )

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "blink", True))

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, value: str) -> None:
        if value == self.text:
            return
        if self.has_focus:  # put there while being edited (a suggestion taken): one step ctrl+z undoes
            self.replace(value, self.document.start, self.document.end)
        else:
            self.load_text(value)


TextField = Field | LongField


def text_field(node: DOMNode, selector: str) -> TextField:
    """The one-line or long text field `selector` finds under `node`."""
    widget = node.query_one(selector)
    if not isinstance(widget, (Field, LongField)):
        raise TypeError(f"{selector} is a {type(widget).__name__}, not a text field")
    return widget


def is_text_field(widget: Widget | None) -> bool:
    """Something typed into: printable keys go into it, not to the page's commands."""
    return isinstance(widget, (Input, TextArea))


def is_field(widget: Widget | None) -> bool:
    """A field of a form or page (text or a choice): focused means being edited."""
    return is_text_field(widget) or isinstance(widget, Choice)
