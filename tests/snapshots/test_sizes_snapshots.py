"""Events, an event's pages, Follow-ups, People and Help at 80x24 (a usual terminal) and 200x60 (a large one).

The 120x36 pictures live beside these, in the other snapshot tests.
"""

import pytest

from tests.ui.conftest import settle
from tests.ui.journal import build_app, seed
from tests.ui.people_journal import seed_people

SIZES = [(80, 24), (200, 60)]
size_ids = [f"{w}x{h}" for w, h in SIZES]


def press(*keys):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=size_ids)
def test_events(snap_compare, journal_path, size):
    seed(journal_path)
    assert snap_compare(build_app(journal_path), run_before=settle, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=size_ids)
@pytest.mark.parametrize("page", ["goal", "meet"])
def test_event_page(snap_compare, journal_path, size, page):
    ids = seed(journal_path)
    app = build_app(journal_path)

    async def open_page(pilot):
        await settle(pilot)
        await app.open_event(ids["pycon"], page)
        await settle(pilot)

    assert snap_compare(app, run_before=open_page, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=size_ids)
def test_followups(snap_compare, journal_path, size):
    seed_people(journal_path)
    assert snap_compare(build_app(journal_path), run_before=press("f"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=size_ids)
def test_people(snap_compare, journal_path, size):
    seed_people(journal_path)
    assert snap_compare(build_app(journal_path), run_before=press("p"), terminal_size=size)


@pytest.mark.parametrize("size", [*SIZES, (120, 36), (60, 20)], ids=[*size_ids, "120x36", "60x20"])
def test_help(snap_compare, journal_path, size):
    """Help on Events: it scrolls where it must, and always says how to close it."""
    seed(journal_path)
    assert snap_compare(build_app(journal_path), run_before=press("question_mark"), terminal_size=size)
