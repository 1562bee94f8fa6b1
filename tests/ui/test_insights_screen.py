"""Insights: the headline counts what the journal holds; an empty journal gets an invitation."""

from datetime import date

from textual.widgets import Digits, Static

from netjournal.screens.insights import InsightsScreen
from netjournal.screens.new_event import NewEventScreen
from tests.ui.conftest import settle
from tests.ui.journal import read, seed


def shown(screen, selector) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_insights(pilot) -> InsightsScreen:
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(pilot.app.screen, InsightsScreen)
    return pilot.app.screen


async def test_headline_counts_events_shown_up_to_all_time_and_this_year(app, journal_path):
    seed(journal_path)  # two events up to today (9 Apr 2019), one on 20 Apr still to come
    read(
        journal_path,
        lambda q, s: q.create_event(session=s, name="Winter meetup", date=date(2018, 12, 3), kind="meetup"),
    )
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_insights(pilot)
        assert screen.query_one("#showed-up-count", Digits).value == "3"
        assert shown(screen, "#insights-headline") == "You showed up to 3 events. 2 this year."
        assert not screen.query_one("#insights-invitation").display
        people = shown(screen, "#people-picture")
        assert "2 people met, across 2 conversations" in people
        assert "1 moment that wasn't about work" in people
        assert "You left 1 of these 1 event" in shown(screen, "#energy-note")
        months = shown(screen, "#months-names")
        assert months.split() == ["May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr"]
        assert shown(screen, "#months-counts").split() == ["1", "1", "1"]  # Dec, Mar, Apr


async def test_a_deleted_event_leaves_the_headline(app, journal_path):
    ids = seed(journal_path)
    read(journal_path, lambda q, s: q.delete_event(session=s, event_id=ids["dinner"]))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_insights(pilot)
        assert shown(screen, "#insights-headline") == "You showed up to your first event."


async def test_empty_journal_is_an_invitation_and_n_starts_an_event(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_insights(pilot)
        assert screen.query_one("#insights-invitation").display
        assert "Press n to add the first event" in shown(screen, "#insights-invitation")
        assert not screen.query_one("#insights-head").display
        assert not any(row.display for row in screen.query(".insights-row"))
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen)


async def test_only_future_events_is_still_an_invitation(app, journal_path):
    read(journal_path, lambda q, s: q.create_event(session=s, name="Rust talk", date=date(2019, 4, 20), kind="talk"))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_insights(pilot)
        assert screen.query_one("#insights-invitation").display
        assert not screen.query_one("#insights-head").display


async def test_with_events_n_does_nothing_here(app, journal_path):
    seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_insights(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, InsightsScreen)
