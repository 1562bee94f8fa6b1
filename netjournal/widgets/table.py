"""ListTable: the table every list uses (Events, People, Follow-ups, History, Trash): its columns share
the width it has, and it takes the same keys everywhere.

Home or g goes to the first row, End or G to the last, PageUp and PageDown a screenful at a time.
A list that reads its rows a page at a time hears `ToEnd` when End is pressed, and reads the rest.

How the columns share the width: `netjournal.widgets.columns`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from netjournal.widgets.columns import Col, cell, share_widths, text_width

__all__ = ["Col", "ListTable", "cell"]


class ListTable(DataTable[Any]):
    """A DataTable of rows whose columns are `Col`s, widths fitted to its width and its text."""

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

    def __init__(self, columns: Sequence[Col], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.cols = list(columns)
        self._fit_pending = False
        self._add_columns([col.least for col in self.cols])

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> Any:
        self._ask_fit()
        return super().add_row(*cells, height=height, key=key, label=label)

    def on_resize(self, _event: events.Resize) -> None:
        self._ask_fit()

    def _ask_fit(self) -> None:
        if not self._fit_pending and self.is_mounted:
            self._fit_pending = True
            self.call_after_refresh(self.fit)

    def widths(self) -> list[int]:
        return [column.width for column in self.ordered_columns]

    def fill(self, rows: Iterable[tuple[str, Sequence[Any]]]) -> None:
        """Every row at once, (key, cells) each, in columns already fitted to them.

        The rows are drawn with their widths in the first frame that shows them, rather than
        drawn, fitted after that frame, and drawn again. Before the table has been laid out, the
        screen's size less the list's margins stands in for its own (a list spans the screen); the
        fit after the first frame puts right any difference.
        """
        rows = list(rows)
        widths = self._fitted([[cells[index] for _key, cells in rows] for index in range(len(self.cols))])
        refit = widths != self.widths()
        self.clear(columns=refit)
        if refit:
            self._add_columns(widths)
        for key, cells in rows:
            super().add_row(*cells, key=key)

    def _add_columns(self, widths: Sequence[int]) -> None:
        for col, width in zip(self.cols, widths, strict=True):
            self.add_column(col.label, width=width, key=col.label)

    def _fitted(self, columns: Sequence[Sequence[Any]]) -> list[int]:
        """The widths of the columns holding `columns` (each column's cells, top to bottom)."""
        wants = [
            max([cell_len(col.label), *(text_width(value) for value in values)])
            for col, values in zip(self.cols, columns, strict=True)
        ]
        rows = max((len(values) for values in columns), default=0)
        return share_widths(self.cols, wants, self._room(rows))

    def _room(self, rows: int) -> int:
        """The cells the columns may share, padding and any scrollbar left out."""
        if self.size.width:
            region = self.scrollable_content_region
            width, height = region.width, region.height
        else:  # not laid out yet: the screen's size, less the list's own margins
            margin = self.styles.margin
            width, height = self.app.size.width - margin.width, self.app.size.height - margin.height
        # Rows that don't fit bring a scrollbar, which takes its width from the columns.
        scrollbar = rows + int(self.show_header) > height and not self.show_vertical_scrollbar
        return width - 2 * self.cell_padding * len(self.cols) - scrollbar * self.styles.scrollbar_size_vertical

    def fit(self) -> None:
        """Give the columns their share of the width; rebuilt (through the public API) only if that changes them."""
        self._fit_pending = False
        if not self.is_attached or not self.size.width:
            return
        widths = self._fitted([list(self.get_column_at(index)) for index in range(len(self.cols))])
        if widths != self.widths():
            self._rebuild(widths)

    def _rebuild(self, widths: list[int]) -> None:
        rows = [(row.key.value, self.get_row(row.key), row.height) for row in self.ordered_rows]
        cursor = self.cursor_row
        with self.prevent(DataTable.RowHighlighted, DataTable.CellHighlighted):
            self.clear(columns=True)
            self._add_columns(widths)
            for key, cells, height in rows:
                super().add_row(*cells, height=height, key=key)
            if rows:
                self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)

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
