"""How the journal looks at 120x36 with fixed data and a fixed today."""

import pytest

from tests.ui.conftest import settle
from tests.ui.journal import build_app, seed

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
