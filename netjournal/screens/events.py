"""Events (home): every event, newest first, a page of rows at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from netjournal.domain.ahead import is_coming_up
from netjournal.domain.dates import format_date
from netjournal.domain.list_filters import EventFilter, nothing_matches, showing_line
from netjournal.domain.tags import shown_tags
from netjournal.domain.vocab import KINDS, OUTCOMES
from netjournal.screens.kept import KeptScreen
from netjournal.widgets.columns import Col
from netjournal.widgets.footer import Footer
from netjournal.widgets.title import short

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.widgets import DataTable

    from netjournal.store.first_page import EventRow
    from netjournal.widgets.table import ListTable

PAGE_SIZE = 100
REST = 1_000_000  # rows read when End asks for the rest of the list
TAG_STYLE = "italic dim"
NEAR_END = 10  # rows from the end of what is loaded at which the next page is fetched
EVENT_WIDTH = 40  # the Event column: the name, and the location where there is room
COLUMNS = (
    Col("Date", 10),
    Col("Event", 16, share=1),
    Col("Kind", 10),
    Col("Goal", 13),
    Col("People", 6),
    Col("Reflection", 10),
)

WELCOME = (
    "Welcome. This is a calm place to note how your events go.\n\n"
    "Press n to add the first event you're going to, or just went to."
)


def event_cell(name: str, location: str, tags: tuple[str, ...] = ()) -> Text:
    """The event's name, then its tags and where it was, dim, each if the column has room for all of it."""
    cell = Text(" ".join(name.split()), no_wrap=True, overflow="ellipsis", end="")
    for extra, style in ((shown_tags(tags), TAG_STYLE), (" ".join(location.split()), "dim")):
        if extra and cell.cell_len + 2 + cell_len(extra) <= EVENT_WIDTH:
            cell.append(f"  {extra}", style=style)
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
        Binding("F", "filter", "Filter", id="events-filter", key_display="F"),
        Binding("x", "show_all", "Show all", id="events-show-all"),
        Binding("slash", "search", "Search", id="search-everything", key_display="/"),
    ]
    HELP_WORDS: ClassVar[dict[str, str]] = {"select_cursor": "Open the event on its Goal page"}

    def __init__(self) -> None:
        super().__init__()
        self._deleted: list[tuple[str, str]] = []  # (id, name), newest last, for undo
        self._names: dict[str, str] = {}  # id -> name of the events listed
        self._all_loaded = False
        self._first_rows: list[EventRow] | None = None
        self._to_end = False  # End was pressed: go to the last row once the rest is read
        self._read_once = False  # the journal has been read through the store once: the other places read ahead
        self.filters = EventFilter()

    def compose(self) -> ComposeResult:
        from netjournal.store.first_page import first_event_rows

        yield Header()
        yield Static("", id="look-back", classes="look-back", markup=False)
        yield Static("", id="events-filtered", markup=False)
        yield Static("", id="welcome", markup=False)
        # The newest events, read without waiting for the store to load, so they are in the first frame.
        # As many as the screen has lines for: the first page the store reads follows at once.
        self._first_rows = first_event_rows(self.journal.db_path, limit=self._on_one_screen())
        if self._first_rows:
            yield self._new_table()
        yield Footer(keys_at_once=False)  # the first frame is the rows'; the keys come a frame later

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#events-filtered").display = False
        if self._first_rows:
            self._show(self._first_rows, limit=self._on_one_screen(), fresh=True)

    def _on_one_screen(self) -> int:
        return max(1, min(PAGE_SIZE, self.app.size.height))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_all":
            return self.filters.on
        if action == "filter":  # nothing to filter in an empty journal
            return self.filters.on or bool(self._names)
        return True

    @staticmethod
    def _new_table() -> ListTable:
        from netjournal.widgets.table import ListTable

        return ListTable(COLUMNS, id="events")

    def _table(self) -> ListTable:
        """The list; in an empty journal, added only when there is something to list."""
        from netjournal.widgets.table import ListTable

        found = self.query("#events").results(ListTable)
        for table in found:
            return table
        table = self._new_table()
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
        self._look_back()

    def _look_back(self) -> None:
        """One quiet line, when an event a year or more ago fell this week; never more than one."""
        today = self.journal_app.today()

        def job(session: Session) -> str | None:
            from netjournal.domain.ahead import look_back
            from netjournal.store.events import look_back_events

            return look_back(look_back_events(session=session, today=today), today)

        def done(line: str | None) -> None:
            if self.is_mounted:
                shown = self.query_one("#look-back", Static)
                shown.update(line or "")
                shown.display = bool(line)

        self.journal.read(job, done, latest=(self, "look-back"))

    def _fetch(self, *, offset: int, limit: int, fresh: bool = False) -> None:
        """Read `limit` rows from `offset`; a fresh read drops any older one still on its way."""
        filters, today = self.filters, self.journal_app.today()

        def job(session: Session) -> list[EventRow]:
            from netjournal.store import queries

            return queries.list_event_rows(session=session, limit=limit, offset=offset, filters=filters, today=today)

        def done(rows: list[EventRow]) -> None:
            if self.is_mounted:
                self._show(rows, limit=limit, fresh=fresh)
                if not self._read_once:
                    self._read_once = True
                    self.call_after_refresh(self.journal_app.read_places_ahead)

        def not_read(_err: Exception) -> None:
            if fresh:
                self.not_shown()

        self.journal.read(job, done, on_error=not_read, latest=self)

    def _show(self, rows: list[EventRow], *, limit: int, fresh: bool) -> None:
        table = self._table()
        keep = table.cursor_row
        known = [] if fresh else list(self.journal_app.known_events)
        if fresh:
            self._names.clear()
        today = self.journal_app.today()
        cells = []
        for r in rows:
            self._names[r.id] = r.name
            ahead = is_coming_up(r.date, today)
            cells.append(
                (
                    r.id,
                    (
                        format_date(r.date) if r.date is not None else "no date",
                        event_cell(r.name, r.location, r.tags),
                        KINDS[r.kind],
                        OUTCOMES.get(r.outcome or "open", ""),
                        f"{r.people_met}/2",
                        Text("coming up", style="bold") if ahead else "yes" if r.has_reflection else "",
                    ),
                )
            )
        if fresh:
            table.fill(cells)
        else:
            for key, row in cells:
                table.add_row(*row, key=key)
        self._all_loaded = len(rows) < limit
        if fresh and table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.refresh_bindings()
        if self._to_end and self._all_loaded:
            self._to_end = False
            table.go_last()
        table.display = bool(table.row_count)
        words = self.filters.words()
        welcome = self.query_one("#welcome", Static)
        welcome.update("" if table.row_count else nothing_matches("events", words) if words else WELCOME)
        welcome.display = not table.row_count
        filtered = self.query_one("#events-filtered", Static)
        filtered.update(showing_line(words) if words else "")
        filtered.display = bool(words and table.row_count)
        if not self.filters.on:  # the palette offers what the whole list holds
            self.journal_app.known_events = known + [(r.id, r.name, r.date) for r in rows if r.date is not None]
        self._maybe_more()

    def on_list_table_to_end(self) -> None:
        """End: read every row not read yet, then go to the last."""
        table = self._table()
        if self._all_loaded:
            return
        self._to_end = True
        self._fetch(offset=table.row_count, limit=REST)

    # Filtering --------------------------------------------------------------

    def action_filter(self) -> None:
        from netjournal.screens.list_filter import FilterScreen, event_choices

        current = self.filters

        def job(session: Session) -> tuple[list[tuple[str, int]], list[int]]:
            from netjournal.store import events, tags

            return tags.tags_in_use(session=session, table="event"), events.event_years(session=session)

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._filter(EventFilter(**values))

        def read(found: tuple[list[tuple[str, int]], list[int]]) -> None:
            in_use, years = found
            choices = event_choices(current, in_use, years)
            self.app.push_screen(FilterScreen("Show only events...", choices, no_tags=not in_use), chosen)

        self.journal.read(job, read)

    def action_show_all(self) -> None:
        self._filter(EventFilter())

    def _filter(self, filters: EventFilter) -> None:
        if filters == self.filters:
            return
        self.filters = filters
        self._table().move_cursor(row=0)
        self.refresh_bindings()
        self.load()

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
        event_id, name = current[0], short(current[1])
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
