"""Help: the keys that work on the screen underneath right now, read from its active bindings.

Grouped as a person meets them: the focused field (or list), this screen, everywhere. Keys a widget
handles in its own code, not through a binding, are declared as data next to it (`HELP_KEYS`), and a
screen (or widget) may say in its own words what a Textual widget's key means there (`HELP_WORDS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from netjournal.widgets.fields import is_field

KEY_NAMES = {
    "question_mark": "?",
    "space": "space",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "slash": "/",
}
# Textual's own keys, in our words (a screen's or widget's HELP_WORDS say more where they know more).
TEXTUAL_WORDS = {
    "app.focus_next": "Next field",
    "app.focus_previous": "Previous field",
}
THIS_FIELD, THIS_LIST, THIS_SCREEN, EVERYWHERE = "This field", "This list", "This screen", "Everywhere"
GROUPS = (THIS_SCREEN, THIS_FIELD, THIS_LIST, EVERYWHERE)
CLOSE_LINE = "escape, ? or f1 closes this"
KEYS_WIDTH = 17
# Textual's scrolling keys, which a one-line field or a container with nothing to scroll has but can't use.
VERTICAL = {"scroll_up", "scroll_down", "scroll_home", "scroll_end", "page_up", "page_down"}
HORIZONTAL = {"scroll_left", "scroll_right", "page_left", "page_right"}
SIDEWAYS = {"cursor_left", "cursor_right", "scroll_home", "scroll_end", "page_left", "page_right"}  # in a list


def bindings_of(node_class: type) -> list[Binding]:
    """The bindings a class declares, its own after its bases', later ones winning by id."""
    found: dict[str, Binding] = {}
    for cls in reversed(node_class.__mro__):
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found[binding.id] = binding
    return list(found.values())


def key_label(binding: Binding) -> str:
    """Keys as the README writes them: `ctrl+s`, `?`, `escape`."""
    if binding.key_display:
        return binding.key_display
    return ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


@dataclass
class Line:
    """One line of help: the keys (`g, alt+g`), what they do, and the active bindings behind them.

    A line with no bindings is a key a widget handles in its own code (its `HELP_KEYS`)."""

    keys: list[str]
    description: str
    bindings: list[ActiveBinding] = field(default_factory=list)

    @property
    def shown_keys(self) -> str:
        return ", ".join(self.keys)


def _words(node: DOMNode, screen: Screen[Any], action: str) -> str | None:
    for source in (screen, node):  # what the key means on this screen, else in this widget
        words = getattr(source, "HELP_WORDS", {}).get(action)
        if words:
            return str(words)
    return TEXTUAL_WORDS.get(action)


def _group(node: DOMNode, screen: Screen[Any]) -> str:
    if node is screen:
        return THIS_SCREEN
    if node is screen.app:
        return EVERYWHERE
    if node is not screen.focused:  # a container the focused widget is in: it scrolls the screen
        return THIS_SCREEN
    return THIS_FIELD if is_field(node) else THIS_LIST


def does_nothing(active: ActiveBinding) -> bool:
    """A key that can't do anything here, so help doesn't offer it: a scrolling key of something that can't
    scroll that way (a one-line field, a page that fits, a list's sideways keys), tab with one place to go."""
    _target, action, _params = parse(active.binding.action)
    node = active.node
    if action in ("focus_next", "focus_previous") and isinstance(node, Screen):
        chain = node.focus_chain  # tab with nowhere else to go
        return not chain or (len(chain) == 1 and chain[0] is node.focused)
    if isinstance(node, DataTable) and node.cursor_type == "row":
        # A list of rows: up, down and the page keys move its cursor; the sideways keys only scroll it sideways.
        return action in SIDEWAYS and not node.allow_horizontal_scroll
    if isinstance(node, DataTable) or action not in VERTICAL | HORIZONTAL:
        return False
    if isinstance(node, Input):
        return True
    if not isinstance(node, Widget):
        return False
    return not (node.allow_vertical_scroll if action in VERTICAL else node.allow_horizontal_scroll)


def _chain(screen: Screen[Any]) -> list[DOMNode]:
    """The focused widget, its ancestors and the screen: where keys declared as data come from."""
    focused = screen.focused
    return list(focused.ancestors_with_self) if focused is not None else [screen]


def help_lines(screen: Screen[Any]) -> dict[str, list[Line]]:
    """What works on `screen` now, by group: every enabled active binding with a description, then `HELP_KEYS`."""
    groups: dict[str, dict[tuple[str, str], Line]] = {group: {} for group in GROUPS}
    for active in screen.active_bindings.values():
        node, binding = active.node, active.binding
        if not active.enabled or not binding.description or does_nothing(active):
            continue
        description = _words(node, screen, binding.action) or binding.description
        line = groups[_group(node, screen)].setdefault((binding.action, description), Line([], description))
        if key_label(binding) not in line.keys:
            line.keys.append(key_label(binding))
        line.bindings.append(active)
    for node in _chain(screen):
        if node is screen.app:
            continue
        for keys, description in getattr(node, "HELP_KEYS", ()):
            groups[_group(node, screen)].setdefault(("", description), Line([keys], description))
    return {group: list(lines.values()) for group, lines in groups.items() if lines}


def help_text(screen: Screen[Any]) -> Text:
    text = Text()
    for title, lines in help_lines(screen).items():
        text.append(f"{title}\n", style="bold underline")
        for line in lines:
            text.append(f"  {line.shown_keys:<{KEYS_WIDTH}}", style="bold")
            text.append(f" {line.description}\n")
        text.append("\n")
    text.rstrip()
    return text


def runnable(active: ActiveBinding) -> bool:
    """Whether the binding's action is there to run, on the node that would run it."""
    target_name, name, _params = parse(active.binding.action)
    node: object = active.node
    if target_name == "app":
        node = active.node.app
    elif target_name == "screen":
        node = active.node.screen if hasattr(active.node, "screen") else active.node
    return callable(getattr(node, f"action_{name}", None))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark", "close", "Close help", id="help-close"),
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under
        self.keys = help_text(under)  # read now, while `under` is still the screen on top

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            with VerticalScroll(id="help-scroll"):
                yield Static(self.keys, id="help-keys")
            yield Static(Text(CLOSE_LINE, style="dim"), id="help-close")

    def action_close(self) -> None:
        self.dismiss(None)
