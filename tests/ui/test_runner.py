"""The runner: staleness is SQLite's data_version plus this window's writes, "the journal changed" is a
message to the screen on top, and a newer read with the same key drops the answer of an older one."""

from __future__ import annotations

import threading

from textual import on
from textual.screen import Screen
from textual.widgets import Static

from netjournal.runner import JournalChanged
from tests.ui.conftest import settle
from tests.ui.journal import read, seed


class Listening(Screen[None]):
    """A screen that notes every JournalChanged it is sent."""

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[JournalChanged] = []

    def compose(self):
        yield Static("listening")

    @on(JournalChanged)
    def _changed(self, message: JournalChanged) -> None:
        self.changes.append(message)


def event_names(session):
    from netjournal.store import queries

    return [row.name for row in queries.list_event_rows(session=session)]


async def test_the_version_moves_with_every_commit_here_or_elsewhere_and_only_then(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listening = Listening()
        await app.push_screen(listening)
        journal = app.journal

        journal.check(listening)
        await settle(pilot)
        first = listening.changes[-1].version
        assert first == journal.version

        answers = []
        journal.read(event_names, answers.append)
        journal.check(listening)
        await settle(pilot)
        assert answers == [["Rust talk", "PyCon Lisbon", "[red]Team dinner[/]"]]
        assert listening.changes[-1].version == first  # reading changes nothing

        def rename(session):
            from netjournal.store import queries

            queries.update_event(session=session, event_id=ids["talk"], name="Rust talk, again")

        journal.write(rename)
        await settle(pilot)
        written = listening.changes[-1].version  # posted to the screen on top after the write
        assert written.writes == first.writes + 1

        read(journal_path, lambda q, s: q.update_event(session=s, event_id=ids["talk"], name="Renamed elsewhere"))
        journal.check(listening)
        await settle(pilot)
        elsewhere = listening.changes[-1].version
        assert elsewhere.data_version != written.data_version and elsewhere.writes == written.writes


async def test_a_newer_read_with_the_same_key_drops_the_older_answer(app, journal_path):
    seed(journal_path)
    let_go = threading.Event()
    answers = []

    def slow(session):
        let_go.wait(5)
        return ("slow", event_names(session))

    def quick(session):
        return ("quick", event_names(session))

    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        key = object()
        app.journal.read(slow, answers.append, latest=key)
        await pilot.pause(0.1)
        app.journal.read(quick, answers.append, latest=key)
        await pilot.pause(0.3)
        assert [name for name, _ in answers] == ["quick"]
        assert app.journal.reading(key) is False
        let_go.set()
        await settle(pilot)
        assert [name for name, _ in answers] == ["quick"]  # the older answer, arriving later, is dropped
