"""netjournal uses Textual through its public API only, and the two behaviours it leans on hold.

The scan: no `_private` name of Textual is read, written or overridden by a netjournal class, no
module or test reaches another object's private attribute that netjournal doesn't define, and
nothing is imported from Textual's private modules.

The behaviours, which fail loudly here if a Textual upgrade changes them:
- a kept screen sets the public `ScreenResume.refresh_styles` in its own handler, which runs before
  Screen's (handlers run along the MRO), so coming back doesn't restyle it unless the theme changed;
- our Footer overrides Footer's public `bindings_changed`, so it recomposes only when its keys change.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from functools import cache
from pathlib import Path

import netjournal
from netjournal.screens.events import EventsScreen
from netjournal.screens.insights import InsightsScreen
from netjournal.screens.people import PeopleScreen
from netjournal.widgets.footer import Footer
from tests.ui.conftest import settle
from tests.ui.journal import read
from tests.ui.people_journal import seed_people

PACKAGE = Path(netjournal.__file__).parent
TESTS = Path(__file__).parent.parent


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def on_self(node: ast.Attribute) -> bool:
    return isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")


@cache
def textual_privates(cls: type) -> frozenset[str]:
    """The private names a Textual class has: its own, and those its methods set on `self`."""
    names = {name for name in vars(cls) if is_private(name)}
    source = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    names |= {
        node.attr
        for node in ast.walk(source)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
    }
    return frozenset(name for name in names if is_private(name))


def netjournal_classes() -> list[type]:
    modules = ["netjournal.app", "netjournal.runner", "netjournal.commands", "netjournal.screenshots"]
    for package in ("screens", "widgets"):
        path = [str(PACKAGE / package)]
        modules += [f"netjournal.{package}.{m.name}" for m in pkgutil.iter_modules(path)]
    found = []
    for name in modules:
        module = importlib.import_module(name)
        found += [c for c in vars(module).values() if isinstance(c, type) and c.__module__ == module.__name__]
    return found


def our_names() -> set[str]:
    """Every name netjournal itself defines: functions, classes, variables, and attributes it sets on `self`."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and on_self(node):
                names.add(node.attr)
    return names


def test_no_netjournal_class_touches_a_private_name_of_textual():
    classes = netjournal_classes()
    assert {"NetJournalApp", "KeptScreen", "Footer", "JournalRunner"} <= {cls.__name__ for cls in classes}
    touched = []
    for cls in classes:
        theirs = frozenset().union(*(textual_privates(b) for b in cls.__mro__ if b.__module__.startswith("textual")))
        for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(cls)))):
            if isinstance(node, ast.Attribute):
                name = node.attr
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = node.name
            else:
                continue
            if name in theirs:
                touched.append(f"{cls.__module__}.{cls.__name__}: {name}")
    assert touched == []


def test_nothing_reaches_a_private_attribute_it_does_not_own():
    ours = our_names()
    reached = []
    for path in [*PACKAGE.rglob("*.py"), *TESTS.rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and is_private(node.attr)
                and node.attr not in ours
                and not on_self(node)
            ):
                reached.append(f"{path}:{node.lineno}: .{node.attr}")
            module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            if module.startswith("textual") and any(is_private(part) for part in module.split(".")):
                reached.append(f"{path}:{node.lineno}: from {module}")
    assert reached == []


def test_the_scan_would_catch_one():
    from textual.widgets import Footer as TextualFooter

    assert "_bindings_ready" in textual_privates(TextualFooter)
    assert "_notifications" in textual_privates(importlib.import_module("textual.app").App)


async def test_a_kept_screen_is_restyled_on_coming_back_only_after_a_theme_change(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen)
        restyled = []
        update_node_styles = people.update_node_styles

        def counting(*args, **kwargs):
            restyled.append(True)
            return update_node_styles(*args, **kwargs)

        people.update_node_styles = counting
        for _ in range(3):
            await pilot.press("e", "p")
            await settle(pilot)
        assert app.screen is people and restyled == []
        await pilot.press("e")
        await settle(pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.screen is people and restyled


async def test_the_footer_recomposes_only_when_its_keys_change(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        insights = app.screen
        assert isinstance(insights, InsightsScreen)
        footer = insights.query_one(Footer)
        recomposed = []
        recompose = footer.recompose

        def counting():
            recomposed.append(True)
            return recompose()

        footer.recompose = counting
        assert any("New event" in str(key.render()) for key in footer.query("FooterKey"))
        for _ in range(3):
            await pilot.press("e", "i")
            await settle(pilot)
        assert app.screen is insights and recomposed == []  # the same keys: the footer is left as it is

        # Another window adds the first event: Insights reads again, and "n New event" is no longer offered.
        read(journal_path, lambda q, s: q.create_event(session=s, name="Book club", date=app.today(), kind="other"))
        await pilot.press("e", "i")
        await settle(pilot)
        assert app.screen is insights and recomposed
        assert not any("New event" in str(key.render()) for key in footer.query("FooterKey"))
        assert isinstance(app.screen_stack[1], EventsScreen)
