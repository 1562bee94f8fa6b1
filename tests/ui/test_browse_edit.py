"""Pages open for browsing: letter keys are commands, never text. Editing starts on purpose (enter or Tab);
the page keys and help also work while typing, with keys that can't type."""

import sqlite3
from contextlib import closing

from netjournal.screens.details import DetailsScreen
from netjournal.screens.goal import GoalScreen
from netjournal.screens.help import HelpScreen
from netjournal.screens.meet import MeetScreen
from netjournal.screens.person import PersonScreen
from netjournal.screens.reflection import ReflectionScreen
from tests.ui.conftest import settle
from tests.ui.journal import read, seed
from tests.ui.screen_text import screen_lines

GOAL = "ask two people how they got into data work"


def every_row(path) -> dict[str, list[tuple]]:
    """Every row of every table in the journal file, as another program reads it."""
    with closing(sqlite3.connect(path)) as conn:
        # summary_day is the journal's own bookkeeping (the day the app was opened for), nothing a person wrote.
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if r[0] != "summary_day"
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def footer(app) -> str:
    return screen_lines(app)[-1]


def goal_of(path, event_id):
    return read(path, lambda q, s: q.get_goal(session=s, event_id=event_id).text)


async def open_pycon_from_events(app, pilot):
    await settle(pilot)
    await pilot.press("j", "enter")  # Events lists newest first: Rust talk, then PyCon Lisbon
    await settle(pilot)
    assert isinstance(app.screen, GoalScreen)


async def test_stray_letters_on_an_opened_event_change_nothing(app, journal_path):
    seed(journal_path)
    before = every_row(journal_path)
    stray = [*"xzylwtosbcv", "space", "backspace", "delete", "left", "right"]  # (h opens History)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pycon_from_events(app, pilot)
        # help and back, then letters on every page of the event, moving with its page keys
        for keys in (["question_mark", "escape"], stray, ["m"], stray, ["r"], stray, ["d"], stray, ["g"], stray):
            await pilot.press(*keys)
            await settle(pilot)
        back_on_the_goal = isinstance(app.screen, GoalScreen) and app.screen.query_one("#goal-text").value == GOAL
        await pilot.press("q")
        await settle(pilot)
    assert every_row(journal_path) == before
    assert back_on_the_goal and app.return_code == 0


async def test_pages_open_for_browsing_with_the_keys_in_the_footer(app, journal_path):
    seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pycon_from_events(app, pilot)
        for key, page in (("m", MeetScreen), ("r", ReflectionScreen), ("d", DetailsScreen), ("g", GoalScreen)):
            assert app.focused is None
            assert "enter Edit" in footer(app) and "g Goal" in footer(app) and "? Help" in footer(app)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, page)


async def test_the_palette_opens_an_event_for_browsing(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Open event PyCon")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert app.focused is None
        await pilot.press("m")  # a command, not a letter in the goal
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)
    assert goal_of(journal_path, ids["pycon"]) == GOAL


async def test_enter_or_tab_starts_editing_at_the_first_field(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for page, first in (("goal", "goal-text"), ("meet", "s1-name"), ("reflection", "energy_before")):
            await app.open_event(ids["pycon"], page)
            await settle(pilot)
            assert app.focused is None
            await pilot.press("enter")
            assert app.focused.id == first
            await pilot.press("escape")
            assert app.focused is None
            await pilot.press("tab")
            assert app.focused.id == first
            await pilot.press("escape")
        await app.open_event(ids["pycon"], "details")
        await settle(pilot)
        await pilot.press("enter")
        assert app.focused.id == "event-name"


async def test_a_person_opens_for_browsing_and_enter_edits(app, journal_path):
    seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.focused is None
        assert "enter Edit" in footer(app)
        await pilot.press("enter")
        assert app.focused.id == "name"


async def test_page_keys_work_while_typing_and_type_nothing(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["pycon"])
        await settle(pilot)
        await pilot.press("enter", "end", *", and lunch")
        assert "alt+m Meet list" in footer(app) and "f1 Help" in footer(app)
        await pilot.press("alt+m")
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)
        assert app.focused is None  # another page opens for browsing
        assert goal_of(journal_path, ids["pycon"]) == f"{GOAL}, and lunch"

        # from a field of several lines
        await pilot.press("enter", "tab", "tab", "end", *" and tests")
        assert app.focused.id == "s1-talked_about"
        await pilot.press("alt+r")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        talked = read(
            journal_path,
            lambda q, s: [m.talked_about for m, _ in q.meetings_for_event(session=s, event_id=ids["pycon"])],
        )
        assert talked == ["parsers and tests", "first talks"]

        await pilot.press("enter", "tab", "tab", "end", *" again")
        assert app.focused.id == "hard"
        await pilot.press("alt+d")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        await pilot.press("enter", "end", "alt+g")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
    refl = read(journal_path, lambda q, s: q.get_reflection(session=s, event_id=ids["pycon"]))
    assert refl.hard == "the first hello again"
    event = read(journal_path, lambda q, s: q.get_event(session=s, event_id=ids["pycon"]))
    assert event.name == "PyCon Lisbon"


async def test_help_opens_while_typing_and_lists_the_new_keys(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["pycon"])
        await settle(pilot)
        await pilot.press("enter", "end", "f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listing = str(app.screen.query_one("#help-keys").render())
        print(listing)
        for keys, words in (
            ("alt+g", "Goal"),
            ("alt+d", "Details"),
            ("ctrl+z", "Undo typing"),
            ("ctrl+y", "Redo typing"),
            ("f1", "Help"),
        ):
            assert any(line.split() and keys in line and words in line for line in listing.splitlines()), keys
        # While typing, letters type: help doesn't offer them as keys (g, d, ?), only keys that work here.
        assert not any(line.split()[:1] in (["g,"], ["d,"], ["?,"]) for line in listing.splitlines())
        assert "Edit" not in listing  # already editing: enter isn't "Edit" here
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen) and app.focused.id == "goal-text"
        assert app.focused.value == GOAL
