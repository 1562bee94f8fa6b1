"""Events (home): every event, newest first."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from netjournal.domain.vocab import KINDS, OUTCOMES

WELCOME = (
    "Welcome. This is a calm place to note how your events go.\n\n"
    "Press n to add the first event you're going to, or just went to."
)


class EventsScreen(Screen):
    BINDINGS = [
        Binding("n", "new", "New event", id="new-event"),
        Binding("enter", "open", "Open", id="open-event", show=False),
        Binding("j", "move(1)", "Down", id="down", show=False),
        Binding("k", "move(-1)", "Up", id="up", show=False),
        Binding("d", "delete", "Delete", id="delete-event"),
        Binding("u", "undo", "Undo delete", id="undo-delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._deleted: list[tuple[str, str]] = []  # (id, name), newest last, for undo

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="welcome", markup=False)
        table = DataTable(id="events", cursor_type="row", zebra_stripes=True)
        table.add_column("Date", width=10)
        table.add_column("Event", width=40)
        table.add_column("Kind", width=10)
        table.add_column("Goal", width=14)
        table.add_column("People", width=6)
        table.add_column("Reflection", width=10)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        self.app.run_store(lambda queries, session: queries.list_event_rows(session=session, limit=500),
                           done=self.show_rows)

    def show_rows(self, rows) -> None:
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for r in rows:
            table.add_row(
                r.date.isoformat(), Text(r.name), KINDS[r.kind], OUTCOMES.get(r.outcome or "open", ""),
                f"{r.people_met}/2", "yes" if r.has_reflection else "", key=r.id,
            )
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        table.display = bool(rows)
        self.query_one("#welcome", Static).update("" if rows else WELCOME)
        self.query_one("#welcome", Static).display = not rows
        self.app.known_events = [(r.id, r.name, r.date) for r in rows]

    def _current(self) -> tuple[str, str] | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        name = table.get_row(row_key)[1]
        return str(row_key.value), str(name)

    async def action_new(self) -> None:
        await self.app.new_event()

    async def action_open(self) -> None:
        current = self._current()
        if current is not None:
            await self.app.open_event(current[0])

    @on(DataTable.RowSelected)
    async def _selected(self, message: DataTable.RowSelected) -> None:
        await self.app.open_event(str(message.row_key.value))

    def action_move(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    def action_delete(self) -> None:
        from netjournal.screens.confirm import ConfirmScreen

        current = self._current()
        if current is None:
            return
        event_id, name = current
        question = Text.assemble("Delete ", (name, "bold"), "? You can undo it with u.")

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.run_store(
                    lambda queries, session: queries.delete_event(session=session, event_id=event_id),
                    done=lambda _r: self._deleted_one(event_id, name), saving=True,
                )

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
        self.app.run_store(
            lambda queries, session: queries.restore_event(session=session, event_id=event_id),
            done=lambda _r: (self.notify(f"{name} is back.", markup=False), self.load()), saving=True,
        )
