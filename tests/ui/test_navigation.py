"""The new-event form, escape, delete and undo, help, the palette, and names shown as typed."""

import importlib
import pkgutil

from textual.binding import Binding
from textual.widgets import DataTable

from netjournal.app import NetJournalApp
from netjournal.screens.events import EventsScreen
from netjournal.screens.goal import GoalScreen
from netjournal.screens.help import HelpScreen, bindings_of, key_label
from netjournal.screens.meet import MeetScreen
from netjournal.screens.new_event import NewEventScreen
from netjournal.widgets.choice import Choice
from tests.ui.conftest import settle
from tests.ui.journal import read, seed


def live_event_names(path):
    return read(path, lambda q, s: [r.name for r in q.list_event_rows(session=s)])


def shown(widget) -> str:
    return str(widget.render())


async def test_unreadable_date_is_shown_at_the_field_and_nothing_saved(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Book club", "tab", *"blursday")
        await settle(pilot)
        assert 'Can\'t read "blursday" as a date' in shown(app.screen.query_one("#date-hint"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen)
        assert app.focused.id == "date"
    assert live_event_names(journal_path) == []


async def test_empty_name_is_shown_at_the_field(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n", "tab", *"yesterday", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen)
        assert shown(app.screen.query_one("#name-hint")) == "An event needs a name."
        assert app.focused.id == "name"
        assert "Mon 8 Apr 2019 (yesterday)" in shown(app.screen.query_one("#date-hint"))
    assert live_event_names(journal_path) == []


async def test_escape_leaves_the_field_then_goes_back(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["pycon"], "meet")
        await settle(pilot)
        assert app.focused is None
        await pilot.press("enter")
        assert app.focused.id == "s1-name"
        await pilot.press("escape")
        assert isinstance(app.screen, MeetScreen) and app.focused is None
        await pilot.press("g")  # a page key works once no field is focused
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        await pilot.press("escape")  # home stays home
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)


async def test_escape_cancels_the_new_event_form(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Half typed", "escape")
        assert isinstance(app.screen, NewEventScreen)
        await pilot.press("escape", "d")  # a filled form asks first: d discards it
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
    assert live_event_names(journal_path) == []


async def test_delete_asks_then_undo_brings_it_back(app, journal_path):
    seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("j", "d", "n")  # second row: PyCon Lisbon; n keeps it
        await settle(pilot)
        assert table.row_count == 3
        await pilot.press("d", "y")
        await settle(pilot)
        assert table.row_count == 2
        assert live_event_names(journal_path) == ["Rust talk", "[red]Team dinner[/]"]
        await pilot.press("u")
        await settle(pilot)
        assert table.row_count == 3
    assert live_event_names(journal_path) == ["Rust talk", "PyCon Lisbon", "[red]Team dinner[/]"]


async def test_help_lists_the_bindings_of_the_screen_and_the_app(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["pycon"], "meet")
        await settle(pilot)
        await pilot.press("question_mark")  # opened for browsing: ? is help at once
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-keys").render()
        listing = str(text)
        for binding in [*bindings_of(MeetScreen), *bindings_of(NetJournalApp)]:
            assert binding.description in listing
            assert key_label(binding) in listing  # ctrl+s, ctrl+q, ctrl+p, ?, escape among them
        assert "option" not in listing  # no choice is focused: its keys do nothing here
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)
        app.screen.set_focus(app.screen.query_one("#s1-status", Choice))  # on a choice, help lists its keys
        await pilot.press("f1")
        await settle(pilot)
        listing = str(app.screen.query_one("#help-keys").render())
        for binding in bindings_of(Choice):
            assert binding.description in listing and key_label(binding) in listing
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)


def classes_with_bindings() -> list[type]:
    """Every class in the app, its screens and widgets that declares keys of its own."""
    import netjournal.screens
    import netjournal.widgets

    modules = [importlib.import_module("netjournal.app")]
    for package in (netjournal.screens, netjournal.widgets):
        modules += [
            importlib.import_module(f"{package.__name__}.{m.name}") for m in pkgutil.iter_modules(package.__path__)
        ]
    return [
        cls
        for module in modules
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__
    ]


def test_every_binding_has_an_id_and_a_description():
    classes = classes_with_bindings()
    names = {cls.__name__ for cls in classes}
    assert {"NetJournalApp", "EventsScreen", "EventPage", "MeetScreen", "HelpScreen", "Choice"} <= names
    for cls in classes:
        for binding in cls.__dict__["BINDINGS"]:
            assert isinstance(binding, Binding), (cls.__name__, binding)
            assert binding.id and binding.description, (cls.__name__, binding)


async def test_palette_opens_an_event_by_name(app, journal_path):
    seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Open event PyCon")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "PyCon Lisbon" in shown(app.screen.query_one("#event-title"))


async def test_markup_looking_names_are_shown_as_typed(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert "[red]Team dinner[/]" in [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        await app.open_event(ids["dinner"])
        await settle(pilot)
        assert shown(app.screen.query_one("#event-title")).startswith("[red]Team dinner[/]")
        await app.open_event(ids["pycon"], "meet")
        await settle(pilot)
        assert app.screen.query_one("#s2-name").value == "[bold]Grace[/]"
        await pilot.press("a")  # opened for browsing: a is a command at once
        await settle(pilot)
        assert "[bold]Grace[/]" in " ".join(shown(s) for s in app.screen.query("Static"))


async def test_palette_shows_markup_looking_event_names_as_typed(app, journal_path):
    from textual.command import CommandPalette

    seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Team dinner")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("Open event [red]Team dinner[/]\n") for p in prompts)
