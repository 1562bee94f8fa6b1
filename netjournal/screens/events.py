"""Events (home): every event, newest first."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from rich.text import Text
from textual.widgets import DataTable, Footer, Header, Static

from netjournal.domain.vocab import KINDS, OUTCOMES


class EventsScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="welcome", markup=False)
        table = DataTable(id="events", cursor_type="row", zebra_stripes=True)
        table.add_columns("Date", "Event", "Kind", "Goal", "People", "Reflection")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="events")
    def load(self) -> None:
        from netjournal.store import queries

        with self.app.store().session() as session:
            rows = queries.list_event_rows(session=session, limit=200)
        self.app.call_from_thread(self.show_rows, rows)

    def show_rows(self, rows) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            table.add_row(
                r.date.isoformat(), Text(r.name), KINDS[r.kind], OUTCOMES.get(r.outcome or "open", ""),
                f"{r.people_met}/2", "yes" if r.has_reflection else "", key=r.id,
            )
        self.query_one("#welcome", Static).update(
            "" if rows else "Welcome. Press n to add the first event you're going to, or just went to."
        )
