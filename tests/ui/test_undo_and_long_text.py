"""ctrl+z / ctrl+y in every text field, and long answers written over several lines."""

from netjournal.widgets.fields import LongField
from netjournal.widgets.save_indicator import SaveIndicator
from tests.ui.conftest import past_debounce, settle
from tests.ui.journal import read, seed
from tests.ui.screen_text import screen_lines

GOAL = "ask two people how they got into data work"


def goal_of(path, event_id):
    return read(path, lambda q, s: q.get_goal(session=s, event_id=event_id).text)


def reflection_of(path, event_id):
    return read(path, lambda q, s: q.get_reflection(session=s, event_id=event_id))


async def open_editing(app, pilot, event_id, page="goal"):
    await settle(pilot)
    await app.open_event(event_id, page)
    await settle(pilot)
    await pilot.press("enter")


async def test_undo_and_redo_in_a_one_line_field_after_it_was_saved(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editing(app, pilot, ids["pycon"])
        field = app.focused
        await pilot.press("ctrl+z")  # nothing typed yet: the saved goal stays as it is
        assert field.value == GOAL
        await pilot.press("end", *", then lunch")
        await past_debounce(pilot)
        assert goal_of(journal_path, ids["pycon"]) == f"{GOAL}, then lunch"

        await pilot.press("ctrl+z")
        assert field.value == GOAL
        await past_debounce(pilot)
        assert goal_of(journal_path, ids["pycon"]) == GOAL  # the undone text is saved too
        assert app.screen.query_one(SaveIndicator).state == "saved"

        await pilot.press("ctrl+y")
        assert field.value == f"{GOAL}, then lunch"
        await past_debounce(pilot)
        assert goal_of(journal_path, ids["pycon"]) == f"{GOAL}, then lunch"


async def test_undo_goes_back_one_run_of_typing_at_a_time(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editing(app, pilot, ids["dinner"])
        field = app.focused
        await pilot.press(*"thank the host")
        await pilot.pause(1.2)  # a pause ends a run
        await pilot.press(*" twice", "backspace", "backspace", "backspace", "backspace", "backspace")
        assert field.value == "thank the host "
        await pilot.press("ctrl+z")  # the deleting
        assert field.value == "thank the host twice"
        await pilot.press("ctrl+z")  # " twice"
        assert field.value == "thank the host"
        await pilot.press("ctrl+z")  # "thank the host"
        assert field.value == ""
        await pilot.press("ctrl+z")
        assert field.value == ""
        await pilot.press("ctrl+y", "ctrl+y")
        assert field.value == "thank the host twice"
        await pilot.press(*"!", "ctrl+y")  # typing after an undo starts a new line of history
        assert field.value == "thank the host twice!"
        await past_debounce(pilot)
    assert goal_of(journal_path, ids["dinner"]) == "thank the host twice!"


async def test_undo_and_redo_in_a_field_of_several_lines(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editing(app, pilot, ids["pycon"], "reflection")
        await pilot.press("tab", "tab")
        field = app.focused
        assert isinstance(field, LongField) and field.id == "hard"
        await pilot.press("ctrl+z")  # the saved answer is not undone
        assert field.value == "the first hello"
        await pilot.press("ctrl+e", *", and the name tags")
        await past_debounce(pilot)
        assert reflection_of(journal_path, ids["pycon"]).hard == "the first hello, and the name tags"
        await pilot.press("ctrl+z")
        assert field.value == "the first hello"
        await past_debounce(pilot)
        assert reflection_of(journal_path, ids["pycon"]).hard == "the first hello"
        await pilot.press("ctrl+y")
        await past_debounce(pilot)
        assert reflection_of(journal_path, ids["pycon"]).hard == "the first hello, and the name tags"


async def test_long_answers_take_several_lines_and_tab_still_moves_on(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editing(app, pilot, ids["dinner"], "meet")
        await pilot.press(*"Margaret", "tab", "tab")
        talked = app.focused
        assert talked.id == "s1-talked_about"
        await pilot.press(*"rockets", "enter", *"and how to test them", "tab")
        assert app.focused.id == "s1-not_work"  # Tab leaves the field, it types no tab
        assert talked.value == "rockets\nand how to test them"
        assert talked.size.height == 2  # it grew with its text
        lines = screen_lines(app)
        assert any("rockets" in line for line in lines) and any("and how to test them" in line for line in lines)
        await past_debounce(pilot)
    meetings = read(journal_path, lambda q, s: q.meetings_for_event(session=s, event_id=ids["dinner"]))
    assert [(p.name, m.talked_about) for m, p in meetings] == [("Margaret", "rockets\nand how to test them")]


async def test_a_long_answer_wraps_at_the_field_width_and_grows_to_a_limit(app, journal_path):
    ids = seed(journal_path)
    words = " ".join(["a long evening of good talk"] * 40)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editing(app, pilot, ids["pycon"])
        learned = app.screen.query_one("#learned", LongField)
        learned.focus()
        learned.value = words
        await past_debounce(pilot)
        assert 1 < learned.size.height <= 8  # wraps, and scrolls past its max height
        assert learned.size.width <= 80
    assert read(journal_path, lambda q, s: q.get_goal(session=s, event_id=ids["pycon"]).learned) == words
