"""Follow-ups, People and a person's page at 120x36 with fixed data and a fixed today."""

import pytest

from tests.ui.conftest import settle
from tests.ui.journal import build_app
from tests.ui.people_journal import seed_people

SIZE = (120, 36)


@pytest.fixture
def seeded(journal_path):
    ids = seed_people(journal_path)
    return build_app(journal_path), ids


def press(*keys):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_followups(snap_compare, seeded):
    app, _ = seeded
    assert snap_compare(app, run_before=press("f"), terminal_size=SIZE)


def test_followups_empty(snap_compare, journal_path):
    assert snap_compare(build_app(journal_path), run_before=press("f"), terminal_size=SIZE)


def test_people(snap_compare, seeded):
    app, _ = seeded
    assert snap_compare(app, run_before=press("p"), terminal_size=SIZE)


def test_person_page(snap_compare, seeded):
    app, _ = seeded
    assert snap_compare(app, run_before=press("p", "enter"), terminal_size=SIZE)
