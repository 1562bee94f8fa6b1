"""An event's name, date, kind, location and notes can be changed after it is made, on its Details page."""

from datetime import date

from netjournal.screens.details import DetailsScreen
from netjournal.screens.goal import GoalScreen
from tests.ui.conftest import past_debounce, settle
from tests.ui.journal import read, seed
from tests.ui.screen_text import screen_lines


def event_of(path, event_id):
    return read(path, lambda q, s: q.get_event(session=s, event_id=event_id))


def shown(app, selector) -> str:
    return str(app.screen.query_one(selector).render())


async def open_details(app, pilot, event_id):
    await settle(pilot)
    await app.open_event(event_id)
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, DetailsScreen)


async def test_every_detail_of_an_event_can_be_changed(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_details(app, pilot, ids["talk"])
        assert app.screen.query_one("#event-name").value == "Rust talk"
        assert app.screen.query_one("#event-date").value == "2019-04-20"
        await pilot.press("enter", "ctrl+a", "ctrl+k", *"Rust and WebAssembly talk", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *"next thu")
        assert shown(app, "#date-hint") == "Thu 11 Apr 2019 (in 2 days)"
        await pilot.press("tab", "right", "tab", *"Old Mill", "tab", *"bring a notebook", "enter", *"arrive early")
        await past_debounce(pilot)
        title = shown(app, "#event-title")
        assert "Rust and WebAssembly talk" in title and "Thu 11 Apr 2019" in title
    event = event_of(journal_path, ids["talk"])
    assert (event.name, event.date, event.kind, event.location, event.notes) == (
        "Rust and WebAssembly talk",
        date(2019, 4, 11),
        "other",
        "Old Mill",
        "bring a notebook\narrive early",
    )


async def test_a_date_that_cant_be_used_keeps_the_saved_one_and_says_why(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_details(app, pilot, ids["pycon"])
        await pilot.press("enter", "tab", "ctrl+a", "ctrl+k", *"blursday")
        await past_debounce(pilot)
        hint = shown(app, "#date-hint")
        assert 'Can\'t read "blursday" as a date' in hint and "saved date stays" in hint
        assert "\n" not in hint
        assert event_of(journal_path, ids["pycon"]).date == date(2019, 4, 8)

        await pilot.press("ctrl+a", "ctrl+k", *"3000-01-01")
        await past_debounce(pilot)
        hint = shown(app, "#date-hint")
        assert "out of range" in hint and "1900 and 2199" in hint and "saved date stays" in hint
        assert event_of(journal_path, ids["pycon"]).date == date(2019, 4, 8)

        await pilot.press("ctrl+a", "ctrl+k")
        await past_debounce(pilot)
        assert "needs a date" in shown(app, "#date-hint")
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k")  # and an empty name
        await past_debounce(pilot)
        assert app.screen.query_one("#name-hint").display
        assert "PyCon Lisbon" in shown(app, "#event-title")
    event = event_of(journal_path, ids["pycon"])
    assert (event.name, event.date) == ("PyCon Lisbon", date(2019, 4, 8))


async def test_the_events_list_shows_the_location_where_there_is_room(app, journal_path):
    ids = seed(journal_path)

    def far_away(q, s):
        q.update_event(session=s, event_id=ids["talk"], location="the very long name of a hall far away")

    read(journal_path, far_away)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        [pycon] = [line for line in lines if "PyCon Lisbon" in line]
        assert "PyCon Lisbon  Lisbon" in pycon
        [talk] = [line for line in lines if "Rust talk" in line]
        assert "hall" not in talk  # no room: the name alone, never half a place
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "PyCon Lisbon" in shown(app, "#event-title")
