"""Keep in touch: set on a person's page, they come onto Follow-ups; let go turns it off and undo turns it back on."""

from netjournal.screens.followups import FollowupsScreen
from netjournal.screens.person import PersonScreen
from tests.ui.conftest import past_debounce, settle, toasts
from tests.ui.journal import read
from tests.ui.people_journal import seed_people
from tests.ui.test_people_screen import open_person


def cadence(path, person_id):
    return read(path, lambda q, s: q.get_person(session=s, person_id=person_id).keep_in_touch)


def rows(app):
    table = app.screen.query_one("#followups")
    return [(str(table.get_row_at(i)[1]), str(table.get_row_at(i)[2])) for i in range(table.row_count)]


async def test_a_cadence_set_on_a_person_s_page_brings_them_to_follow_ups_and_let_go_is_undone(app, journal_path):
    ids = seed_people(journal_path)  # Ken: met at the Data dinner on 20 Feb, not on the list; today is 9 Apr
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_person(pilot, "Ken")
        await pilot.press(*["tab"] * 5, *"every month")  # name, great at, contact, notes, keep in touch
        await past_debounce(pilot)
        assert cadence(journal_path, ids["ken"]) == "1 month"
        assert not app.screen.query_one("#touch-hint").display
        await pilot.press("escape", "f")
        await settle(pilot)
        assert isinstance(app.screen, FollowupsScreen)
        ken = [row for row in rows(app) if row[0] == "Ken"]
        assert ken == [("Ken", "1 month since Data dinner · in touch every 1 month")]

        while app.screen.query_one("#followups").cursor_row < [r[0] for r in rows(app)].index("Ken"):
            await pilot.press("j")
        await pilot.press("l")
        await settle(pilot)
        assert cadence(journal_path, ids["ken"]) == ""
        assert "Ken" not in [r[0] for r in rows(app)]
        assert any("Keep in touch is off for Ken" in t for t in toasts(app))
        await pilot.press("u")
        await settle(pilot)
        assert cadence(journal_path, ids["ken"]) == "1 month"
        assert "Ken" in [r[0] for r in rows(app)]


async def test_a_cadence_that_isn_t_one_keeps_the_saved_one_and_says_so(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_person(pilot, "Ken")
        await pilot.press(*["tab"] * 5, *"6 weeks")
        await past_debounce(pilot)
        assert cadence(journal_path, ids["ken"]) == "6 weeks"
        await pilot.press("ctrl+a", "ctrl+k", *"now and then")
        await past_debounce(pilot)
        assert isinstance(app.screen, PersonScreen)
        hint = app.screen.query_one("#touch-hint")
        assert hint.display and "now and then" in str(hint.render())
        assert cadence(journal_path, ids["ken"]) == "6 weeks"
