"""The Trash: deleted events and people, kept until restored (enter or r) or deleted for good (d, after asking).

Deleting for good takes their text out of the journal file itself; nothing is deleted for good without asking.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from netjournal.screens.base import JournalScreen
from netjournal.widgets.footer import Footer
from netjournal.widgets.table import Col, ListTable, cell
from netjournal.widgets.title import short

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel import Session
    from textual.screen import Screen

    from netjournal.store.trash import Purged, TrashRow

COLUMNS = (Col("Kind", 7), Col("Name", 20, share=1), Col("Deleted on", 16))
EMPTY = "The Trash is empty. Events and people you delete wait here until you bring them back or delete them for good."
HOW_TO = "enter or r brings the selected one back · d deletes it for good · D empties the Trash · escape goes back"
NOT_TIDIED = " The file couldn't be tidied just now (another window reading it?); `netjournal purge` finishes it."
KIND_WORDS = {"event": "Event", "person": "Person"}
GONE_FOR_GOOD = "Its text is taken out of the journal file; this can't be undone."


def deleted_on(stamp: datetime) -> str:
    """When something was deleted, in local time."""
    aware = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


def delete_person(
    screen: Screen[Any], person_id: str, name: str, *, then: Callable[[], Awaitable[None] | None] | None = None
) -> None:
    """Ask, then move a person (and their meetings: their meet-list slots become empty) to the Trash."""
    from netjournal.screens.base import journal_app
    from netjournal.screens.confirm import ConfirmScreen

    app = journal_app(screen.app)
    name = short(name)
    question = Text.assemble(
        "Delete ",
        (name, "bold"),
        "? Their meetings leave the meet lists with them; the events stay. "
        "They wait in the Trash (t on Events) until you bring them back.",
    )

    def delete(session: Session) -> None:
        from netjournal.store import trash

        trash.delete_person(session=session, person_id=person_id)

    def deleted(_none: None) -> None:
        screen.app.notify(f"Deleted {name}. They're in the Trash until you bring them back.", markup=False)
        if then is not None:
            screen.app.call_later(then)

    def answered(yes: bool | None) -> None:
        if yes:
            if app.journal.read_only:
                app.journal.say_read_only()
                return
            app.save_pending()
            app.journal.write(delete, deleted)

    screen.app.push_screen(ConfirmScreen(question), answered)


class TrashScreen(JournalScreen[None]):
    AUTO_FOCUS = "#trash"

    BINDINGS = [
        Binding("r", "restore", "Bring back", id="trash-restore"),
        Binding("d", "purge_one", "Delete for good", id="trash-purge"),
        Binding("D", "purge_all", "Empty the Trash", id="trash-empty", key_display="D"),
        Binding("j", "move(1)", "Down", id="trash-down", show=False),
        Binding("k", "move(-1)", "Up", id="trash-up", show=False),
    ]
    HELP_WORDS: ClassVar[dict[str, str]] = {"select_cursor": "Bring the selected one back"}

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[TrashRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Trash", style="bold"), id="trash-title")
        yield Static(Text(HOW_TO, style="dim"), id="trash-how")
        yield ListTable(COLUMNS, id="trash")
        yield Static("", id="trash-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        def job(session: Session) -> list[TrashRow]:
            from netjournal.store import trash

            return trash.trash(session=session)

        self.journal.read(job, self._show, latest=self)

    def _show(self, rows: list[TrashRow]) -> None:
        if not self.on_stack:
            return
        self.rows = rows
        table = self.query_one(ListTable)
        keep = table.cursor_row
        table.fill(
            (row.id, (KIND_WORDS.get(row.kind, row.kind), cell(row.name), deleted_on(row.deleted_at))) for row in rows
        )
        table.display = bool(rows)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        empty = self.query_one("#trash-empty", Static)
        empty.update("" if rows else EMPTY)
        empty.display = not rows

    def _current(self) -> TrashRow | None:
        table = self.query_one(DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_move(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    def _writable(self) -> bool:
        if self.journal.read_only:
            self.journal.say_read_only()
            return False
        return True

    # Bringing back ---------------------------------------------------------

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        row = self._current()
        if row is None or not self._writable():
            return

        def job(session: Session) -> tuple[TrashRow, int]:
            from netjournal.store import trash

            return trash.restore(session=session, record_id=row.id)

        def done(result: tuple[TrashRow, int]) -> None:
            _row, kept_off = result
            said = f"{short(row.name)} is back."
            if kept_off:
                meetings = "1 meeting stays" if kept_off == 1 else f"{kept_off} meetings stay"
                said += f" {meetings} off its meet list: someone else has that slot now."
            self.notify(said, markup=False)
            if self.on_stack:
                self.load()

        self.journal.write(job, done)

    # Deleting for good -----------------------------------------------------

    def action_purge_one(self) -> None:
        row = self._current()
        if row is None or not self._writable():
            return
        name = short(row.name)
        question = Text.assemble("Delete ", (name, "bold"), f" for good? {GONE_FOR_GOOD}")
        self._purge(question, [row.id], f"{name} is deleted for good.")

    def action_purge_all(self) -> None:
        if not self.rows or not self._writable():
            return
        count = "the one thing" if len(self.rows) == 1 else f"all {len(self.rows)} things"
        question = Text(f"Delete {count} in the Trash for good? {GONE_FOR_GOOD}")
        self._purge(question, [row.id for row in self.rows], "The Trash is empty now.")

    def _purge(self, question: Text, ids: list[str], said: str) -> None:
        from netjournal.screens.confirm import ConfirmScreen

        def job(session: Session) -> Purged:
            from netjournal.store import trash

            return trash.purge_with(session=session, ids=ids)

        def done(purged: Purged) -> None:
            line = said if purged.events + purged.people else "That is no longer in the Trash; nothing was deleted."
            self.notify(line + ("" if purged.cleared else NOT_TIDIED), markup=False)
            if self.on_stack:
                self.load()

        def answered(yes: bool | None) -> None:
            if yes:
                self.journal.write(job, done)

        self.app.push_screen(ConfirmScreen(question), answered)
