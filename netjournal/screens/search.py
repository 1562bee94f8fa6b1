"""Search: everything a person wrote, as they type; enter opens what was found.

It only reads. Every result is drawn from Text objects built piece by piece, never from markup,
so whatever the journal holds (brackets, escape bytes) shows as the very characters it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from netjournal.domain.dates import format_date
from netjournal.domain.text import count, visible
from netjournal.screens.base import JournalScreen
from netjournal.widgets.fields import Field
from netjournal.widgets.footer import Footer

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.search import SearchResult

SHOWN = 50
HINT = "Type a few letters of any word: a name, a place, what you talked about, a goal, a reflection."
KIND_WORDS = {
    "event": "event",
    "person": "person",
    "meeting": "conversation",
    "goal": "goal",
    "reflection": "reflection",
}
PAGE_OF = {"event": "goal", "goal": "goal", "meeting": "meet", "reflection": "reflection"}  # the page a result opens


def result_label(result: SearchResult) -> Text:
    """What it is, when, its name; under that the matching words in context, in bold. Only ever plain text."""
    label = Text()
    label.append(f"{KIND_WORDS.get(result.kind, result.kind):<12}", style="bold")
    label.append(f" {format_date(result.date) if result.date else '':<11} ", style="dim")
    label.append(visible(result.title))
    if result.snippet and result.snippet != result.title:
        label.append("\n" + " " * 25)
        label.append_text(snippet_text(result))
    return label


def snippet_text(result: SearchResult) -> Text:
    """The snippet with its matching words in bold, each piece shown as it is (control characters written out)."""
    text = Text(style="dim")
    at = 0
    for start, end in result.matched:
        if start < at:
            continue
        text.append(visible(result.snippet[at:start]))
        text.append(visible(result.snippet[start:end]), style="bold not dim")
        at = end
    text.append(visible(result.snippet[at:]))
    return text


class SearchField(Field):
    """What to look for; down goes to the results, escape goes back."""

    BINDINGS = [
        Binding("down", "to_results", "Go to the results", id="search-to-results", show=False),
        Binding("escape", "back", "Back", id="search-back", show=False),
    ]

    def action_to_results(self) -> None:
        results = self.screen.query_one(OptionList)
        if results.option_count:
            results.focus()

    async def action_back(self) -> None:
        if self.app.screen is self.screen:
            await self.app.pop_screen()


class SearchScreen(JournalScreen[None]):
    AUTO_FOCUS = "#search-input"

    BINDINGS = [
        Binding("slash", "type", "Search", id="search-type", key_display="/"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.results: list[SearchResult] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchField(placeholder="search everything you wrote", id="search-input")
        yield Static(HINT, id="search-status", markup=False)
        yield OptionList(id="search-results", markup=False)
        yield Footer()

    def on_screen_resume(self) -> None:
        if self.query_text:  # back from what was opened: read again, it may have changed
            self._search(self.query_text)

    @on(Input.Changed, "#search-input")
    def _typed(self, message: Input.Changed) -> None:
        self.query_text = message.value
        self._search(message.value)

    def _search(self, typed: str) -> None:
        """Ask the journal; only the answer to the newest question is shown, however fast the typing."""

        def job(session: Session) -> list[SearchResult]:
            from netjournal.store.search import search

            return search(session=session, query=typed, limit=SHOWN)

        def done(results: list[SearchResult]) -> None:
            if self.on_stack:
                self._show(typed, results)

        self.journal.read(job, done, latest=self)

    def _show(self, typed: str, results: list[SearchResult]) -> None:
        self.results = results
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(result_label(r), id=str(n)) for n, r in enumerate(results))
        options.highlighted = 0 if results else None
        status = self.query_one("#search-status", Static)
        words = " ".join(typed.split())
        if not words:
            status.update(HINT)
        elif not results:
            status.update(Text(f'Nothing matches "{visible(words)}". Fewer letters find more.'))
        else:
            shown = f"the best {SHOWN}" if len(results) == SHOWN else count(len(results), "match", "matches")
            status.update(Text(f"{shown} · enter opens · escape goes back", style="dim"))

    # Opening what was found ------------------------------------------------

    @on(Input.Submitted, "#search-input")
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.open_result(self.results[options.highlighted])

    @on(OptionList.OptionSelected, "#search-results")
    def _picked(self, message: OptionList.OptionSelected) -> None:
        self.open_result(self.results[message.option_index])

    def open_result(self, result: SearchResult) -> None:
        """A person's page over this one (escape comes back here), or the right page of the event.

        Run by the app once this handler is done: opening an event closes this screen first."""
        if result.kind == "person":
            from netjournal.screens.person import PersonScreen

            self.app.push_screen(PersonScreen(result.id))
        elif result.event_id is not None:
            self.app.call_later(self.journal_app.open_event, result.event_id, PAGE_OF.get(result.kind, "goal"))

    def action_type(self) -> None:
        self.query_one(SearchField).focus()
