"""Follow-ups: the few people worth getting back to, soonest first (rules 4 and 5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Input, Static

from netjournal.domain.dates import DateParseError, describe_date, parse_date
from netjournal.domain.followups import snooze_problem, snooze_until
from netjournal.screens.base import TAB_KEYS
from netjournal.screens.kept import KeptScreen
from netjournal.widgets.fields import Field
from netjournal.widgets.footer import Footer
from netjournal.widgets.table import Col, ListTable, cell
from netjournal.widgets.title import short

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.domain.followups import FollowUp
    from netjournal.runner import Job
    from netjournal.store.followups import FollowupState
    from netjournal.store.touch import TouchState

    State = FollowupState | TouchState

SHORT_ON_PURPOSE = "A short list on purpose: the people you can't stop thinking about, or chose to follow up with."
EMPTY = (
    "Nobody is waiting on a follow-up. That's good news.\n\n"
    "The list is short on purpose: it only fills when a conversation stays with you "
    '("can\'t stop thinking about it"), you plan a follow-up yourself, '
    "or the time you chose to keep in touch with someone has passed."
)
LET_GO = "Let go. Not everyone needs a follow-up."
LET_GO_TOUCH = "Keep in touch is off for {name}. Not everyone needs a reminder; u turns it back on."


def short_date(day: date, *, today: date) -> str:
    """`Mon 2 Nov (in 3 days)`: the year only when it isn't this one."""
    described = describe_date(day, today=today)
    return described.replace(f" {day.year}", "", 1) if day.year == today.year else described


COLUMNS = (Col("Due", 24), Col("Name", 16, share=2), Col("Why", 16, share=4), Col("Ask about", 12, share=2))
PAGE_SIZE = 100  # rows read at a time; a long list reads more as the cursor nears its end
REST = 1_000_000  # follow-ups read when End asks for the rest of the list
NEAR_END = 10


class SnoozeScreen(ModalScreen[date | None]):
    """Asks until when; empty means a week from today."""

    BINDINGS = [
        Binding("escape", "cancel", "Keep the date as it is", id="snooze-cancel"),
        *TAB_KEYS,
    ]
    HELP_WORDS: ClassVar[dict[str, str]] = {"submit": "Snooze until the date typed; enter alone is a week from today"}

    def __init__(self, name: str, today: date) -> None:
        super().__init__()
        self.person_name = name
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="snooze"):
            yield Static(Text.assemble("Snooze the follow-up with ", (self.person_name, "bold"), " until when?"))
            yield Field(placeholder="e.g. next tuesday, in 2 weeks, 12 may", id="snooze-date")
            yield Static("", id="snooze-hint", classes="snooze-hint", markup=False)
            yield Static(Text("enter snoozes · empty is a week · escape keeps it as it is", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Field).focus()
        self._show(self.query_one(Field).value)

    def _read(self, text: str) -> date:
        return parse_date(text, today=self.today) if text.strip() else snooze_until(self.today)

    @on(Input.Changed)
    def _typed(self, message: Input.Changed) -> None:
        self._show(message.value)

    def _show(self, text: str) -> None:
        hint = self.query_one("#snooze-hint", Static)
        try:
            when = self._read(text)
        except DateParseError as err:
            hint.update(str(err))
            hint.add_class("problem")
            return
        if (problem := snooze_problem(when, self.today)) is not None:
            hint.update(problem)
            hint.add_class("problem")
            return
        hint.remove_class("problem")
        described = describe_date(when, today=self.today)
        hint.update(f"Empty means a week: {described}" if not text.strip() else described)

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        try:
            when = self._read(message.value)
        except DateParseError:
            self._show(message.value)
            return
        if snooze_problem(when, self.today) is not None:
            self._show(message.value)  # the modal stays open with the kind line
            return
        self.dismiss(when)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FollowupsScreen(KeptScreen):
    AUTO_FOCUS = "#followups"

    BINDINGS = [
        Binding("enter", "open", "Open the person", id="followup-open", show=False),
        Binding("x", "done", "Done", id="followup-done"),
        Binding("l", "let_go", "Let go", id="followup-let-go"),
        Binding("s", "snooze", "Snooze", id="followup-snooze"),
        Binding("u", "undo", "Undo", id="followup-undo"),
        Binding("j", "move(1)", "Down", id="followup-down", show=False),
        Binding("k", "move(-1)", "Up", id="followup-up", show=False),
    ]
    HELP_WORDS: ClassVar[dict[str, str]] = {"select_cursor": "Open the person"}

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, FollowUp] = {}  # entry key (its meeting, or the person kept in touch with) -> entry
        self._undo: list[tuple[State, str]] = []  # (as it was, what to say), newest last
        self._all_loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(SHORT_ON_PURPOSE, id="followups-head", markup=False)
        yield Static(EMPTY, id="followups-empty", classes="kind-line", markup=False)
        yield ListTable(COLUMNS, id="followups")
        yield Static("", id="followup-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#followups-empty").display = False
        self.query_one("#followup-detail").display = False

    def read_journal(self) -> None:
        self.load()

    def load(self) -> None:
        self._read(offset=0)

    def first_read(self) -> Job[list[FollowUp]]:
        return self._job(offset=0, limit=PAGE_SIZE)

    def show_first(self, found: list[FollowUp]) -> None:
        self._all_loaded = len(found) < PAGE_SIZE
        self._fill(found)

    def _more(self) -> None:
        """The next page of a long list, read when the cursor nears the end of what is shown."""
        if not (self._all_loaded or self.journal.reading(self) or self.shown is None):
            self._read(offset=len(self.entries))

    @on(ListTable.ToEnd)
    def _to_the_end(self) -> None:
        """End: read the rest of a long list, then go to the last."""
        if self.entries and not self._all_loaded and self.shown is not None:
            self._read(offset=len(self.entries), limit=REST)

    def _read(self, *, offset: int, limit: int | None = None) -> None:
        """Read a page of the list from `offset`; reading from the top drops any older read still on its way."""
        limit = limit or PAGE_SIZE
        if not offset:
            self.reading()
        job = self._job(offset=offset, limit=limit)

        def done(entries: list[FollowUp]) -> None:
            if not self.on_stack:
                self.not_shown()
                return
            self._all_loaded = len(entries) < limit
            self.show_entries([*self.entries.values(), *entries] if offset else entries)
            if limit == REST:
                self.query_one(ListTable).go_last()

        def not_read(_err: Exception) -> None:
            if not offset:
                self.not_shown()

        self.journal.read(job, done, on_error=not_read, latest=self)

    def _job(self, *, offset: int, limit: int) -> Job[list[FollowUp]]:
        today, days = self.journal_app.today(), self.journal_app.settings.follow_up_days

        def job(session: Session) -> list[FollowUp]:
            from netjournal.store import followups

            return followups.followups(session=session, today=today, limit=limit, offset=offset, follow_up_days=days)

        return job

    def show_entries(self, entries: list[FollowUp]) -> None:
        if self.on_stack:
            self._fill(entries)

    def _fill(self, entries: list[FollowUp]) -> None:
        table = self.query_one(ListTable)
        keep = table.cursor_row
        self.entries = {e.key: e for e in entries}
        today = self.journal_app.today()
        table.fill(
            (e.key, (cell(short_date(e.due, today=today)), cell(e.name), cell(e.reason), cell(e.ask_about)))
            for e in entries
        )
        if entries:
            table.move_cursor(row=min(keep, len(entries) - 1))
        table.display = bool(entries)
        self.query_one("#followups-empty").display = not entries
        self._show_detail()

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        if self.entries and self.query_one(DataTable).cursor_row >= len(self.entries) - NEAR_END:
            self._more()
        detail = self.query_one("#followup-detail", Static)
        entry = self._current()
        detail.display = entry is not None
        if entry is not None:
            detail.update(
                Text.assemble(
                    (entry.name, "bold"),
                    "\n",
                    entry.reason,
                    "\n",
                    ("You could ask about: ", "dim"),
                    entry.ask_about,
                )
            )

    def _current(self) -> FollowUp | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.entries.get(str(row_key.value))

    def action_move(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    # Opening a person --------------------------------------------------------

    async def action_open(self) -> None:
        entry = self._current()
        if entry is not None:
            await self._open(entry.person_id)

    @on(DataTable.RowSelected)
    async def _selected(self, message: DataTable.RowSelected) -> None:
        entry = self.entries.get(str(message.row_key.value))
        if entry is not None:
            await self._open(entry.person_id)

    async def _open(self, person_id: str) -> None:
        from netjournal.screens.person import PersonScreen

        await self.app.push_screen(PersonScreen(person_id))

    # Done, let go, snooze, undo -------------------------------------------------

    def _change(self, change: Callable[[Session, FollowUp], State], said: str, undo_said: str) -> None:
        """Run `change(session, entry)` as a write, remember how to undo it, then say `said`."""
        entry = self._current()
        if entry is None:
            self.notify("Nothing here to change.")
            return

        def done(before: State) -> None:
            self._undo.append((before, undo_said))
            self.notify(said, markup=False)
            self.load()

        self.journal.write(lambda session: change(session, entry), done)

    def action_done(self) -> None:
        entry, today = self._current(), self.journal_app.today()
        name = short(entry.name) if entry else ""

        def mark_done(session: Session, entry: FollowUp) -> State:
            from netjournal.store import followups, touch

            if entry.keep_in_touch:
                return touch.touch_done(session=session, person_id=entry.person_id, today=today)
            return followups.mark_done(session=session, meeting_id=entry.meeting_id, today=today)

        said = f"In touch with {name}. Nice." if entry and entry.keep_in_touch else f"Followed up with {name}. Nice."
        self._change(mark_done, said, f"{name} is back on the list.")

    def action_let_go(self) -> None:
        entry = self._current()
        name = short(entry.name) if entry else ""

        def let_go(session: Session, entry: FollowUp) -> State:
            from netjournal.store import followups, touch

            if entry.keep_in_touch:
                return touch.touch_let_go(session=session, person_id=entry.person_id)
            return followups.let_go(session=session, meeting_id=entry.meeting_id)

        if entry is not None and entry.keep_in_touch:
            self._change(let_go, LET_GO_TOUCH.format(name=name), f"Keep in touch is on again for {name}.")
        else:
            self._change(let_go, LET_GO, f"{name} is back on the list.")

    def action_snooze(self) -> None:
        entry = self._current()
        if entry is None:
            self.notify("Nothing here to snooze.")
            return
        today = self.journal_app.today()

        def chosen(until: date | None) -> None:
            if until is None:
                return

            def snooze(session: Session, entry: FollowUp) -> State:
                from netjournal.store import followups, touch

                if entry.keep_in_touch:
                    return touch.touch_snooze(session=session, person_id=entry.person_id, until=until, today=today)
                return followups.snooze(session=session, meeting_id=entry.meeting_id, until=until, today=today)

            said = f"Snoozed until {describe_date(until, today=today)}."
            self._change(snooze, said, f"{short(entry.name)} is due as before.")

        self.app.push_screen(SnoozeScreen(short(entry.name), today), chosen)

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.")
            return
        before, said = self._undo.pop()

        def job(session: Session) -> None:
            from netjournal.store import followups, touch

            if isinstance(before, touch.TouchState):
                touch.restore_touch(session=session, state=before)
                return
            followups.restore_followup(
                session=session,
                meeting_id=before.meeting_id,
                follow_up=before.follow_up,
                follow_up_due=before.follow_up_due,
                followed_up_on=before.followed_up_on,
            )

        def done(_none: None) -> None:
            self.notify(said, markup=False)
            self.load()

        self.journal.write(job, done)
