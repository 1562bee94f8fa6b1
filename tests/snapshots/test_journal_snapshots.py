"""How the journal looks at 120x36 with fixed data and a fixed today."""

import pytest

from tests.ui.conftest import settle
from tests.ui.journal import build_app, read, seed

SIZE = (120, 36)


@pytest.fixture
def seeded(journal_path):
    ids = seed(journal_path)
    return build_app(journal_path), ids


def test_events_with_data(snap_compare, seeded):
    app, _ = seeded
    assert snap_compare(app, run_before=settle, terminal_size=SIZE)


def test_empty_journal_welcome(snap_compare, journal_path):
    assert snap_compare(build_app(journal_path), run_before=settle, terminal_size=SIZE)


@pytest.mark.parametrize("page", ["goal", "meet", "reflection", "details"])
def test_event_page(snap_compare, seeded, page):
    app, ids = seeded

    async def open_page(pilot):
        await settle(pilot)
        await app.open_event(ids["pycon"], page)
        await settle(pilot)

    assert snap_compare(app, run_before=open_page, terminal_size=SIZE)


def test_vague_goal_hint(snap_compare, seeded):
    app, ids = seeded

    async def open_page(pilot):
        await settle(pilot)
        await app.open_event(ids["talk"], "goal")
        await settle(pilot)

    assert snap_compare(app, run_before=open_page, terminal_size=SIZE)


def test_event_page_while_typing(snap_compare, seeded):
    """A field being edited: the footer offers the page keys that work while typing."""
    app, ids = seeded

    async def start_editing(pilot):
        await settle(pilot)
        await app.open_event(ids["pycon"], "meet")
        await settle(pilot)
        await pilot.press("enter", "tab", "tab")  # person 1's "talked about", a field of several lines
        await settle(pilot)

    assert snap_compare(app, run_before=start_editing, terminal_size=SIZE)


@pytest.mark.parametrize("page", ["goal", "meet", "reflection"])
def test_coming_up_event_page(snap_compare, journal_path, page):
    """The Rust talk, eleven days ahead: its pages speak ahead (a worry, someone hoped for, energy before)."""
    ids = seed(journal_path)

    def ahead(q, s):
        q.save_meet_slot(session=s, event_id=ids["talk"], slot=1, name="Lukas Brandt", status="hoping")
        q.save_reflection(
            session=s, event_id=ids["talk"], energy_before=2, worry="I won't know anyone there.", worry_sure_before=4
        )

    read(journal_path, ahead)
    app = build_app(journal_path)

    async def open_page(pilot):
        await settle(pilot)
        await app.open_event(ids["talk"], page)
        await settle(pilot)

    assert snap_compare(app, run_before=open_page, terminal_size=SIZE)
