"""Which keys the settings may change: every binding netjournal has, by id.

Loads every screen and widget to find them, so it runs after the first frame (or for
`netjournal config`), never before.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode


def all_bindings() -> dict[str, Binding]:
    """Every Binding of netjournal's app, screens and widgets, by id."""
    import netjournal.screens
    import netjournal.widgets

    importlib.import_module("netjournal.app")
    for package in (netjournal.screens, netjournal.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    found: dict[str, Binding] = {}
    for node in _subclasses(DOMNode):
        if node.__module__.startswith("netjournal."):
            for binding in node.BINDINGS:
                if isinstance(binding, Binding) and binding.id:
                    found.setdefault(binding.id, binding)
    return found


def _subclasses(cls: type[DOMNode]) -> Iterable[type[DOMNode]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def unknown_keys(keys: Mapping[str, str]) -> list[str]:
    """The binding ids in `keys` that netjournal doesn't have."""
    known = all_bindings()
    return [binding for binding in keys if binding not in known]


def key_note(binding: str) -> str:
    """The line for an override naming a binding netjournal doesn't have."""
    return f"keys.{binding} isn't one of netjournal's keys (netjournal config --keys lists them); it is left out."


def theme_note(theme: str | None, themes: Iterable[str]) -> str | None:
    """A line when `theme` isn't one of `themes` (the app's), else None."""
    if theme is None or theme in themes:
        return None
    return f'theme = "{theme}" isn\'t a theme name (netjournal config --themes lists them); using the default.'
