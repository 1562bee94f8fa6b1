"""The command palette (ctrl+p): every place, "New event", "Open event ..." by name, and any event or person
by any of their words ("Open person ...").

Events and people are found in the journal itself (a few at a time), so the
palette never needs every event in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from netjournal.domain.text import visible
from netjournal.screens.base import JournalApp, journal_app
from netjournal.screens.places import PLACES

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.search import SearchResult

Command = tuple[str, Callable[[], Any], str]  # title, what it runs, help
Found = list[tuple[str, str, date]]  # (id, name, date) of events
Searched = list["SearchResult"]

OPEN_EVENT = "open event "
RECENT_SHOWN = 10  # events offered before anything is typed: the newest the Events list holds
FOUND_SHOWN = 20  # names asked of the journal per search
SEARCHED_SHOWN = 10  # events and people found by their words, per search
WORDS_SCORE = 0.3  # below a good match of a command's own title: what was found by its words comes after


def name_part(query: str) -> str:
    """What to look for in event names: the query without a leading "open event"."""
    text = query.strip()
    lowered = text.lower()
    if len(lowered) >= 4 and OPEN_EVENT.startswith(lowered):  # "open", "open ev": no name typed yet
        return ""
    if lowered.startswith(OPEN_EVENT):
        return text[len(OPEN_EVENT) :].strip()
    return text


class JournalCommands(Provider):
    @property
    def journal_app(self) -> JournalApp:
        return journal_app(self.app)

    def _fixed_commands(self) -> Iterator[Command]:
        app = self.journal_app
        for place in PLACES:
            yield place.title, partial(self.app.run_action, f"go('{place.name}')"), f"Open {place.title} ({place.key})"
        yield "Help", app.action_help, "Every key on this screen (?)"
        yield "New event", app.new_event, "Add an event and set its goal"
        yield "Trash", self._open_trash, "Deleted events and people: bring one back, or delete for good"
        screen = self.screen  # the screen the palette was opened on
        if hasattr(screen, "action_history"):
            yield "History", partial(screen.run_action, "history"), "Earlier values of what this page shows (h)"

    def _open_trash(self) -> None:
        from netjournal.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen())

    def _event_commands(self, events: Found) -> Iterator[Command]:
        for event_id, name, when in events:
            yield (
                f"Open event {name}",
                partial(self.journal_app.open_event, event_id),
                f"{when.isoformat()}: its goal, meet list and reflection",
            )

    async def _events_named(self, query: str) -> Found:
        text = name_part(query)
        if not text:
            return self.journal_app.known_events[:RECENT_SHOWN]

        def job(session: Session) -> Found:
            from netjournal.store import queries

            return queries.find_events_by_name(session=session, text=text, limit=FOUND_SHOWN)

        return await self.journal_app.journal.ask(job) or []

    async def _found_by_words(self, query: str) -> Searched:
        text = name_part(query)
        if not text:
            return []

        def job(session: Session) -> Searched:
            from netjournal.store.search import search

            return search(session=session, query=text, limit=SEARCHED_SHOWN * 3)

        return await self.journal_app.journal.ask(job) or []

    def _open_person(self, person_id: str) -> None:
        from netjournal.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(person_id))  # over what is open: escape comes back to it

    def _word_commands(self, found: Searched, offered: set[str]) -> Iterator[Command]:
        """ "Open person ..." and "Open event ..." for what matched by any of its words, each once, best first."""
        shown = 0
        for result in found:
            if shown >= SEARCHED_SHOWN:
                return
            if result.kind == "person":
                key, title = result.id, f"Open person {result.title}"
                run: Callable[[], Any] = partial(self._open_person, result.id)
                help_text = result.snippet if result.snippet != result.title else "their details and every meeting"
            elif result.event_id is not None:
                key, run = result.event_id, partial(self.journal_app.open_event, result.event_id)
                name = result.title.rsplit(" at ", 1)[-1] if result.kind == "meeting" else result.title
                title = f"Open event {name}"
                when = result.date.isoformat() if result.date else ""
                help_text = f"{when}: {result.snippet}" if result.snippet != result.title else when
            else:
                continue
            if key in offered:
                continue
            offered.add(key)
            shown += 1
            yield title, run, escape(visible(help_text))  # the palette reads help as markup: this is only text

    async def discover(self) -> Hits:
        recent = self.journal_app.known_events[:RECENT_SHOWN]
        for title, run, help_text in [*self._fixed_commands(), *self._event_commands(recent)]:
            yield DiscoveryHit(Content(title), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, help_text in self._fixed_commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), run, text=title, help=help_text)
        named = await self._events_named(query)
        for title, run, help_text in self._event_commands(named):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), run, text=title, help=help_text)
        offered = {event_id for event_id, _name, _day in named}
        found = await self._found_by_words(query)
        for n, (title, run, help_text) in enumerate(self._word_commands(found, offered)):
            yield Hit(WORDS_SCORE - n / 1000, Content(title), run, text=title, help=help_text)


def _highlight(matcher: Matcher, title: str) -> Content:
    """The matched letters in bold, the title itself as plain text (event names may look like markup)."""
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
