"""An encrypted journal's first screen asks for its passphrase before anything is read."""

from __future__ import annotations

import pytest

from netjournal.screens.events import EventsScreen
from netjournal.screens.passphrase import WRONG, PassphraseScreen
from netjournal.store import cipher
from tests.ui.conftest import settle
from tests.ui.journal import seed

pytest.importorskip("sqlcipher3")


async def test_a_wrong_passphrase_asks_again_and_the_right_one_opens_the_journal(app, journal_path, monkeypatch):
    from netjournal.transfer.encrypt import encrypt_journal

    monkeypatch.delenv(cipher.PASSPHRASE_VARIABLE, raising=False)
    seed(journal_path)
    encrypt_journal(journal_path, "sea and sky")
    cipher.forget(journal_path)  # as a new process finds it
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PassphraseScreen)
        assert app.journal._store is None  # nothing read yet

        await pilot.press(*"sea", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PassphraseScreen)
        assert str(app.screen.query_one("#passphrase-said").render()) == WRONG
        assert app.screen.query_one("#passphrase").value == ""

        await pilot.press(*"sea and sky", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        await settle(pilot)
        table = app.screen.query_one("DataTable")
        shown = " ".join(str(cell) for r in range(table.row_count) for cell in table.get_row_at(r))
        assert "PyCon Lisbon" in shown and "Rust talk" in shown
    # The quick first-page reader reads with the key too, once it is held.
    from netjournal.store.first_page import first_event_rows

    assert [r.name for r in first_event_rows(journal_path, limit=1) or []] == ["Rust talk"]
