"""Fields save themselves; a save problem keeps the text; quitting never loses typing."""

from netjournal.screens.goal import GoalScreen
from netjournal.screens.meet import MeetScreen
from netjournal.store import queries as store_queries
from netjournal.widgets.save_indicator import SaveIndicator
from tests.ui.conftest import past_debounce, settle, toasts
from tests.ui.journal import read, seed


def goal_text(path, event_id):
    return read(path, lambda q, s: q.get_goal(session=s, event_id=event_id) or None)


async def open_goal(app, pilot, event_id):
    await settle(pilot)
    await app.open_event(event_id)
    await settle(pilot)
    assert isinstance(app.screen, GoalScreen)
    assert app.focused is None  # opened for browsing
    await pilot.press("enter")  # editing starts at the goal
    assert app.focused.id == "goal-text"


async def test_autosave_without_ctrl_s(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_goal(app, pilot, ids["talk"])
        await pilot.press("ctrl+a", "ctrl+k", *"say hello to the second speaker")
        await past_debounce(pilot)
        assert goal_text(journal_path, ids["talk"]).text == "say hello to the second speaker"
        assert app.screen.query_one(SaveIndicator).state == "saved"
        assert isinstance(app.screen, GoalScreen)


async def test_quit_right_after_typing_keeps_the_text(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_goal(app, pilot, ids["talk"])
        await pilot.press("ctrl+a", "ctrl+k", *"find a Rust mentor", "ctrl+q")
        await settle(pilot)
    assert goal_text(journal_path, ids["talk"]).text == "find a Rust mentor"


async def test_moving_between_pages_keeps_the_text(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_goal(app, pilot, ids["dinner"])
        await pilot.press(*"learn one new name", "escape", "m")
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)
        await pilot.press("enter", *"Linus", "escape", "e")
        await settle(pilot)
    assert goal_text(journal_path, ids["dinner"]).text == "learn one new name"
    names = read(
        journal_path, lambda q, s: [p.name for _, p in q.meetings_for_event(session=s, event_id=ids["dinner"])]
    )
    assert names == ["Linus"]


async def test_save_problem_keeps_text_and_next_save_works(app, journal_path, monkeypatch):
    ids = seed(journal_path)
    real_save_goal = store_queries.save_goal

    def broken(**_kwargs):
        raise OSError("disk is full")

    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_goal(app, pilot, ids["dinner"])
        monkeypatch.setattr(store_queries, "save_goal", broken)
        await pilot.press(*"thank the host")
        await past_debounce(pilot)
        field = app.screen.query_one("#goal-text")
        assert field.value == "thank the host"
        assert app.screen.query_one(SaveIndicator).state == "unsaved"
        errors = toasts(app, "error")
        assert errors and "wasn't saved" in errors[-1]
        assert goal_text(journal_path, ids["dinner"]) is None

        monkeypatch.setattr(store_queries, "save_goal", real_save_goal)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one(SaveIndicator).state == "saved"
    assert goal_text(journal_path, ids["dinner"]).text == "thank the host"


async def test_quit_from_the_palette_keeps_the_text_typed_underneath(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_goal(app, pilot, ids["dinner"])
        await pilot.press(*"say thanks", "ctrl+p")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert goal_text(journal_path, ids["dinner"]).text == "say thanks"
