"""Filter a list: a few choices (tag, kind, year, coming up or past; tag, circle), each picked with the arrows.

Nothing is typed, so no key here can change anything in the journal: enter shows the list
filtered, escape leaves the filter as it was. `x` on the list shows everything again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from netjournal.domain.list_filters import WHEN, EventFilter, PeopleFilter
from netjournal.domain.vocab import KINDS
from netjournal.widgets.choice import Choice

ANY = ""
HOW_TO = "↑ ↓ pick a line · ← → change it · enter shows the list · escape keeps it as it was"
NO_TAGS = "(no tags yet: add some on an event's Details or a person's page)"

Choices = list[tuple[str, str, Sequence[tuple[Any, str]], Any]]  # (name, label, options, chosen)


def tag_options(in_use: list[tuple[str, int]], chosen: str) -> list[tuple[str, str]]:
    """Any tag, then the tags in use, most used first (a chosen tag no longer in use stays offered)."""
    options = [(ANY, "any tag")] + [(tag, f"#{tag} ({n})") for tag, n in in_use]
    if chosen and chosen not in dict(options):
        options.append((chosen, f"#{chosen}"))
    return options


def event_choices(current: EventFilter, in_use: list[tuple[str, int]], years: list[int]) -> Choices:
    year_options: list[tuple[Any, str]] = [(None, "any year"), *((y, str(y)) for y in years)]
    if current.year is not None and current.year not in years:
        year_options.append((current.year, str(current.year)))
    return [
        ("tag", "Tag", tag_options(in_use, current.tag), current.tag),
        ("kind", "Kind", [(ANY, "any kind"), *KINDS.items()], current.kind),
        ("year", "Year", year_options, current.year),
        ("when", "When", [(ANY, "coming up and past"), *WHEN.items()], current.when),
    ]


def people_choices(current: PeopleFilter, in_use: list[tuple[str, int]]) -> Choices:
    return [
        ("tag", "Tag", tag_options(in_use, current.tag), current.tag),
        ("circle", "Who", [(False, "everyone"), (True, "your circle")], current.circle),
    ]


class FilterScreen(ModalScreen[dict[str, Any] | None]):
    """Dismissed with the chosen values by name (enter), or None (escape: nothing changes)."""

    BINDINGS = [
        Binding("enter", "apply", "Show the list", id="filter-apply"),
        Binding("escape", "cancel", "Keep the filter as it was", id="filter-cancel"),
        Binding("down", "app.focus_next", "Next line", id="filter-next", show=False),
        Binding("up", "app.focus_previous", "Previous line", id="filter-previous", show=False),
    ]

    def __init__(self, title: str, choices: Choices, *, no_tags: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.no_tags = no_tags

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="filter-dialog"):
            yield Static(Text(self.title_text, style="bold"), markup=False)
            for name, label, options, chosen in self.choices:
                with Horizontal(classes="row"):
                    yield Label(label, classes="label")
                    yield Choice(list(options), value=chosen, id=f"filter-{name}")
            if self.no_tags:
                yield Static(Text(NO_TAGS, style="dim"), markup=False)
            yield Static(Text(HOW_TO, style="dim"), markup=False)

    def on_mount(self) -> None:
        self.query(Choice).first().focus()

    def action_apply(self) -> None:
        self.dismiss({name: self.query_one(f"#filter-{name}", Choice).value for name, _, _, _ in self.choices})

    def action_cancel(self) -> None:
        self.dismiss(None)
