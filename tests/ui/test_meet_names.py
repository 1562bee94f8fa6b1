"""Names on the meet list: a person is linked on purpose. Picking a match links them; leaving the
name field with a name links whoever has it, or makes someone new then, and only then. While a
name is typed (pauses and all) nothing is linked, made or renamed."""

import sqlite3

from netjournal.screens.meet import WAITING_LINE
from netjournal.widgets.save_indicator import SaveIndicator
from tests.ui.conftest import past_debounce, settle, toasts
from tests.ui.journal import read, seed
from tests.ui.screen_text import screen_lines
from tests.ui.test_meet_list import meet_list, open_meet


def every_person(path):
    """Every person row in the file, deleted or not: (name, great_at), sorted."""
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT name, great_at FROM person").fetchall())
    finally:
        con.close()


def corner(app) -> str:
    return app.screen.query_one(SaveIndicator).state


def field(app, field_id):
    return app.screen.query_one(f"#{field_id}").value


async def test_a_name_typed_with_pauses_makes_no_one_until_the_field_is_left(app, journal_path):
    ids = seed(journal_path)
    people = every_person(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"Mar")
        await past_debounce(pilot)
        assert meet_list(journal_path, ids["dinner"]) == []
        assert corner(app) == "waiting"  # the corner says "not saved yet", never "saved"
        await pilot.press(*"garet")
        await past_debounce(pilot)
        assert (meet_list(journal_path, ids["dinner"]), every_person(journal_path)) == ([], people)
        await pilot.press("tab")
        await past_debounce(pilot)
        assert corner(app) == "saved"
    [(slot, _, name, *_)] = meet_list(journal_path, ids["dinner"])
    assert (slot, name) == (1, "Margaret")
    assert every_person(journal_path) == sorted([*people, ("Margaret", "")])


async def test_taking_the_suggestion_links_the_person_and_makes_no_one(app, journal_path):
    """The README's flow: type "Ad", pause, take the suggestion with →."""
    ids = seed(journal_path)
    people = every_person(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"Ad")
        await past_debounce(pilot)
        await pilot.press("right")
        await past_debounce(pilot)
        assert app.focused.id == "s1-name" and app.focused.value == "Ada Lovelace"
        assert field(app, "s1-great_at") == "compilers"
        assert corner(app) == "saved"
    assert meet_list(journal_path, ids["dinner"])[0][1:4] == (ids["ada"], "Ada Lovelace", "compilers")
    assert every_person(journal_path) == people


async def test_a_stray_letter_in_a_name_renames_no_one_and_makes_no_one(app, journal_path):
    ids = seed(journal_path)
    people = every_person(journal_path)
    before = meet_list(journal_path, ids["pycon"])
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["pycon"])
        await pilot.press("end", "r")
        await past_debounce(pilot)
        assert field(app, "s1-name") == "Ada Lovelacer"
        assert (meet_list(journal_path, ids["pycon"]), every_person(journal_path)) == (before, people)
        assert corner(app) == "waiting"
        await pilot.press("backspace")
        await past_debounce(pilot)
        await pilot.press("tab")
        await past_debounce(pilot)
        assert corner(app) == "saved"
    assert (meet_list(journal_path, ids["pycon"]), every_person(journal_path)) == (before, people)


async def test_leaving_with_another_name_links_them_and_one_made_by_mistake_goes(app, journal_path):
    ids = seed(journal_path)
    people = every_person(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["pycon"])
        await pilot.press("end", "r", "tab")
        await past_debounce(pilot)
        [(_, person_id, name, great_at, *_), _] = meet_list(journal_path, ids["pycon"])
        # Someone new, in the slot with what was noted there; Ada stays as she was.
        assert (person_id != ids["ada"], name, great_at) == (True, "Ada Lovelacer", "")
        assert field(app, "s1-great_at") == ""
        assert every_person(journal_path) == sorted([*people, ("Ada Lovelacer", "")])
        await pilot.press("shift+tab", "backspace", "tab")
        await past_debounce(pilot)
        assert field(app, "s1-great_at") == "compilers"
    [first, _] = meet_list(journal_path, ids["pycon"])
    assert first[1:4] == (ids["ada"], "Ada Lovelace", "compilers")
    assert read(
        journal_path, lambda q, s: q.meetings_for_event(session=s, event_id=ids["pycon"])[0][0].talked_about
    ) == ("parsers")
    # "Ada Lovelacer" was made by this slot a moment ago and holds nothing: no trace of her is left.
    assert every_person(journal_path) == people


async def test_a_person_holding_anything_stays_when_let_go(app, journal_path):
    ids = seed(journal_path)
    read(journal_path, lambda q, s: q.create_person(session=s, name="Bea"))  # in the journal, holding nothing
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"Bea", "tab")
        await past_debounce(pilot)
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k", *"Zed", "tab", *"design")
        await past_debounce(pilot)
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k", *"Zoe", "tab")
        await past_debounce(pilot)
    assert meet_list(journal_path, ids["dinner"])[0][2] == "Zoe"
    # Bea wasn't made here, and Zed holds what he's great at: both stay, as they were.
    assert {("Bea", ""), ("Zed", "design"), ("Zoe", "")} <= set(every_person(journal_path))


async def test_leaving_with_someone_s_name_in_another_case_links_them(app, journal_path):
    ids = seed(journal_path)
    people = every_person(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"ada lovelace", "tab")
        await past_debounce(pilot)
        assert field(app, "s1-name") == "Ada Lovelace"
        assert field(app, "s1-great_at") == "compilers"
    assert meet_list(journal_path, ids["dinner"])[0][1] == ids["ada"]
    assert every_person(journal_path) == people


async def test_two_people_of_one_name_are_told_apart_and_picked_from_the_list(app, journal_path):
    ids = seed(journal_path)

    def two_sofias(q, s):
        return [q.create_person(session=s, name="Sofia", great_at=g).id for g in ("research", "ceramics")]

    _, second = read(journal_path, two_sofias)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"Sof")
        await settle(pilot)
        shown = "\n".join(screen_lines(app))
        assert "Sofia  research" in shown and "Sofia  ceramics" in shown
        await pilot.press("down", "down", "enter")
        await past_debounce(pilot)
        assert field(app, "s1-great_at") == "ceramics"
        assert "Sofia  research" not in "\n".join(screen_lines(app))  # the list is gone once one is picked
    assert meet_list(journal_path, ids["dinner"])[0][1:4] == (second, "Sofia", "ceramics")


async def test_notes_in_a_slot_with_no_name_wait_for_one_and_are_then_kept(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["talk"])
        await pilot.press("tab", "tab", *"borrow checker")
        await past_debounce(pilot)
        assert corner(app) == "waiting"
        assert str(app.screen.query_one("#meet-line").render()) == WAITING_LINE
        assert app.screen.query_one("#slot-1").border_subtitle == "needs a name"
        assert meet_list(journal_path, ids["talk"]) == []
        await pilot.press("shift+tab", "shift+tab", *"Linus", "tab")
        await past_debounce(pilot)
        assert corner(app) == "saved"
        assert str(app.screen.query_one("#meet-line").render()) != WAITING_LINE
    meetings = read(journal_path, lambda q, s: q.meetings_for_event(session=s, event_id=ids["talk"]))
    assert [(m.slot, p.name, m.talked_about) for m, p in meetings] == [(1, "Linus", "borrow checker")]


async def test_quitting_keeps_a_name_still_in_its_field(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"Grace Hopper", "ctrl+q")
        await settle(pilot)
    assert meet_list(journal_path, ids["dinner"])[0][2] == "Grace Hopper"


async def test_the_other_slot_s_person_is_not_put_in_this_one(app, journal_path):
    ids = seed(journal_path)
    before = meet_list(journal_path, ids["pycon"])
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_meet(app, pilot, ids["pycon"])
        app.screen.query_one("#s2-name").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"ada lovelace", "tab")
        await past_debounce(pilot)
        assert any("Ada Lovelace is already on this meet list." in toast for toast in toasts(app))
        assert field(app, "s2-name") == "[bold]Grace[/]"
        assert corner(app) == "saved"
    assert meet_list(journal_path, ids["pycon"]) == before


async def test_quitting_with_notes_waiting_for_a_name_asks_and_keeps_them(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["talk"])
        await pilot.press("tab", "tab", *"borrow checker")
        await past_debounce(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        asked = "\n".join(screen_lines(app))
        assert "has notes but no name yet" in asked
        await pilot.press("k")  # keep editing: the notes are still there, and a name keeps them
        await settle(pilot)
        assert field(app, "s1-talked_about") == "borrow checker"
        await pilot.press("shift+tab", "shift+tab", *"Linus", "tab")
        await past_debounce(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    meetings = read(journal_path, lambda q, s: q.meetings_for_event(session=s, event_id=ids["talk"]))
    assert [(m.slot, p.name, m.talked_about) for m, p in meetings] == [(1, "Linus", "borrow checker")]


async def test_someone_a_slot_made_in_an_earlier_visit_is_not_left_in_people_with_nothing(app, journal_path):
    """A name typed wrong one evening ("Margret"), corrected another: Margret goes to the Trash, not People."""
    ids = seed(journal_path)
    people = every_person(journal_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"Margret", "tab")
        await past_debounce(pilot)
        await app.show_page(ids["dinner"], "goal")  # another page, then the meet list again: a new visit
        await settle(pilot)
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press("ctrl+a", "ctrl+k", *"Margaret", "tab")
        await past_debounce(pilot)
        assert any("Margret had nothing else in the journal" in toast for toast in toasts(app))
    assert meet_list(journal_path, ids["dinner"])[0][2] == "Margaret"
    live = read(journal_path, lambda q, s: [p.name for p in q.find_people(session=s, prefix="Marg")])
    assert live == ["Margaret"]  # Margret is in the Trash, where she can be brought back from
    assert every_person(journal_path) == sorted([*people, ("Margaret", ""), ("Margret", "")])
