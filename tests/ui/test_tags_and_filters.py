"""Tags typed on an event and a person reach the journal and the lists; the lists filter and take the
same moving keys (Home/End/g/G, PageUp/PageDown)."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable

from netjournal.screens.details import DetailsScreen
from netjournal.screens.events import EventsScreen
from netjournal.screens.list_filter import FilterScreen
from netjournal.screens.people import PeopleScreen
from netjournal.screens.person import PersonScreen
from netjournal.widgets.choice import Choice
from tests.ui.conftest import past_debounce, settle
from tests.ui.journal import read


def seed(path) -> dict[str, str]:
    def job(q, s):
        ids = {
            "rustconf": q.create_event(session=s, name="RustConf", date=date(2019, 4, 8), kind="conference").id,
            "meetup": q.create_event(session=s, name="Rust meetup", date=date(2018, 3, 1), kind="meetup").id,
            "later": q.create_event(session=s, name="Later", date=date(2019, 5, 1), kind="meetup", tags=("rust",)).id,
        }
        for event in ("rustconf", "meetup"):
            q.save_meet_slot(session=s, event_id=ids[event], slot=1, name="Ben", status="met")
        ids["ana"] = q.create_person(session=s, name="Ana", tags=("investor",)).id
        return ids

    return read(path, job)


def stored_tags(path, table, record_id):
    from netjournal.store import tags

    return read(path, lambda _q, s: tags.tags_of(session=s, table=table, record_id=record_id))


def column(app, index):
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def test_tags_typed_on_an_event_and_a_person_reach_the_journal_and_the_lists(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.open_event(ids["rustconf"], "details")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        app.screen.query_one("#event-tags").focus()
        await pilot.press(*"#Rust, embedded")
        await past_debounce(pilot)
        assert stored_tags(journal_path, "event", ids["rustconf"]) == ("embedded", "rust")
        assert app.screen.query_one("#event-tags").value == "#Rust, embedded"  # what was typed stays
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert "RustConf  #embedded #rust" in column(app, 1)

        await pilot.press("p")
        await settle(pilot)
        assert column(app, 1) == ["Ben", "Ana  #investor"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        app.screen.query_one("#tags").focus()
        await pilot.press("end", *" angel")
        await past_debounce(pilot)
        assert stored_tags(journal_path, "person", ids["ana"]) == ("angel", "investor")
        await pilot.press("ctrl+z")  # undo typing works in the Tags field too
        await past_debounce(pilot)
        assert stored_tags(journal_path, "person", ids["ana"]) == ("investor",)


async def choose(pilot, **chosen):
    """In the filter dialog: step each named choice until it shows the value wanted, then enter."""
    screen = pilot.app.screen
    assert isinstance(screen, FilterScreen)
    for name, value in chosen.items():
        choice = screen.query_one(f"#filter-{name}", Choice)
        choice.focus()
        for _ in range(len(choice.options)):
            if choice.value == value:
                break
            await pilot.press("right")
        assert choice.value == value
    await pilot.press("enter")
    await settle(pilot)


async def test_events_filter_by_tag_kind_year_and_coming_up_and_x_shows_all(app, journal_path):
    seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        names = ["Later", "RustConf", "Rust meetup"]
        assert column(app, 1)[0].startswith("Later") and len(column(app, 1)) == 3
        await pilot.press("F")
        await settle(pilot)
        await choose(pilot, tag="rust")
        assert column(app, 1) == ["Later  #rust"]
        assert "Showing only #rust." in str(app.screen.query_one("#events-filtered").render())
        await pilot.press("F")
        await settle(pilot)
        await choose(pilot, when="past")
        assert not app.screen.query_one(DataTable).display
        assert "No events match #rust · past yet" in str(app.screen.query_one("#welcome").render())
        await pilot.press("x")
        await settle(pilot)
        assert [c.split("  ")[0] for c in column(app, 1)] == names
        await pilot.press("F")
        await settle(pilot)
        await choose(pilot, kind="meetup", year=2018)
        assert column(app, 1) == ["Rust meetup"]
        await pilot.press("x", "F")
        await settle(pilot)
        await choose(pilot, when="coming")
        assert [c.split("  ")[0] for c in column(app, 1)] == ["Later"]
        await pilot.press("F", "escape")  # escape leaves the filter as it was
        await settle(pilot)
        assert [c.split("  ")[0] for c in column(app, 1)] == ["Later"]


async def test_people_filter_by_tag_and_circle(app, journal_path):
    seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("F")
        await settle(pilot)
        await choose(pilot, circle=True)
        assert column(app, 1) == ["Ben"]
        await pilot.press("F")
        await settle(pilot)
        await choose(pilot, tag="investor")
        assert column(app, 1) == []
        assert "No people match #investor · your circle yet" in str(app.screen.query_one("#people-count").render())
        await pilot.press("x")
        await settle(pilot)
        assert column(app, 1) == ["Ben", "Ana  #investor"]


async def at(pilot, key) -> int:
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen.query_one(DataTable).cursor_row


@pytest.mark.parametrize("place", ["events", "people", "followups", "trash", "history"])
async def test_every_list_takes_home_end_g_and_page_keys(app, journal_path, place):
    from netjournal.store.trash import delete_event

    def job(q, s):
        made = []
        for n in range(60):
            ev = q.create_event(session=s, name=f"Meetup {n:02d}", date=date(2019, 1, 1 + n % 28), kind="meetup")
            q.save_meet_slot(
                session=s,
                event_id=ev.id,
                slot=1,
                name=f"Person {n:02d}",
                status="met",
                still_thinking="cant_stop",
                follow_up="planned",
                follow_up_due=date(2019, 4, 10),
            )
            made.append(ev.id)
        for event_id in made[:50] if place == "trash" else ():
            delete_event(session=s, event_id=event_id)
        for n in range(50 if place == "history" else 0):
            q.update_event(session=s, event_id=made[-1], visit=f"v{n}", name=f"Meetup {n}")
        return made[-1]

    last_event = read(journal_path, job)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        if place in ("people", "followups"):
            await pilot.press(place[0])
        elif place == "trash":
            await pilot.press("t")
        elif place == "history":
            await app.open_event(last_event, "details")
            await settle(pilot)
            await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.has_focus and table.row_count >= 40
        assert await at(pilot, "pagedown") > 10
        assert await at(pilot, "home") == 0
        # End reaches the very end, also of a list read a page at a time (People reads 50 of its 60 first).
        total = {"trash": 50, "history": 50}.get(place, 60)
        assert await at(pilot, "G") == total - 1 and table.row_count == total
        assert await at(pilot, "g") == 0
        assert await at(pilot, "end") == total - 1
        assert 0 < await at(pilot, "pageup") < total - 10
