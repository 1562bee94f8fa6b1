"""History and the Trash in the app: earlier values restore across a restart, deletions wait in the Trash
across a restart and come back in one key, and deleting for good asks first."""

from __future__ import annotations

from textual.widgets import DataTable

from netjournal.screens.confirm import ConfirmScreen
from netjournal.screens.events import EventsScreen
from netjournal.screens.goal import GoalScreen
from netjournal.screens.history import HistoryScreen
from netjournal.screens.people import PeopleScreen
from netjournal.screens.person import PersonScreen
from netjournal.screens.trash import TrashScreen
from netjournal.store.models import Person
from netjournal.widgets.fields import Field
from tests.ui.conftest import settle, toasts
from tests.ui.journal import build_app, read, seed

SEEDED_GOAL = "ask two people how they got into data work"


def goal_text(path, event_id) -> str:
    return read(path, lambda q, s: q.get_goal(session=s, event_id=event_id).text)


def kept(path, event_id) -> list[str]:
    from netjournal.store import history

    return read(path, lambda _q, s: [e.value for e in history.event_history(session=s, event_id=event_id)])


def rows(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1 if isinstance(app.screen, TrashScreen) else 2]) for i in range(table.row_count)]


async def open_goal(app, pilot, event_id) -> None:
    await settle(pilot)
    await app.open_event(event_id)
    await settle(pilot)
    assert isinstance(app.screen, GoalScreen)
    assert app.screen._saved is not None


async def visit_and_type(app, pilot, event_id, text) -> None:
    """One visit to the goal page: type a new goal, save, go back."""
    await open_goal(app, pilot, event_id)
    app.screen.query_one("#goal-text", Field).value = text
    await pilot.press("ctrl+s")
    await settle(pilot)
    await app.go_home()
    await settle(pilot)


async def browse(app, pilot) -> None:
    """No field focused: letter keys are commands."""
    app.screen.set_focus(None)
    await pilot.pause()


async def test_history_restores_the_first_text_after_a_restart(journal_path):
    ids = seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await visit_and_type(app, pilot, ids["pycon"], "first text")
        await visit_and_type(app, pilot, ids["pycon"], "second text")
    assert goal_text(journal_path, ids["pycon"]) == "second text"
    assert kept(journal_path, ids["pycon"]) == ["first text", SEEDED_GOAL]  # one per visit, newest first

    app = build_app(journal_path)  # quitting keeps History: it is in the journal
    async with app.run_test(size=(120, 36)) as pilot:
        await open_goal(app, pilot, ids["pycon"])
        await browse(app, pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert rows(app) == ["first text", SEEDED_GOAL]
        await pilot.press("enter")  # the newest: the first text typed
        await settle(pilot)
        assert goal_text(journal_path, ids["pycon"]) == "first text"
        assert rows(app) == ["second text", "first text", SEEDED_GOAL]  # restoring is kept too
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert app.screen.query_one("#goal-text", Field).value == "first text"  # the page shows what it holds
    assert kept(journal_path, ids["pycon"]) == ["second text", "first text", SEEDED_GOAL]


async def test_a_person_s_history_restores_with_r(journal_path):
    ids = seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.push_screen(PersonScreen(ids["ada"]))
        await settle(pilot)
        app.screen.query_one("#great_at", Field).value = "analytical engines"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await browse(app, pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert rows(app) == ["compilers"]
        await pilot.press("r", "escape")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one("#great_at", Field).value == "compilers"
    ada = read(journal_path, lambda q, s: q.get_person(session=s, person_id=ids["ada"]))
    assert ada.great_at == "compilers"


async def test_history_and_trash_are_in_the_palette(journal_path):
    ids = seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_goal(app, pilot, ids["pycon"])
        for command, screen in (("History", HistoryScreen), ("Trash", TrashScreen)):
            await pilot.press("ctrl+p", *command)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, screen), command
            await pilot.press("escape")
            await settle(pilot)


async def test_a_field_changed_elsewhere_is_said_and_the_other_text_kept(journal_path):
    import sqlite3

    ids = seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_goal(app, pilot, ids["pycon"])  # the page has read the goal
        con = sqlite3.connect(journal_path)  # another program writes it meanwhile
        con.execute("UPDATE goal SET text = 'their words' WHERE event_id = ?", (ids["pycon"],))
        con.commit()
        con.close()
        app.screen.query_one("#goal-text", Field).value = "my words"
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = " ".join(toasts(app))
        assert "Goal was changed in another window or by an import" in said
        assert "what you typed is saved and the other text is in History" in said
    assert goal_text(journal_path, ids["pycon"]) == "my words"
    assert kept(journal_path, ids["pycon"])[0] == "their words"


async def test_a_deleted_event_waits_in_the_trash_across_a_restart_and_comes_back(journal_path):
    ids = seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "d", "y")  # PyCon, the second newest
        await settle(pilot)
    assert read(journal_path, lambda q, s: q.get_event(session=s, event_id=ids["pycon"])) is None

    app = build_app(journal_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        assert rows(app) == ["PyCon Lisbon"]
        await pilot.press("r")
        await settle(pilot)
        assert "PyCon Lisbon is back." in toasts(app)
        assert rows(app) == []
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert app.screen.query_one(DataTable).row_count == 3
    assert read(journal_path, lambda q, s: q.get_goal(session=s, event_id=ids["pycon"]).text) == SEEDED_GOAL


async def test_a_person_deleted_from_people_and_from_their_page_asks_first_and_empties_their_slots(journal_path):
    ids = seed(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        first = str(app.screen.query_one(DataTable).get_row_at(0)[1])
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert str(app.screen.query_one(DataTable).get_row_at(0)[1]) == first  # asked, and kept
        await pilot.press("d", "y")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert first not in [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        await app.push_screen(PersonScreen(ids["ada"]))
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
    names = read(journal_path, lambda q, s: [p.name for _, p in q.meetings_for_event(session=s, event_id=ids["pycon"])])
    assert names == []  # both slots empty; the event stays
    assert read(journal_path, lambda q, s: q.get_event(session=s, event_id=ids["pycon"])) is not None


async def test_deleting_for_good_asks_first(journal_path):
    ids = seed(journal_path)
    read(journal_path, lambda q, s: q.delete_person(session=s, person_id=ids["ada"]))
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert rows(app) == ["Ada Lovelace"]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert rows(app) == ["Ada Lovelace"]
        await pilot.press("D", "y")
        await settle(pilot)
        assert rows(app) == []
    assert read(journal_path, lambda _q, s: s.get(Person, ids["ada"])) is None  # gone for good
