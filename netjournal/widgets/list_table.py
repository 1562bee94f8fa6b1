"""ListTable: the table every list uses (Events, People, Follow-ups, History, Trash), with the same keys.

Home or g goes to the first row, End or G to the last, PageUp and PageDown a screenful at a time.
A list that reads its rows a page at a time hears `ToEnd` when End is pressed, and reads the rest.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable


class ListTable(DataTable[Any]):
    BINDINGS = [
        Binding("home,g", "first", "First row", id="list-first", show=False),
        Binding("end,G", "last", "Last row", id="list-last", show=False),
        Binding("pageup", "page_up", "Page up", id="list-page-up", show=False),
        Binding("pagedown", "page_down", "Page down", id="list-page-down", show=False),
    ]

    class ToEnd(Message):
        """End was pressed: a list that has more rows than it has read reads them and goes to the last."""

        def __init__(self, table: ListTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> ListTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def action_first(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
        self.post_message(self.ToEnd(self))

    def go_last(self) -> None:
        """Put the cursor on the last row read (after the rest of a long list arrived)."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
