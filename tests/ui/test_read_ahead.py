"""Reading ahead: once Events has read the journal, People, Follow-ups and Insights read what they first
show in the background, so their first visit draws it at once; a change made since is never hidden."""

from textual.widgets import DataTable

from netjournal.screens.followups import FollowupsScreen
from netjournal.screens.people import PeopleScreen
from tests.ui.conftest import settle
from tests.ui.journal import read
from tests.ui.people_journal import seed_people


def people_on_screen(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def read_ahead(pilot) -> None:
    """Until the three places have read ahead."""
    for _ in range(200):
        await pilot.pause(0.01)
        if len(pilot.app.journal._ahead) == 3:
            return
    raise AssertionError("the places never read ahead")


async def test_the_first_visit_shows_what_was_read_ahead_in_its_first_frame(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await read_ahead(pilot)
        await pilot.press("p")
        # No read of its own: the rows are there as the screen is first drawn.
        assert isinstance(app.screen, PeopleScreen)
        assert not app.journal.reading(app.screen)
        assert "Ada Lovelace" in " ".join(people_on_screen(app))
        await pilot.press("f")
        assert isinstance(app.screen, FollowupsScreen)
        assert not app.journal.reading(app.screen)
        assert app.screen.query_one(DataTable).row_count == 3


async def test_a_change_made_elsewhere_after_reading_ahead_is_shown_not_the_old_list(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await read_ahead(pilot)
        # Another window adds someone after People read ahead.
        read(journal_path, lambda q, s: q.create_person(session=s, name="Katherine Johnson"))
        await pilot.press("p")
        await settle(pilot)
        assert "Katherine Johnson" in " ".join(people_on_screen(app))


async def test_a_change_made_here_after_reading_ahead_is_shown_not_the_old_list(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await read_ahead(pilot)
        before = app.journal.version

        def add(session):
            from netjournal.store import queries

            queries.create_person(session=session, name="Katherine Johnson")

        app.journal.write(add)
        await settle(pilot)
        assert app.journal.version != before
        await pilot.press("p")
        await settle(pilot)
        assert "Katherine Johnson" in " ".join(people_on_screen(app))
