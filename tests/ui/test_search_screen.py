"""Search in the app: `/` on Events, typing, enter opens the right page or the person; hostile text shows literally;
the People filter and the palette find by any text."""

from __future__ import annotations

import sqlite3

from textual.widgets import DataTable, Input, OptionList

from netjournal.app import make_app
from netjournal.cli import main
from netjournal.screens.events import EventsScreen
from netjournal.screens.meet import MeetScreen
from netjournal.screens.people import PeopleScreen
from netjournal.screens.person import PersonScreen
from netjournal.screens.reflection import ReflectionScreen
from netjournal.screens.search import SearchScreen
from netjournal.transfer.demo import DEMO_TODAY
from tests.ui.conftest import settle
from tests.ui.journal import build_app, seed
from tests.ui.screen_text import screen_lines


async def search_for(pilot, text: str) -> None:
    await settle(pilot)
    await pilot.press("slash")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SearchScreen)
    pilot.app.screen.query_one(Input).value = text  # typing itself is the next test's
    await settle(pilot)


def shown_results(app) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def demo_app(tmp_path):
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo"]) == 0
    return make_app(db_path=path, today=DEMO_TODAY, blink=False)


async def test_slash_searches_the_demo_and_enter_opens_the_person(tmp_path, capsys):
    app = demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"embed")
        await settle(pilot)
        assert shown_results(app)[0].startswith("person")
        assert "Tomás Ferreira" in shown_results(app)[0] and "embedded Rust" in shown_results(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one("#name").value == "Tomás Ferreira"

        await pilot.press("escape")  # back to the results, as they were
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and "Tomás Ferreira" in shown_results(app)[0]
        app.screen.query_one(Input).value = "ines"
        await settle(pilot)
        assert "Inès Moreau" in shown_results(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one("#name").value == "Inès Moreau"


async def test_typing_fast_shows_the_last_words_only(journal_path):
    seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"parsers", "backspace", "backspace", "backspace", "backspace", *"ty")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "party"
        assert shown_results(app) == []
        assert 'Nothing matches "party".' in str(app.screen.query_one("#search-status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)


async def test_enter_opens_the_page_of_what_was_found(journal_path):
    ids = seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await search_for(pilot, "parsers")  # what was talked about: the meet list
        assert shown_results(app)[0].startswith("conversation 2019-04-08  Ada Lovelace at PyCon Lisbon")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen) and app.screen.event_id == ids["pycon"]

        await pilot.press("escape")
        await settle(pilot)
        await search_for(pilot, "hello")  # the reflection
        await pilot.press("down", "enter")  # to the list, then open
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen) and app.screen.event_id == ids["pycon"]


async def test_hostile_text_shows_literally(journal_path):
    ids = seed(journal_path)
    conn = sqlite3.connect(journal_path)  # a hand edit: the app itself never stores control characters
    try:
        conn.execute(
            "UPDATE person SET notes = ? WHERE id = ?", ("zebra [bold]loud[/] \x1b[31mred\x1b[0m [/]", ids["ada"])
        )
        conn.commit()
    finally:
        conn.close()
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await search_for(pilot, "zebra")
        (label,) = shown_results(app)
        assert "zebra [bold]loud[/] \\x1b[31mred\\x1b[0m [/]" in label
        assert "\x1b" not in label
        lines = "\n".join(screen_lines(app))
        assert "zebra [bold]loud[/] \\x1b[31mred\\x1b[0m [/]" in lines
        await search_for(pilot, "grace")  # a name that looks like markup
        assert "[bold]Grace[/]" in shown_results(app)[0]
        assert "[bold]Grace[/]" in "\n".join(screen_lines(app))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *"zebra")  # the palette says what matched too, as text
        await pilot.pause(0.3)
        await settle(pilot)
        lines = "\n".join(screen_lines(app))
        assert "Open person Ada Lovelace" in lines and "zebra [bold]loud[/] \\x1b[31mred" in lines


async def test_the_people_filter_finds_what_someone_is_great_at(journal_path):
    seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("slash", *"compil")
        await pilot.pause(0.4)
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Ada Lovelace"]
        app.screen.query_one(Input).value = "first talks"  # what was talked about with her
        await pilot.pause(0.4)
        await settle(pilot)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["[bold]Grace[/]"]


async def test_the_palette_finds_a_person_by_what_they_are_great_at(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"embedded")
        await pilot.pause(0.3)
        await settle(pilot)
        lines = "\n".join(screen_lines(app))
        assert "Open person Tomás Ferreira" in lines
        await pilot.press("enter")  # the best hit
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one("#name").value == "Tomás Ferreira"
