"""History: the earlier values of an event's fields (its goal, meet list and reflection) or of a person's,
newest first; enter or r puts the selected one back, and what it replaces is kept in its turn."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from netjournal.domain.history import changed_elsewhere_line, field_title, shown_value
from netjournal.screens.base import JournalScreen
from netjournal.widgets.footer import Footer
from netjournal.widgets.table import Col, ListTable, cell
from netjournal.widgets.title import short

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen

    from netjournal.store.history import ChangedElsewhere, Entry

COLUMNS = (Col("Field", 16, share=2), Col("Replaced", 16), Col("Earlier text", 20, share=4))
EMPTY = "Nothing here has an earlier value yet. When a field changes, what it held before is kept here."
HOW_TO = "enter or r puts the selected text back (what it replaces is kept here too) · escape goes back"


def say_changed_elsewhere(screen: Screen[Any], elsewhere: list[ChangedElsewhere]) -> None:
    """The one kind line for fields a save found changed elsewhere since the page read them."""
    titles = [field_title(c.table, c.field) for c in elsewhere]
    screen.app.notify(changed_elsewhere_line(titles), title="Changed elsewhere", timeout=12, markup=False)


def entry_title(entry: Entry) -> str:
    title = field_title(entry.table, entry.field)
    return f"Person {entry.slot} ({entry.person}): {title}" if entry.slot is not None else title


def when(entry: Entry) -> str:
    """When the value was replaced, in local time."""
    stamp = entry.replaced_at if entry.replaced_at.tzinfo else entry.replaced_at.replace(tzinfo=UTC)
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M")


class HistoryScreen(JournalScreen[bool]):
    """Dismissed with whether anything was restored (the page below then reads the journal again)."""

    AUTO_FOCUS = "#history"

    BINDINGS = [
        Binding("r", "restore", "Restore", id="history-restore"),
        Binding("j", "move(1)", "Down", id="history-down", show=False),
        Binding("k", "move(-1)", "Up", id="history-up", show=False),
        Binding("escape", "back", "Back", id="history-back"),
    ]
    HELP_WORDS: ClassVar[dict[str, str]] = {"select_cursor": "Put the selected text back"}

    def __init__(self, *, event_id: str | None = None, person_id: str | None = None) -> None:
        super().__init__()
        self.event_id = event_id
        self.person_id = person_id
        self.entries: list[Entry] = []
        self.restored = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="history-title", markup=False)
        yield Static(Text(HOW_TO, style="dim"), id="history-how")
        yield ListTable(COLUMNS, id="history")
        yield Static("", id="history-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        event_id, person_id = self.event_id, self.person_id

        def job(session: Session) -> tuple[str, list[Entry]] | None:
            from netjournal.store import history, queries

            if event_id is not None:
                event = queries.get_event(session=session, event_id=event_id)
                if event is None:
                    return None
                return event.name, history.event_history(session=session, event_id=event_id)
            assert person_id is not None
            person = queries.get_person(session=session, person_id=person_id)
            if person is None:
                return None
            return person.name, history.person_history(session=session, person_id=person_id)

        self.journal.read(job, self._show, latest=self)

    def _show(self, found: tuple[str, list[Entry]] | None) -> None:
        if not self.on_stack:
            return
        if found is None:
            self.notify("That is no longer in the journal.")
            self.dismiss(self.restored)
            return
        name, self.entries = found
        self.query_one("#history-title", Static).update(
            Text.assemble(("History of ", "bold"), (short(name, 70), "bold"))
        )
        table = self.query_one(ListTable)
        keep = table.cursor_row
        table.fill(
            (
                entry.id,
                (cell(entry_title(entry)), when(entry), cell(" ".join(shown_value(entry.field, entry.value).split()))),
            )
            for entry in self.entries
        )
        table.display = bool(self.entries)
        if self.entries:
            table.move_cursor(row=min(keep, len(self.entries) - 1))
        self._show_text()

    @on(DataTable.RowHighlighted)
    def _show_text(self) -> None:
        entry = self._current()
        text = shown_value(entry.field, entry.value) if entry is not None else EMPTY
        self.query_one("#history-text", Static).update(text)

    def _current(self) -> Entry | None:
        table = self.query_one(DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def action_move(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        entry = self._current()
        if entry is None:
            return
        if self.journal.read_only:
            self.journal.say_read_only()
            return

        def job(session: Session) -> Entry:
            from netjournal.store import history

            return history.restore(session=session, entry_id=entry.id)

        def done(_restored: Entry) -> None:
            self.restored = True
            self.notify(
                f"{entry_title(entry)} has its earlier text back; what it replaced is kept here too.", markup=False
            )
            if self.on_stack:
                self.load()

        self.journal.write(job, done)

    def action_back(self) -> None:
        self.dismiss(self.restored)
