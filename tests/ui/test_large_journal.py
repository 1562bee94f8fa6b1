"""A journal too long to show at once: Events reads a page at a time, the palette finds events it hasn't read,
and screens are kept between visits and read again only when the journal changed."""

from datetime import date, timedelta

from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList

from netjournal.screens.events import PAGE_SIZE, EventsScreen
from netjournal.screens.goal import GoalScreen
from netjournal.screens.people import PeopleScreen
from tests.ui.conftest import settle
from tests.ui.journal import read
from tests.ui.people_journal import seed_people

EVENTS = PAGE_SIZE * 2 + 30


def seed_many(path, n=EVENTS) -> list[str]:
    """`n` events, one a day back from 2019-04-08; their ids newest first."""

    def job(q, s):
        first = date(2019, 4, 8)
        return [
            q.create_event(session=s, name=f"Meetup {i:03d}", date=first - timedelta(days=i), kind="meetup").id
            for i in range(n)
        ]

    return read(path, job)


def rename_person(path, person_id, name):
    """What another window on the same journal would do."""
    read(path, lambda q, s: q.update_person(session=s, person_id=person_id, name=name))


async def test_events_reads_a_page_then_more_as_the_cursor_nears_the_end(app, journal_path):
    ids = seed_many(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == PAGE_SIZE
        assert [r[0] for r in app.known_events] == ids[:PAGE_SIZE]
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == PAGE_SIZE * 2
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == EVENTS
        assert [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(EVENTS)] == ids
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == EVENTS


async def test_deleting_far_down_the_list_keeps_the_rows_read_so_far(app, journal_path):
    ids = seed_many(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        await pilot.press("ctrl+end")
        await settle(pilot)
        table.move_cursor(row=PAGE_SIZE + 20)
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        keys = [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]
        assert ids[PAGE_SIZE + 20] not in keys
        assert keys[: PAGE_SIZE + 20] == ids[: PAGE_SIZE + 20]
        assert table.cursor_row == PAGE_SIZE + 20


async def test_palette_opens_an_event_the_list_has_not_read(app, journal_path):
    ids = seed_many(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert ids[EVENTS - 1] not in {r[0] for r in app.known_events}
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*f"Open event Meetup {EVENTS - 1:03d}")
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0].startswith(f"Open event Meetup {EVENTS - 1:03d}\n")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert app.screen.event_id == ids[EVENTS - 1]


async def test_places_are_kept_and_read_again_only_when_the_journal_changed(app, journal_path):
    ids = seed_people(journal_path)
    reads = []  # True for a write, False for a read
    read, write = app.journal.read, app.journal.write

    def counting_read(job, done, **kw):
        reads.append(False)
        read(job, done, **kw)

    def counting_write(job, done=None, **kw):
        reads.append(True)
        write(job, done, **kw)

    app.journal.read, app.journal.write = counting_read, counting_write
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen)
        await pilot.press("f", "i", "e")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        reads.clear()
        await pilot.press("p")
        await settle(pilot)
        assert app.screen is people  # the same screen, as it was left
        await pilot.press("f", "i", "e", "p")
        await settle(pilot)
        assert reads == []  # nothing changed, so nothing was read again

        rename_person(journal_path, ids["ada"], "Ada King")  # another window writes
        await pilot.press("e", "p")
        await settle(pilot)
        assert app.screen is people
        table = people.query_one(DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "Ada King" in names and "Ada Lovelace" not in names


async def test_escape_from_a_place_goes_home(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for key in ("p", "f", "i"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, EventsScreen)
            assert len(app.screen_stack) == 2
