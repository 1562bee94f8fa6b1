"""Follow-ups: done, let go, snooze and undo change the journal as described; an empty list is good news."""

from datetime import date

from textual.widgets import DataTable

from netjournal.screens.followups import EMPTY, LET_GO, SHORT_ON_PURPOSE, FollowupsScreen, SnoozeScreen
from netjournal.screens.person import PersonScreen
from tests.ui.conftest import settle, toasts
from tests.ui.journal import TODAY, read
from tests.ui.people_journal import seed_people


def meeting(path, meeting_id):
    from netjournal.store.models import Meeting

    def job(_q, s):
        m = s.get(Meeting, meeting_id)
        return m.follow_up, m.follow_up_due, m.followed_up_on

    return read(path, job)


def listed(path):
    from netjournal.store import followups

    return read(path, lambda _q, s: [f.name for f in followups.followups(session=s, today=TODAY)])


def names_on_screen(app):
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def notes(app):
    return toasts(app)


async def open_followups(pilot):
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FollowupsScreen)


async def test_the_list_shows_the_ranking_and_says_it_is_short_on_purpose(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        assert names_on_screen(app) == ["Ada Lovelace", "Grace Hopper", "[bold]Linus[/]"]
        assert str(app.screen.query_one("#followups-head").render()) == SHORT_ON_PURPOSE
        assert not app.screen.query_one("#followups-empty").display


async def test_done_records_today_and_undo_puts_it_back(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        await pilot.press("d")  # d deletes elsewhere; here, where Done was d, it does nothing at all
        await settle(pilot)
        assert meeting(journal_path, ids["ada_pycon"]) == ("planned", date(2019, 4, 10), None)
        assert names_on_screen(app) == ["Ada Lovelace", "Grace Hopper", "[bold]Linus[/]"]
        await pilot.press("x")
        await settle(pilot)
        assert meeting(journal_path, ids["ada_pycon"]) == ("done", date(2019, 4, 10), TODAY)
        assert names_on_screen(app) == ["Grace Hopper", "[bold]Linus[/]"]
        await pilot.press("u")
        await settle(pilot)
        assert meeting(journal_path, ids["ada_pycon"]) == ("planned", date(2019, 4, 10), None)
        assert names_on_screen(app) == ["Ada Lovelace", "Grace Hopper", "[bold]Linus[/]"]


async def test_let_go_says_one_kind_line_and_undo_brings_them_back(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_followups(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        assert meeting(journal_path, ids["grace_pycon"]) == ("let_go", None, None)
        assert LET_GO in notes(app)
        assert listed(journal_path) == ["Ada Lovelace", "[bold]Linus[/]"]
        await pilot.press("u")
        await settle(pilot)
        assert meeting(journal_path, ids["grace_pycon"]) == ("planned", None, None)
        assert listed(journal_path) == ["Ada Lovelace", "Grace Hopper", "[bold]Linus[/]"]


async def test_snooze_with_enter_alone_is_a_week(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowupsScreen)
        assert meeting(journal_path, ids["ada_pycon"]) == ("planned", date(2019, 4, 16), None)
        assert names_on_screen(app) == ["Grace Hopper", "[bold]Linus[/]", "Ada Lovelace"]
        await pilot.press("u")
        await settle(pilot)
        assert meeting(journal_path, ids["ada_pycon"]) == ("planned", date(2019, 4, 10), None)


async def test_snooze_reads_a_typed_date(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        await pilot.press("j", "j", "s", *"in 2 weeks")
        await settle(pilot)
        assert "Tue 23 Apr 2019 (in 2 weeks)" in str(app.screen.query_one("#snooze-hint").render())
        await pilot.press("enter")
        await settle(pilot)
        assert meeting(journal_path, ids["linus_rust"]) == ("planned", date(2019, 4, 23), None)


async def test_a_snooze_to_a_day_gone_by_is_told_kindly_and_the_modal_stays(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        await pilot.press("s", *"yesterday")
        await settle(pilot)
        assert "pick tomorrow or a later day" in str(app.screen.query_one("#snooze-hint").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)  # still open, the kind line still shown
        assert "pick tomorrow or a later day" in str(app.screen.query_one("#snooze-hint").render())
        await pilot.press("ctrl+a", "ctrl+k", *"today", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        assert meeting(journal_path, ids["ada_pycon"]) == ("planned", date(2019, 4, 10), None)
        await pilot.press("ctrl+a", "ctrl+k", *"in 3 days", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowupsScreen)
    assert meeting(journal_path, ids["ada_pycon"]) == ("planned", date(2019, 4, 12), None)


async def test_an_unreadable_date_is_told_at_the_field_and_nothing_changes(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        await pilot.press("s", *"blursday", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        assert 'Can\'t read "blursday" as a date' in str(app.screen.query_one("#snooze-hint").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FollowupsScreen)
    assert meeting(journal_path, ids["ada_pycon"]) == ("planned", date(2019, 4, 10), None)


async def test_undo_goes_back_one_change_at_a_time(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_followups(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("l")  # Grace is first now
        await settle(pilot)
        assert listed(journal_path) == ["[bold]Linus[/]"]
        await pilot.press("u")
        await settle(pilot)
        assert meeting(journal_path, ids["grace_pycon"]) == ("planned", None, None)
        assert meeting(journal_path, ids["ada_pycon"])[0] == "done"
        await pilot.press("u")
        await settle(pilot)
        assert listed(journal_path) == ["Ada Lovelace", "Grace Hopper", "[bold]Linus[/]"]
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo." in notes(app)


async def test_an_empty_list_is_good_news(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        empty = app.screen.query_one("#followups-empty")
        assert empty.display and str(empty.render()) == EMPTY
        assert "short on purpose" in EMPTY
        assert not app.screen.query_one(DataTable).display
        await pilot.press("x")  # nothing to change, nothing breaks
        await settle(pilot)
        assert isinstance(app.screen, FollowupsScreen)


async def test_enter_opens_the_person_and_escape_comes_back(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == ids["linus"]
        assert str(app.screen.query_one("#person-title").render()) == "[bold]Linus[/]"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FollowupsScreen)


async def test_a_long_list_reads_a_page_at_a_time_and_more_as_the_cursor_nears_the_end(app, journal_path, monkeypatch):
    import netjournal.screens.followups as screen

    monkeypatch.setattr(screen, "PAGE_SIZE", 4)
    monkeypatch.setattr(screen, "NEAR_END", 1)

    def job(q, s):
        for n in range(10):
            event = q.create_event(session=s, name=f"Meetup {n}", date=date(2019, 3, 1 + n), kind="meetup").id
            q.save_meet_slot(
                session=s,
                event_id=event,
                slot=1,
                name=f"Person {n}",
                status="met",
                still_thinking="cant_stop",
                follow_up="planned",
                follow_up_due=date(2019, 4, 10 + n),
            )

    read(journal_path, job)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(pilot)
        assert names_on_screen(app) == [f"Person {n}" for n in range(4)]
        for _ in range(9):
            await pilot.press("down")
            await settle(pilot)
        assert names_on_screen(app) == [f"Person {n}" for n in range(10)]
