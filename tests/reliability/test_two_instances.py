"""7. Two app instances on one journal, both saving: no write is lost.

Each app only writes what was typed into it; a field the other app changed
is never put back to what this app last read."""

from __future__ import annotations

from datetime import date

from netjournal.screens.goal import GoalScreen
from netjournal.screens.meet import MeetScreen
from netjournal.screens.reflection import ReflectionScreen
from tests.ui.conftest import past_debounce, settle
from tests.ui.journal import build_app, read


def make_journal(path) -> dict[str, str]:
    def job(q, s):
        first = q.create_event(
            session=s,
            name="PyCon Lisbon",
            date=date(2019, 4, 8),
            kind="conference",
            goal_text="ask two people how they test",
        )
        second = q.create_event(session=s, name="Rust meetup", date=date(2019, 4, 2), kind="meetup")
        q.save_meet_slot(
            session=s,
            event_id=first.id,
            slot=1,
            name="Ana Lima",
            great_at="SQLite internals",
            talked_about="WAL mode",
            not_work="",
            status="met",
            still_thinking="a_little",
            follow_up="undecided",
            follow_up_due=None,
        )
        return {"first": first.id, "second": second.id}

    return read(path, job)


# Both apps share the test's asyncio context, so each is driven only through its own
# pilot (keys and clicks run in that app's own tasks), never by calling into it directly.


async def open_page(pilot, row: int, page: str, screen_type) -> None:
    """Open the Events row `row` (0 is the newest event), then the page with its key."""
    await settle(pilot)
    await pilot.press(*["j"] * row, "enter")
    await settle(pilot)
    if page != "goal":
        await pilot.press(page[0])  # pages open for browsing: the page key works at once
        await settle(pilot)
    assert isinstance(pilot.app.screen, screen_type)
    assert pilot.app.screen._saved is not None  # the page has read what the journal holds


async def clear_and_type(pilot, field_id: str, text: str) -> None:
    await pilot.click(f"#{field_id}")
    await pilot.press("ctrl+a", "ctrl+k", *text)


def goal(path, event_id):
    return read(path, lambda q, s: q.get_goal(session=s, event_id=event_id))


def reflection(path, event_id):
    return read(path, lambda q, s: q.get_reflection(session=s, event_id=event_id))


def slot_one(path, event_id):
    def job(q, s):
        meeting, person = q.meetings_for_event(session=s, event_id=event_id)[0]
        return {
            "name": person.name,
            "great_at": person.great_at,
            "talked_about": meeting.talked_about,
            "not_work": meeting.not_work,
        }

    return read(path, job)


async def test_two_apps_on_different_events_both_keep_their_writes(journal_path):
    ids = make_journal(journal_path)
    one, two = build_app(journal_path), build_app(journal_path)
    async with one.run_test(size=(120, 36)) as p1, two.run_test(size=(120, 36)) as p2:
        await open_page(p1, 0, "goal", GoalScreen)
        await open_page(p2, 1, "goal", GoalScreen)
        await clear_and_type(p1, "goal-text", "who hires Rust")
        await clear_and_type(p2, "goal-text", "greet a speaker")
        await past_debounce(p1)
        await past_debounce(p2)
    assert goal(journal_path, ids["first"]).text == "who hires Rust"
    assert goal(journal_path, ids["second"]).text == "greet a speaker"


async def test_two_apps_on_pages_of_one_event_both_keep_their_writes(journal_path):
    ids = make_journal(journal_path)
    one, two = build_app(journal_path), build_app(journal_path)
    async with one.run_test(size=(120, 36)) as p1, two.run_test(size=(120, 36)) as p2:
        await open_page(p1, 0, "goal", GoalScreen)
        await open_page(p2, 0, "reflection", ReflectionScreen)
        await clear_and_type(p1, "learned", "shy is normal")
        await clear_and_type(p2, "proud", "asked a question")
        await past_debounce(p1)
        await past_debounce(p2)
    assert goal(journal_path, ids["first"]).learned == "shy is normal"
    assert goal(journal_path, ids["first"]).text == "ask two people how they test"
    assert reflection(journal_path, ids["first"]).proud == "asked a question"


async def test_two_apps_on_one_goal_page_in_quick_alternation_lose_nothing(journal_path):
    ids = make_journal(journal_path)
    one, two = build_app(journal_path), build_app(journal_path)
    async with one.run_test(size=(120, 36)) as p1, two.run_test(size=(120, 36)) as p2:
        await open_page(p1, 0, "goal", GoalScreen)
        await open_page(p2, 0, "goal", GoalScreen)
        # Each app read the goal once; from here on each only types into its own field.
        for round_ in range(3):
            await clear_and_type(p1, "goal-text", f"ask {round_ + 2}")
            await p1.press("ctrl+s")
            await clear_and_type(p2, "learned", f"tip {round_}")
            await p2.press("ctrl+s")
            await settle(p1)
            await settle(p2)
        await clear_and_type(p1, "goal-text", "ask 5")
        await clear_and_type(p2, "learned", "shy is normal")
        await past_debounce(p1)
        await past_debounce(p2)
    saved = goal(journal_path, ids["first"])
    assert saved.text == "ask 5"
    assert saved.learned == "shy is normal"
    assert saved.outcome == "open"


async def test_two_apps_on_one_meet_list_slot_lose_nothing(journal_path):
    ids = make_journal(journal_path)
    one, two = build_app(journal_path), build_app(journal_path)
    async with one.run_test(size=(120, 36)) as p1, two.run_test(size=(120, 36)) as p2:
        await open_page(p1, 0, "meet", MeetScreen)
        await open_page(p2, 0, "meet", MeetScreen)
        await clear_and_type(p1, "s1-name", "Ana Souza")
        await past_debounce(p1)
        await clear_and_type(p2, "s1-talked_about", "WAL")
        await past_debounce(p2)
        await clear_and_type(p1, "s1-great_at", "fuzzing")
        await clear_and_type(p2, "s1-not_work", "soup")
        await past_debounce(p1)
        await past_debounce(p2)
    assert slot_one(journal_path, ids["first"]) == {
        "name": "Ana Souza",
        "great_at": "fuzzing",
        "talked_about": "WAL",
        "not_work": "soup",
    }


async def test_two_apps_renaming_one_person_the_second_is_told_and_the_first_name_kept(journal_path):
    from netjournal.screens.people import PeopleScreen
    from netjournal.screens.person import PersonScreen
    from tests.ui.conftest import toasts

    make_journal(journal_path)
    one, two = build_app(journal_path), build_app(journal_path)
    async with (
        one.run_test(size=(120, 36), notifications=True) as p1,
        two.run_test(size=(120, 36), notifications=True) as p2,
    ):
        for pilot in (p1, p2):
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(pilot.app.screen, PeopleScreen)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, PersonScreen)
            assert pilot.app.screen._saved is not None
        await clear_and_type(p1, "name", "Ana Souza")
        await past_debounce(p1)
        await clear_and_type(p2, "name", "Ana Lima Souza")
        await past_debounce(p2)
        assert not any("changed in another window" in t for t in toasts(one))
        said = " ".join(toasts(two))
        assert "Name was changed in another window or by an import" in said
        assert "the other text is in History" in said

    def names(q, s):
        from netjournal.store import history

        person = q.find_person_by_name(session=s, name="Ana Lima Souza")
        return [e.value for e in history.person_history(session=s, person_id=person.id)]

    assert read(journal_path, names) == ["Ana Souza", "Ana Lima"]  # neither earlier name is lost
