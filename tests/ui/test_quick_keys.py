"""Keys that arrive together (a quick typist, a paste, a terminal sending a burst) land where they mean to.

Tab and shift+tab move on before the keys after them are handled: "Ana Lima<Tab>trail maps" typed
in one go is a name and what they're great at, never a person called "Ana Limatrail maps".
"""

from __future__ import annotations

from textual import events

from netjournal.screens.new_event import NewEventScreen
from tests.typing import key_name
from tests.ui.conftest import past_debounce, settle
from tests.ui.journal import read, seed
from tests.ui.test_meet_list import meet_list, open_meet


def burst(app, *parts: str) -> None:
    """Each part is typed text, or a key between angle brackets (`<tab>`); all posted at once, unwaited."""
    for part in parts:
        keys = [(part[1:-1], None)] if part.startswith("<") else [(key_name(c), c) for c in part]
        for key, char in keys:
            app.post_message(events.Key(key, char))


async def test_a_name_tab_and_what_they_are_great_at_in_one_go_go_to_their_fields(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        burst(app, "Ana Lima", "<tab>", "trail maps", "<tab>", "bike routes")
        await settle(pilot)
        assert app.screen.query_one("#s1-name").value == "Ana Lima"
        assert app.screen.query_one("#s1-great_at").value == "trail maps"
        assert app.screen.query_one("#s1-talked_about").value == "bike routes"
        await past_debounce(pilot)
    (slot,) = meet_list(journal_path, ids["dinner"])
    assert (slot[0], slot[2], slot[3]) == (1, "Ana Lima", "trail maps")
    talked = read(
        journal_path, lambda q, s: [m.talked_about for m, _ in q.meetings_for_event(session=s, event_id=ids["dinner"])]
    )
    assert talked == ["bike routes"]


async def test_shift_tab_in_a_burst_goes_back_before_the_next_letters(app, journal_path):
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen) and app.focused.id == "name"
        burst(app, "Rust", "<tab>", "2019-04-08", "<shift+tab>", " meetup")
        await settle(pilot)
        assert app.screen.query_one("#name").value == "Rust meetup"
        assert app.screen.query_one("#date").value == "2019-04-08"
        assert app.focused.id == "name"


async def test_escape_and_a_page_key_in_one_go_leave_the_field_and_keep_the_name(app, journal_path):
    """ "Ana<escape>r": the name is left (and kept), then the Reflection opens; r is never typed into the name."""
    from netjournal.screens.reflection import ReflectionScreen

    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        burst(app, "Ana", "<escape>", "r")
        await settle(pilot)
        await pilot.pause(0.3)  # leaving waits for the name's save
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen)
    assert [(slot[0], slot[2]) for slot in meet_list(journal_path, ids["dinner"])] == [(1, "Ana")]
