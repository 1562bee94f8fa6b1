"""How Insights looks at 120x36: the demo journal, and an empty journal's invitation."""

import pytest

from netjournal.app import make_app
from netjournal.store.engine import open_store
from netjournal.transfer.demo import DEMO_TODAY, write_demo
from tests.ui.conftest import settle

SIZE = (120, 36)


async def open_insights(pilot) -> None:
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)


@pytest.fixture
def demo_path(journal_path):
    store = open_store(journal_path)
    try:
        with store.session() as session:
            write_demo(session=session)
    finally:
        store.close()
    return journal_path


def test_insights_of_the_demo_journal(snap_compare, demo_path):
    app = make_app(db_path=demo_path, today=DEMO_TODAY, blink=False)
    assert snap_compare(app, run_before=open_insights, terminal_size=SIZE)


def test_insights_of_an_empty_journal(snap_compare, journal_path):
    app = make_app(db_path=journal_path, today=DEMO_TODAY, blink=False)
    assert snap_compare(app, run_before=open_insights, terminal_size=SIZE)
