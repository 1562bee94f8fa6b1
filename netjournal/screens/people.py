"""People: everyone you've met, your circle first (rule 3), a page of rows at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from netjournal.domain.followups import CIRCLE_DEPTH
from netjournal.domain.list_filters import PeopleFilter, nothing_matches, showing_line
from netjournal.domain.tags import shown_tags
from netjournal.screens.kept import KeptScreen
from netjournal.widgets.fields import Field
from netjournal.widgets.footer import Footer
from netjournal.widgets.table import Col, ListTable, cell

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.runner import Job
    from netjournal.store.people import PersonRow

PAGE_SIZE = 50
REST = 1_000_000  # rows read when End asks for the rest of the list
TAG_STYLE = "italic dim"
NEAR_END = 10  # rows from the end of what is loaded at which the next page is fetched
FILTER_DEBOUNCE = 0.2
CIRCLE = "●"
LEGEND = f"{CIRCLE} your circle: met at {CIRCLE_DEPTH}+ events or followed up with"
COLUMNS = (
    Col(" ", 1),
    Col("Name", 14, share=2),
    Col("Great at", 12, share=3),
    Col("Times met", 9),
    Col("Last met", 10),
)
EMPTY = "Nobody here yet. People you add to an event's meet list show up here."


def name_cell(name: str, tags: tuple[str, ...]) -> Text:
    """A person's name, then their tags, dim."""
    shown = cell(name)
    if tags:
        shown.append(f"  {shown_tags(tags)}", style=TAG_STYLE)
    return shown


class FilterField(Field):
    """The name filter; escape goes back to the list."""

    BINDINGS = [
        Binding("escape", "leave", "Back to the list", id="filter-leave", show=False),
    ]
    HELP_WORDS: ClassVar[dict[str, str]] = {"submit": "Back to the list, filtered (it filters as you type)"}

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
        Binding("F", "filter_by", "Filter", id="people-filter-by", key_display="F"),
        Binding("x", "show_all", "Show all", id="people-show-all"),
    ]
    HELP_WORDS: ClassVar[dict[str, str]] = {"select_cursor": "Open the person"}

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self.filters = PeopleFilter()
        self._to_end = False  # End was pressed: go to the last row once the rest is read
        self.total = 0
        self._all_loaded = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterField(placeholder="filter by name (press / to type here)", id="people-filter")
        yield Static("", id="people-count", markup=False)
        yield ListTable(COLUMNS, id="people")
        yield Footer()

    def read_journal(self) -> None:
        self.reload(keep_cursor=True)

    def first_read(self) -> Job[tuple[list[PersonRow], int | None]]:
        return self._job(offset=0, limit=PAGE_SIZE, fresh=True)

    def show_first(self, found: tuple[list[PersonRow], int | None]) -> None:
        self._show(*found, limit=PAGE_SIZE, fresh=True, cursor=0)

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
        job = self._job(offset=offset, limit=limit, fresh=fresh)

        def done(found: tuple[list[PersonRow], int | None]) -> None:
            if self.on_stack:
                self._show(*found, limit=limit, fresh=fresh, cursor=cursor)
            elif fresh:  # left before it arrived: read again on the next visit
                self.not_shown()

        def not_read(_err: Exception) -> None:
            if fresh:
                self.not_shown()

        self.journal.read(job, done, on_error=not_read, latest=self)

    def _job(self, *, offset: int, limit: int, fresh: bool) -> Job[tuple[list[PersonRow], int | None]]:
        """Read `limit` people from `offset` as the list is filtered now, and how many there are if `fresh`."""
        filter_text, filters = self.filter_text, self.filters

        def job(session: Session) -> tuple[list[PersonRow], int | None]:
            from netjournal.store import people

            rows = people.people_page(
                session=session, filter_text=filter_text, limit=limit, offset=offset, filters=filters
            )
            total = people.count_people(session=session, filter_text=filter_text, filters=filters) if fresh else None
            return rows, total

        return job

    def _show(self, rows: list[PersonRow], total: int | None, *, limit: int, fresh: bool, cursor: int | None) -> None:
        table = self.query_one(ListTable)
        cells = [
            (
                r.id,
                (
                    CIRCLE if r.in_circle else "",
                    name_cell(r.name, r.tags),
                    cell(r.great_at),
                    str(r.times_met),
                    r.last_met.isoformat() if r.last_met else "",
                ),
            )
            for r in rows
        ]
        if fresh:
            self.total = total or 0
            table.fill(cells)
        else:
            for key, row in cells:
                table.add_row(*row, key=key)
        self._all_loaded = len(rows) < limit
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        if self._to_end and self._all_loaded:
            self._to_end = False
            table.go_last()
        self._show_count()
        self._maybe_more()

    def _show_count(self) -> None:
        count = self.query_one("#people-count", Static)
        words = self.filters.words()
        name = self.filter_text.strip()
        if not self.total:
            if words:
                count.update(nothing_matches("people", f'{words} and "{name}"' if name else words))
            else:
                count.update(f'Nobody matches "{name}" in a name, great at, notes or a talk.' if name else EMPTY)
            return
        people = "1 person" if self.total == 1 else f"{self.total} people"
        if words:
            count.update(Text.assemble(people, "   ", showing_line(words)))
        else:
            count.update(Text.assemble(people, "   ", (LEGEND, "dim")))

    @on(DataTable.RowHighlighted)
    def _maybe_more(self) -> None:
        table = self.query_one(DataTable)
        if self.journal.reading(self) or self._all_loaded:
            return
        if table.cursor_row >= table.row_count - NEAR_END:
            self._fetch(offset=table.row_count, limit=PAGE_SIZE)

    @on(ListTable.ToEnd)
    def _to_the_end(self) -> None:
        """End: read everyone not read yet, then go to the last."""
        if not self._all_loaded:
            self._to_end = True
            self._fetch(offset=self.query_one(ListTable).row_count, limit=REST)

    # Filtering -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_all":
            return self.filters.on or bool(self.filter_text.strip())
        return True

    def action_filter_by(self) -> None:
        from netjournal.screens.list_filter import FilterScreen, people_choices

        current = self.filters

        def job(session: Session) -> list[tuple[str, int]]:
            from netjournal.store import tags

            return tags.tags_in_use(session=session, table="person")

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._filter_by(PeopleFilter(**values))

        def read(in_use: list[tuple[str, int]]) -> None:
            choices = people_choices(current, in_use)
            self.app.push_screen(FilterScreen("Show only people...", choices, no_tags=not in_use), chosen)

        self.journal.read(job, read)

    def action_show_all(self) -> None:
        """Every filter off at once, the name filter too."""
        field = self.query_one("#people-filter", FilterField)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        field.value = ""
        self.filter_text = ""
        self._filter_by(PeopleFilter(), force=True)

    def _filter_by(self, filters: PeopleFilter, *, force: bool = False) -> None:
        if filters == self.filters and not force:
            return
        self.filters = filters
        self.refresh_bindings()
        self.reload()

    @on(Input.Changed, "#people-filter")
    def _typed(self, message: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FILTER_DEBOUNCE, lambda: self._apply(message.value))

    def _apply(self, text: str) -> None:
        self._timer = None
        if text != self.filter_text:
            self.filter_text = text
            self.refresh_bindings()
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
