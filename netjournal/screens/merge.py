"""Asked before two records of one person become one: which other record, and which one stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from netjournal.screens.base import TAB_KEYS, journal_app
from netjournal.widgets.fields import Field

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.people import PersonRow

SHOWN = 30
LABEL_WIDTH = 64  # one line each inside the dialog
FILTER_DEBOUNCE = 0.2


class MergeScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with (keep id, merge id), or None when nothing should change."""

    BINDINGS = [
        Binding("escape", "cancel", "Merge nobody", id="merge-cancel"),
        Binding("down", "to_list", "Go to the list", id="merge-to-list", show=False),
        Binding("1", "pick(1)", "Keep this record", id="merge-keep-this"),
        Binding("2", "pick(2)", "Keep the other record", id="merge-keep-other"),
        *TAB_KEYS,
    ]

    def __init__(self, person_id: str, name: str) -> None:
        super().__init__()
        self.person_id = person_id
        self.person_name = name
        self.names: dict[str, str] = {}
        self.other: str | None = None  # the other record's id, once picked
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="merge"):
            yield Static(Text.assemble("Which other record is also ", (self.person_name, "bold"), "?"))
            yield Field(placeholder="type part of a name", id="merge-filter")
            yield OptionList(id="merge-list", compact=True, markup=False)
            yield Static("", id="merge-question")
            yield Static(Text("enter picks · escape merges nobody", style="dim"), id="merge-keys")

    def on_mount(self) -> None:
        self.query_one("#merge-question").display = False
        self.query_one(Field).focus()
        self._search("")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return self.other is not None
        if action == "to_list":
            return self.other is None
        return True

    # Finding the other record ------------------------------------------------

    @on(Input.Changed, "#merge-filter")
    def _typed(self, message: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FILTER_DEBOUNCE, lambda: self._search(message.value))

    def _search(self, text: str) -> None:
        """Look for `text` in names; a slower answer to an earlier search is dropped."""
        me = self.person_id

        def job(session: Session) -> list[PersonRow]:
            from netjournal.store import people

            rows = people.people_page(session=session, filter_text=text, limit=SHOWN + 1)
            return [r for r in rows if r.id != me][:SHOWN]

        def done(rows: list[PersonRow]) -> None:
            if self.is_mounted and self in self.app.screen_stack:
                self._show(rows)

        journal_app(self.app).journal.read(job, done, latest=self)

    def _show(self, rows: list[PersonRow]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self.names = {r.id: r.name for r in rows}
        for r in rows:
            label = Text(r.name)
            met = "met once" if r.times_met == 1 else f"met {r.times_met} times"
            label.append(f"  · {met}", style="dim")
            if r.great_at:
                label.append(" · great at: ", style="dim")
                label.append(" ".join(r.great_at.split()), style="dim")
            label.truncate(LABEL_WIDTH, overflow="ellipsis")
            options.add_option(Option(label, id=r.id))
        if not rows:
            options.add_option(Option(Text("Nobody else by that name.", style="dim"), disabled=True))
        options.highlighted = 0 if rows else None

    @on(Input.Submitted, "#merge-filter")
    def _filter_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if option.id is not None:
                self._ask(option.id)

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, message: OptionList.OptionSelected) -> None:
        if message.option.id is not None:
            self._ask(message.option.id)

    # Which one stays -----------------------------------------------------------

    def _ask(self, other_id: str) -> None:
        self.other = other_id
        this, other = self.person_name, self.names[other_id]
        question = Text.assemble(
            "Both records become one; meetings move over, notes are joined, and u undoes it.\n\n",
            "Press ",
            (" 1 ", "reverse bold"),
            " to merge ",
            (other, "bold"),
            " into ",
            (this, "bold"),
            ",\n",
            "press ",
            (" 2 ", "reverse bold"),
            " to merge ",
            (this, "bold"),
            " into ",
            (other, "bold"),
            ",\n",
            "or ",
            (" escape ", "reverse bold"),
            " to merge neither.",
        )
        for selector in ("#merge-filter", "#merge-list", "#merge-keys"):
            self.query_one(selector).display = False
        question_line = self.query_one("#merge-question", Static)
        question_line.update(question)
        question_line.display = True
        self.set_focus(None)
        self.refresh_bindings()

    def action_pick(self, which: int) -> None:
        if self.other is None:
            return
        if which == 1:
            self.dismiss((self.person_id, self.other))
        else:
            self.dismiss((self.other, self.person_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
