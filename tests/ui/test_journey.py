"""The whole after-event journey, by keys only, then the journal holds exactly what was typed."""

from datetime import date

from netjournal.domain.followups import suggest_due
from netjournal.screens.events import EventsScreen
from netjournal.screens.goal import GoalScreen
from netjournal.screens.meet import MeetScreen
from netjournal.screens.new_event import NewEventScreen
from netjournal.screens.reflection import ReflectionScreen
from tests.ui.conftest import settle
from tests.ui.journal import TODAY, read


async def test_whole_journey_by_keys(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen)
        assert app.focused.id == "name"
        await pilot.press(*"Python meetup", "tab", *"2019-04-08", "tab", "right", "tab", *"Old Mill")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert app.focused.id == "goal-text"
        await pilot.press(
            *"ask two people how they got into Rust", "tab", "right", "right", "tab", *"everyone was new once"
        )
        await pilot.press("escape", "m")
        await settle(pilot)
        assert isinstance(app.screen, MeetScreen)
        assert app.focused is None  # opened for browsing: letter keys are commands
        await pilot.press("enter")
        assert app.focused.id == "s1-name"
        await pilot.press(
            *"Ada", "tab", *"compilers", "tab", *"borrow checker", "tab", *"her bike trip", "tab", "tab", "right", "tab"
        )
        await pilot.press("tab", "tab", *"Bob", "tab", *"testing", "tab", *"pytest plugins", "tab", *"cats")
        await pilot.press("escape", "r")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press(
            "enter",
            "right",
            "right",
            "tab",
            "right",
            "right",
            "right",
            "right",
            "tab",
            *"the first hello",
            "tab",
            *"most people",
            "tab",
            *"you went",
            "tab",
            *"two names",
            "tab",
            *"I stayed an hour",
        )
        await pilot.press("escape", "ctrl+q")
        await settle(pilot)

    def check(q, s):
        rows = q.list_event_rows(session=s)
        assert len(rows) == 1
        ev = q.get_event(session=s, event_id=rows[0].id)
        assert (ev.name, ev.date, ev.kind, ev.location) == ("Python meetup", date(2019, 4, 8), "dinner", "Old Mill")
        goal = q.get_goal(session=s, event_id=ev.id)
        assert (goal.text, goal.outcome, goal.learned) == (
            "ask two people how they got into Rust",
            "partly",
            "everyone was new once",
        )
        meetings = q.meetings_for_event(session=s, event_id=ev.id)
        assert [(m.slot, p.name, p.great_at, m.talked_about, m.not_work) for m, p in meetings] == [
            (1, "Ada", "compilers", "borrow checker", "her bike trip"),
            (2, "Bob", "testing", "pytest plugins", "cats"),
        ]
        ada, bob = meetings[0][0], meetings[1][0]
        assert (ada.status, ada.still_thinking, ada.follow_up) == ("met", "cant_stop", "planned")
        assert ada.follow_up_due == suggest_due(date(2019, 4, 8), TODAY)
        assert (bob.still_thinking, bob.follow_up, bob.follow_up_due) == ("a_little", "undecided", None)
        refl = q.get_reflection(session=s, event_id=ev.id)
        assert (refl.showed_up, refl.energy_before, refl.energy_after) == (True, 2, 4)
        assert (refl.hard, refl.others_too, refl.friend_words, refl.gained, refl.proud) == (
            "the first hello",
            "most people",
            "you went",
            "two names",
            "I stayed an hour",
        )
        assert rows[0].people_met == 2 and rows[0].has_reflection

    read(journal_path, check)
