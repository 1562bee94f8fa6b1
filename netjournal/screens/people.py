"""People: everyone you've met, your circle first (rule 3), a page of rows at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from netjournal.domain.followups import CIRCLE_DEPTH
from netjournal.screens.kept import KeptScreen
from netjournal.widgets.fields import Field
from netjournal.widgets.footer import Footer

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.people import PersonRow

PAGE_SIZE = 50
NEAR_END = 10  # rows from the end of what is loaded at which the next page is fetched
FILTER_DEBOUNCE = 0.2
CIRCLE = "●"
LEGEND = f"{CIRCLE} your circle: met at {CIRCLE_DEPTH}+ events or followed up with"
EMPTY = "Nobody here yet. People you add to an event's meet list show up here."


class FilterField(Field):
    """The name filter; escape goes back to the list."""

    BINDINGS = [
        Binding("escape", "leave", "Back to the list", id="filter-leave", show=False),
    ]

    def action_leave(self) -> None:
        self.screen.query_one(DataTable).focus()


class PeopleScreen(KeptScreen):
    AUTO_FOCUS = "#people"

    BINDINGS = [
        Binding("enter", "open", "Open the person", id="person-open", show=False),
        Binding("slash", "filter", "Filter by name", id="people-filter", key_display="/"),
        Binding("j", "move(1)", "Down", id="people-down", show=False),
        Binding("k", "move(-1)", "Up", id="people-up", show=False),
        Binding("d", "delete", "Delete", id="people-delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self.total = 0
        self._all_loaded = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterField(placeholder="filter by name (press / to type here)", id="people-filter")
        yield Static("", id="people-count", markup=False)
        table: DataTable[str | Text] = DataTable(id="people", cursor_type="row", zebra_stripes=True)
        table.add_column(" ", width=1)
        table.add_column("Name", width=28)
        table.add_column("Great at", width=40)
        table.add_column("Times met", width=9)
        table.add_column("Last met", width=10)
        yield table
        yield Footer()

    def read_journal(self) -> None:
        self.reload(keep_cursor=True)

    # Loading ---------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = False) -> None:
        """Start again from the first page (a new filter, or back from a person's page)."""
        self._all_loaded = False
        self.reading()
        table = self.query_one(DataTable)
        wanted = max(PAGE_SIZE, table.row_count) if keep_cursor else PAGE_SIZE
        keep = table.cursor_row if keep_cursor else 0
        self._fetch(offset=0, limit=wanted, fresh=True, cursor=keep)

    def _fetch(self, *, offset: int, limit: int, fresh: bool = False, cursor: int | None = None) -> None:
        """Read `limit` rows from `offset`; a fresh read (a new filter too) drops any older one still on its way."""
        filter_text = self.filter_text

        def job(session: Session) -> tuple[list[PersonRow], int | None]:
            from netjournal.store import people

            rows = people.people_page(session=session, filter_text=filter_text, limit=limit, offset=offset)
            total = people.count_people(session=session, filter_text=filter_text) if fresh else None
            return rows, total

        def done(found: tuple[list[PersonRow], int | None]) -> None:
            if self.on_stack:
                self._show(*found, limit=limit, fresh=fresh, cursor=cursor)
            elif fresh:  # left before it arrived: read again on the next visit
                self.not_shown()

        def not_read(_err: Exception) -> None:
            if fresh:
                self.not_shown()

        self.journal.read(job, done, on_error=not_read, latest=self)

    def _show(self, rows: list[PersonRow], total: int | None, *, limit: int, fresh: bool, cursor: int | None) -> None:
        table = self.query_one(DataTable)
        if fresh:
            table.clear()
            self.total = total or 0
        for r in rows:
            table.add_row(
                CIRCLE if r.in_circle else "",
                Text(r.name),
                Text(r.great_at),
                str(r.times_met),
                r.last_met.isoformat() if r.last_met else "",
                key=r.id,
            )
        self._all_loaded = len(rows) < limit
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._show_count()
        self._maybe_more()

    def _show_count(self) -> None:
        count = self.query_one("#people-count", Static)
        if not self.total:
            typed = self.filter_text.strip()
            count.update(f'Nobody matches "{typed}" in a name, great at, notes or a talk.' if typed else EMPTY)
            return
        people = "1 person" if self.total == 1 else f"{self.total} people"
        count.update(Text.assemble(people, "   ", (LEGEND, "dim")))

    @on(DataTable.RowHighlighted)
    def _maybe_more(self) -> None:
        table = self.query_one(DataTable)
        if self.journal.reading(self) or self._all_loaded:
            return
        if table.cursor_row >= table.row_count - NEAR_END:
            self._fetch(offset=table.row_count, limit=PAGE_SIZE)

    # Filtering -------------------------------------------------------------

    @on(Input.Changed, "#people-filter")
    def _typed(self, message: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FILTER_DEBOUNCE, lambda: self._apply(message.value))

    def _apply(self, text: str) -> None:
        self._timer = None
        if text != self.filter_text:
            self.filter_text = text
            self.reload()

    @on(Input.Submitted, "#people-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#people-filter", FilterField).focus()

    def action_move(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    def action_delete(self) -> None:
        from netjournal.screens.trash import delete_person

        table = self.query_one(DataTable)
        if not table.row_count:
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        delete_person(self, str(row_key.value), str(table.get_row(row_key)[1]))  # the list reads again once it's done

    # Opening a person --------------------------------------------------------

    async def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            await self._open(str(row_key.value))

    @on(DataTable.RowSelected)
    async def _selected(self, message: DataTable.RowSelected) -> None:
        await self._open(str(message.row_key.value))

    async def _open(self, person_id: str) -> None:
        from netjournal.screens.person import PersonScreen

        await self.app.push_screen(PersonScreen(person_id))
