"""Every size from 60x20 to 200x60: the footer keeps help and the way out, lists share their width,
long names give way in titles and sentences, and nothing a person wrote changes on the way."""

from __future__ import annotations

import pytest

from netjournal.screens.events import EventsScreen
from netjournal.widgets.columns import Col, share_widths
from netjournal.widgets.footer import ALWAYS, fitting, key_width, priority
from netjournal.widgets.title import short, title_text
from tests.ui.conftest import settle, toasts
from tests.ui.journal import build_app, read, seed
from tests.ui.screen_text import screen_lines

LONG_NAME = "The very long annual gathering of " + "people who like to talk about many things " * 12


def footer_line(app) -> str:
    return screen_lines(app)[-1]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (200, 60)])
async def test_help_and_the_way_out_stay_in_the_footer_at_any_width(app, journal_path, size):
    ids = seed(journal_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "? Help" in footer_line(app) and "q Quit" in footer_line(app)
        for key in ("f", "p"):
            await pilot.press(key)
            await settle(pilot)
            line = footer_line(app)
            assert "? Help" in line and "q Quit" in line and "Back" in line, line
        await app.open_event(ids["pycon"], "meet")
        await settle(pilot)
        line = footer_line(app)
        assert "? Help" in line and "q Quit" in line and "esc Back" in line, line
        await pilot.press("enter")  # typing: the keys that can't type
        await settle(pilot)
        assert "f1 Help" in footer_line(app) and "esc Back" in footer_line(app)
        if size[0] >= 200:  # room for every key
            assert "^p Commands" in footer_line(app)


def test_lower_priorities_give_way_first_and_the_rightmost_of_a_priority_first():
    keys = [(1, 10), (3, 10), (ALWAYS, 10), (3, 10), (4, 12)]
    assert fitting(keys, 100) == {0, 1, 2, 3, 4}
    assert fitting(keys, 39) == {0, 1, 2}
    assert fitting(keys, 5) == {2}  # help and the way out stay even where nothing fits
    assert key_width("?", "Help") == 8


def test_priorities_keep_help_and_the_ways_out():
    from textual.binding import Binding

    from netjournal.app import NetJournalApp

    by_id = {b.id: b for b in NetJournalApp.BINDINGS if isinstance(b, Binding)}
    assert priority(by_id["help"]) == priority(by_id["quit-q"]) == priority(by_id["back"]) == ALWAYS
    assert priority(by_id["go-people"]) > priority(Binding("n", "new", "New event", id="new-event"))
    assert priority(by_id["palette"]) > priority(by_id["go-people"])


def test_columns_share_the_room_text_first():
    cols = [Col("Date", 10), Col("Name", 8, share=1), Col("Why", 8, share=2)]
    # Room for everything: no text is cut, what is left makes the shared columns as wide as their shares.
    assert share_widths(cols, [10, 12, 20], 60) == [10, 17, 33]
    # Less room: the columns whose text is cut share it, by share (a column whose text fits takes no more).
    assert share_widths(cols, [10, 12, 40], 40) == [10, 10, 20]
    # Less than the least: shared columns give way, never the fixed ones.
    assert share_widths(cols, [10, 12, 40], 20) == [10, 4, 6]
    # A fixed column takes what its text needs, up to its width.
    assert share_widths([Col("Goal", 13), Col("Event", 5, share=1)], [10, 5], 30) == [10, 20]
    assert share_widths(cols, [10, 9, 40], 40) == [10, 9, 21]  # Name fits at 9: the rest goes to Why


def test_a_long_name_gives_way_in_a_title_and_in_a_sentence():
    line = title_text(LONG_NAME, "Mon 8 Apr 2019 (yesterday)", 60)
    assert line.cell_len <= 60 and line.plain.endswith("Mon 8 Apr 2019 (yesterday)") and "…" in line.plain
    assert title_text("PyCon", "Mon 8 Apr 2019", 60).plain == "PyCon  Mon 8 Apr 2019"
    assert short("Ada\nLovelace") == "Ada Lovelace"
    assert len(short(LONG_NAME)) == 40 and short(LONG_NAME).endswith("…")


async def test_a_500_character_name_keeps_the_date_in_view_and_a_delete_note_short(app, journal_path):
    assert len(LONG_NAME) >= 500
    ids = seed(journal_path)

    def rename(q, s):
        q.update_event(session=s, event_id=ids["pycon"], name=LONG_NAME)

    read(journal_path, rename)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await app.open_event(ids["pycon"], "goal")
        await settle(pilot)
        head = screen_lines(app)[2]
        assert "Mon 8 Apr 2019 (yesterday)" in head and "…" in head
        await pilot.press("e", "j", "d")  # PyCon is the second newest
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        said = [t for t in toasts(app) if t.startswith("Deleted")]
        assert said and len(said[0]) < 100, said
        await pilot.press("u")  # undo: the event comes back with its whole name
        await settle(pilot)
    names = read(journal_path, lambda q, s: [r.name for r in q.list_event_rows(session=s)])
    assert LONG_NAME in names  # cut on screen only, never in the journal


async def test_lists_give_their_text_the_room_there_is(app, journal_path):
    seed(journal_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        why = "can't stop thinking about your conversation on parsers · great at: compilers"
        assert any(why in line for line in screen_lines(app))  # all of it, with room to spare
    app = build_app(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        assert "Reflection" in lines[1] and "People" in lines[1]  # every column, at 80
        assert all(len(line.rstrip()) <= 80 for line in lines)
        await pilot.press("f")
        await settle(pilot)
        assert any("can't stop thinking" in line and "…" in line for line in screen_lines(app))
