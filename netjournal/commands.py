"""The command palette (ctrl+p): every place, "New event", and "Open event ..." by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from netjournal.screens.places import PLACES


class JournalCommands(Provider):
    def _commands(self):
        app = self.app
        for place in PLACES:
            yield place.title, partial(app.run_action, f"go('{place.name}')"), f"Open {place.title} ({place.key})"
        yield "Help", app.action_help, "Every key on this screen (?)"
        yield "New event", app.new_event, "Add an event and set its goal"
        for event_id, name, when in getattr(app, "known_events", []):
            yield (f"Open event {name}", partial(app.open_event, event_id),
                   f"{when.isoformat()}: its goal, meet list and reflection")

    async def discover(self) -> Hits:
        for title, run, help_text in self._commands():
            yield DiscoveryHit(Content(title), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), run, text=title, help=help_text)


def _highlight(matcher, title: str) -> Content:
    """The matched letters in bold, the title itself as plain text (event names may look like markup)."""
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
