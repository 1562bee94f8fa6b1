"""Events (home): every event, newest first, a page of rows at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from netjournal.domain.dates import format_date
from netjournal.domain.vocab import KINDS, OUTCOMES
from netjournal.screens.kept import KeptScreen
from netjournal.widgets.footer import Footer

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.widgets import DataTable

    from netjournal.store.queries import EventRow

PAGE_SIZE = 100
NEAR_END = 10  # rows from the end of what is loaded at which the next page is fetched
EVENT_WIDTH = 40  # the Event column: the name, and the location where there is room

WELCOME = (
    "Welcome. This is a calm place to note how your events go.\n\n"
    "Press n to add the first event you're going to, or just went to."
)


def event_cell(name: str, location: str) -> Text:
    """The event's name, then where it was, dim, if the column has room for all of it."""
    cell = Text(name)
    place = " ".join(location.split())
    if place and cell_len(name) + 2 + cell_len(place) <= EVENT_WIDTH:
        cell.append(f"  {place}", style="dim")
    return cell


class EventsScreen(KeptScreen):
    BINDINGS = [
        Binding("n", "new", "New event", id="new-event"),
        Binding("enter", "open", "Open", id="open-event", show=False),
        Binding("j", "move(1)", "Down", id="down", show=False),
        Binding("k", "move(-1)", "Up", id="up", show=False),
        Binding("d", "delete", "Delete", id="delete-event"),
        Binding("u", "undo", "Undo delete", id="undo-delete"),
        Binding("t", "trash", "Trash", id="open-trash"),
        Binding("slash", "search", "Search everything", id="search-everything", key_display="/", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._deleted: list[tuple[str, str]] = []  # (id, name), newest last, for undo
        self._names: dict[str, str] = {}  # id -> name of the events listed
        self._all_loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="welcome", markup=False)
        yield Footer()

    def _table(self) -> DataTable[Any]:
        """The list; added after the first frame, which it (and its import) would otherwise hold up."""
        from textual.widgets import DataTable

        found = self.query("#events").results(DataTable)
        for table in found:
            return table
        table = DataTable(id="events", cursor_type="row", zebra_stripes=True)
        table.add_column("Date", width=10)
        table.add_column("Event", width=EVENT_WIDTH)
        table.add_column("Kind", width=10)
        table.add_column("Goal", width=14)
        table.add_column("People", width=6)
        table.add_column("Reflection", width=10)
        self.mount(table, after="#welcome")
        if self.focused is None:
            table.focus()
        return table

    # Loading ---------------------------------------------------------------

    def read_journal(self) -> None:
        self.load()

    def load(self) -> None:
        """Read from the first page again, as many rows as reach the cursor."""
        self._all_loaded = False
        self.reading()
        table = self._table()
        wanted = PAGE_SIZE * (table.cursor_row // PAGE_SIZE + 1)
        self._fetch(offset=0, limit=wanted, fresh=True)

    def _fetch(self, *, offset: int, limit: int, fresh: bool = False) -> None:
        """Read `limit` rows from `offset`; a fresh read drops any older one still on its way."""

        def job(session: Session) -> list[EventRow]:
            from netjournal.store import queries

            return queries.list_event_rows(session=session, limit=limit, offset=offset)

        def done(rows: list[EventRow]) -> None:
            if self.is_mounted:
                self._show(rows, limit=limit, fresh=fresh)

        def not_read(_err: Exception) -> None:
            if fresh:
                self.not_shown()

        self.journal.read(job, done, on_error=not_read, latest=self)

    def _show(self, rows: list[EventRow], *, limit: int, fresh: bool) -> None:
        table = self._table()
        keep = table.cursor_row
        known = [] if fresh else list(self.journal_app.known_events)
        if fresh:
            table.clear()
            self._names.clear()
        for r in rows:
            self._names[r.id] = r.name
            table.add_row(
                format_date(r.date) if r.date is not None else "no date",
                event_cell(r.name, r.location),
                KINDS[r.kind],
                OUTCOMES.get(r.outcome or "open", ""),
                f"{r.people_met}/2",
                "yes" if r.has_reflection else "",
                key=r.id,
            )
        self._all_loaded = len(rows) < limit
        if fresh and table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        table.display = bool(table.row_count)
        welcome = self.query_one("#welcome", Static)
        welcome.update("" if table.row_count else WELCOME)
        welcome.display = not table.row_count
        self.journal_app.known_events = known + [(r.id, r.name, r.date) for r in rows if r.date is not None]
        self._maybe_more()

    def on_data_table_row_highlighted(self) -> None:
        self._maybe_more()

    def _maybe_more(self) -> None:
        table = self._table()
        if self.journal.reading(self) or self._all_loaded or self.shown is None:
            return
        if table.cursor_row >= table.row_count - NEAR_END:
            self._fetch(offset=table.row_count, limit=PAGE_SIZE)

    def _current(self) -> tuple[str, str] | None:
        table = self._table()
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        event_id = str(row_key.value)
        return event_id, self._names.get(event_id, "")

    async def action_new(self) -> None:
        await self.journal_app.new_event()

    async def action_open(self) -> None:
        current = self._current()
        if current is not None:
            await self.journal_app.open_event(current[0])

    async def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        await self.journal_app.open_event(str(message.row_key.value))

    def action_search(self) -> None:
        from netjournal.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_trash(self) -> None:
        from netjournal.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen())

    def action_move(self, delta: int) -> None:
        table = self._table()
        table.move_cursor(row=table.cursor_row + delta)

    def action_delete(self) -> None:
        from netjournal.screens.confirm import ConfirmScreen

        current = self._current()
        if current is None:
            return
        event_id, name = current
        question = Text.assemble("Delete ", (name, "bold"), "? You can undo it with u.")

        def delete(session: Session) -> None:
            from netjournal.store import queries

            queries.delete_event(session=session, event_id=event_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.journal.write(delete, lambda _none: self._deleted_one(event_id, name))

        self.app.push_screen(ConfirmScreen(question), answered)

    def _deleted_one(self, event_id: str, name: str) -> None:
        self._deleted.append((event_id, name))
        self.notify(f"Deleted {name}. Press u to bring it back.", markup=False)
        self.load()

    def action_undo(self) -> None:
        if not self._deleted:
            self.notify("Nothing to undo.")
            return
        event_id, name = self._deleted.pop()

        def restore(session: Session) -> None:
            from netjournal.store import queries

            queries.restore_event(session=session, event_id=event_id)

        def restored(_none: None) -> None:
            self.notify(f"{name} is back.", markup=False)
            self.load()

        self.journal.write(restore, restored)
