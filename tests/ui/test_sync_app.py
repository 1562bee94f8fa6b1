"""The app with a sync folder: it syncs once the journal opens and once on quitting, and says so in one line."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from netjournal.app import make_app
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.models import Event
from netjournal.transfer.sync import name_device, sync_folder
from tests.ui.conftest import settle, toasts
from tests.ui.journal import TODAY, read


def other_laptop_adds(path, folder, name) -> None:
    store = open_store(path)
    try:
        name_device(store=store, name="laptop-b")
        with store.session() as s:
            queries.create_event(session=s, name=name, date=date(2024, 5, 1))
        sync_folder(store=store, folder=folder)
    finally:
        store.close()


async def test_the_app_syncs_on_start_and_on_quit_and_says_so(journal_path, tmp_path, capsys):
    folder = tmp_path / "shared"
    folder.mkdir()
    other = tmp_path / "b" / "journal.db"
    other_laptop_adds(other, folder, "RustConf")
    app = make_app(db_path=journal_path, today=TODAY, blink=False, sync_folder=folder)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert any("From laptop-b: 1 event." in t for t in toasts(app))
        other_laptop_adds(other, folder, "Meetup")  # while this one is open
        await app.action_quit()
    names = read(journal_path, lambda _q, s: sorted(s.exec(select(col(Event.name))).all()))
    assert names == ["Meetup", "RustConf"]
    mine = [p.name for p in folder.iterdir() if p.name != "laptop-b.netjournal.json"]
    assert len(mine) == 1 and b"Meetup" in (folder / mine[0]).read_bytes()
    assert "From laptop-b: 1 event." in capsys.readouterr().err  # the quit's sync, said as the app closes
