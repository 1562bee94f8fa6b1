"""Meet list: suggestions link the same person, a third person means a swap, follow-ups plan themselves."""

from datetime import date

from netjournal.domain.followups import suggest_due
from netjournal.screens.meet import MeetScreen
from netjournal.screens.swap import SwapScreen
from tests.ui.conftest import past_debounce, settle
from tests.ui.journal import TODAY, read, seed


async def open_meet(app, pilot, event_id):
    await settle(pilot)
    await app.open_event(event_id, "meet")
    await settle(pilot)
    assert isinstance(app.screen, MeetScreen)
    assert app.focused is None  # opened for browsing
    await pilot.press("enter")  # editing starts at the first name
    assert app.focused.id == "s1-name"


def meet_list(path, event_id):
    return read(
        path,
        lambda q, s: [
            (m.slot, p.id, p.name, p.great_at, m.still_thinking, m.follow_up, m.follow_up_due)
            for m, p in q.meetings_for_event(session=s, event_id=event_id)
        ],
    )


async def test_picking_a_suggested_name_links_the_same_person(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["talk"])
        await pilot.press(*"ada", "right")  # right arrow accepts the suggestion
        assert app.focused.value == "Ada Lovelace"
        await pilot.press("tab")
        await past_debounce(pilot)
        assert app.screen.query_one("#s1-great_at").value == "compilers"
    assert meet_list(journal_path, ids["talk"]) == [
        (1, ids["ada"], "Ada Lovelace", "compilers", "a_little", "undecided", None)
    ]


async def test_cant_stop_thinking_plans_a_follow_up(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"Margaret", "tab", "tab", "tab", "tab", "tab", "right")
        await past_debounce(pilot)
        assert app.screen.query_one("#s1-follow_up").value == "planned"
    due = suggest_due(date(2019, 3, 1), TODAY)
    assert due == date(2019, 4, 10)  # the event was weeks ago: tomorrow, never a day gone by
    [(_, _, name, _, thinking, follow_up, saved_due)] = meet_list(journal_path, ids["dinner"])
    assert (name, thinking, follow_up, saved_due) == ("Margaret", "cant_stop", "planned", due)


async def test_a_chosen_follow_up_is_kept(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        # follow-up first: let go; then still thinking: can't stop
        await pilot.press(*"Linus", "tab", "tab", "tab", "tab", "tab", "tab", "left", "shift+tab", "right")
        await past_debounce(pilot)
    [(_, _, _, _, thinking, follow_up, due)] = meet_list(journal_path, ids["dinner"])
    assert (thinking, follow_up, due) == ("cant_stop", "let_go", None)


async def test_third_person_offers_a_swap_and_the_person_stays(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["pycon"])
        await pilot.press("escape", "a")
        await settle(pilot)
        assert isinstance(app.screen, SwapScreen)
        await pilot.press("escape")  # keep both
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)
        assert len(meet_list(journal_path, ids["pycon"])) == 2

        await pilot.press("a")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)
        assert app.focused.id == "s1-name" and app.focused.value == ""
        await pilot.press(*"Katherine", "tab")  # leaving the name field keeps the name
        await past_debounce(pilot)

    rows = meet_list(journal_path, ids["pycon"])
    assert [(slot, name) for slot, _, name, *_ in rows] == [(1, "Katherine"), (2, "[bold]Grace[/]")]
    ada = read(journal_path, lambda q, s: q.get_person(session=s, person_id=ids["ada"]))
    assert ada is not None and ada.name == "Ada Lovelace"


async def test_a_free_slot_is_offered_before_any_swap(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["talk"])
        await pilot.press(*"Alan", "escape", "a")
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)
        assert app.focused.id == "s2-name"


async def test_unreadable_follow_up_date_is_shown_and_the_saved_one_kept(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["pycon"])
        app.screen.query_one("#s1-due").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"someday")
        await past_debounce(pilot)
        hint = str(app.screen.query_one("#s1-due-hint").render())
        assert 'Can\'t read "someday"' in hint
    assert meet_list(journal_path, ids["pycon"])[0][6] == date(2019, 4, 10)
