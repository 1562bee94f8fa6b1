"""8. One-line fields hold one line: event and person names, great at, contact, location, kind and the goal.

Line breaks and tabs in them become single spaces at every door (a model saved, a statement run,
an import), and text already in a journal is shown folded. Multi-line text keeps its line breaks.
The column types are cleaned as they bind, so the file itself never holds them.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from sqlalchemy import update

from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.models import Event, Person
from netjournal.transfer.importer import import_document
from tests.reliability.helpers import document

BROKEN = "Line one\nLine two\r\n## Fake\tend\u2028x"
FOLDED = "Line one Line two ## Fake end x"
ONE_LINE = {
    "event": ("name", "location", "kind"),
    "person": ("name", "great_at", "contact"),
    "goal": ("text",),
}
MULTI_LINE = {
    "event": ("notes",),
    "person": ("notes",),
    "goal": ("learned",),
    "meeting": ("talked_about", "not_work"),
    "reflection": ("hard", "others_too", "friend_words", "gained", "proud"),
}


def raw(path, sql: str, *args) -> list[tuple]:
    """What the file itself holds, read without netjournal."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def assert_one_line_in_the_file(path) -> None:
    for table, columns in ONE_LINE.items():
        for column in columns:
            for (value,) in raw(path, f"SELECT {column} FROM {table}"):
                assert not any(c in value for c in "\n\r\t\u2028"), (table, column, value)


def test_a_saved_model_holds_one_line_and_shows_what_was_stored(journal_path):
    store = open_store(journal_path)
    try:
        with store.session() as s:
            ev = queries.create_event(
                session=s, name=BROKEN, date=date(2019, 4, 8), location=BROKEN, notes=BROKEN, goal_text=BROKEN
            )
            person = queries.create_person(session=s, name=BROKEN, great_at=BROKEN, contact=BROKEN, notes=BROKEN)
            queries.add_meeting(session=s, event_id=ev.id, person_id=person.id, slot=1, talked_about=BROKEN)
            queries.save_goal(session=s, event_id=ev.id, learned=BROKEN)
        # What a write returns is what the journal now holds.
        assert (ev.name, ev.location, person.name, person.great_at, person.contact) == (FOLDED,) * 5
        assert ev.notes == person.notes == "Line one\nLine two\n## Fake\tend\u2028x"
    finally:
        store.close()
    assert_one_line_in_the_file(journal_path)
    assert raw(journal_path, "SELECT notes FROM event") == [("Line one\nLine two\n## Fake\tend\u2028x",)]
    assert raw(journal_path, "SELECT talked_about FROM meeting") == [("Line one\nLine two\n## Fake\tend\u2028x",)]
    assert raw(journal_path, "SELECT text, learned FROM goal") == [(FOLDED, "Line one\nLine two\n## Fake\tend\u2028x")]


def test_a_statement_that_bypasses_the_models_is_folded_too(journal_path):
    store = open_store(journal_path)
    try:
        with store.session() as s:
            ev = queries.create_event(session=s, name="Meetup", date=date(2019, 4, 8))
            person = queries.create_person(session=s, name="Ana")
        with store.session() as s:
            s.connection().execute(update(Event.__table__).values(name=BROKEN, location="a\tb\x1b[2J"))
            s.connection().execute(update(Person.__table__).values(great_at=BROKEN, contact="x\n\n\ny"))
    finally:
        store.close()
    assert raw(journal_path, "SELECT id, name, location FROM event") == [(ev.id, FOLDED, "a b[2J")]
    assert raw(journal_path, "SELECT id, great_at, contact FROM person") == [(person.id, FOLDED, "x y")]


def test_an_import_holds_one_line(journal_path, tmp_path):
    t = "2019-04-08T19:00:00.000000Z"
    pid, eid = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
    doc = {
        "format": "netjournal",
        "version": 1,
        "people": [
            {"id": pid, "name": BROKEN, "great_at": BROKEN, "contact": BROKEN, "created_at": t, "updated_at": t}
        ],
        "events": [
            {
                "id": eid,
                "name": BROKEN,
                "date": "2019-04-08",
                "location": BROKEN,
                "notes": BROKEN,
                "created_at": t,
                "updated_at": t,
                "goal": {
                    "id": "00000000-0000-4000-8000-000000000003",
                    "text": BROKEN,
                    "created_at": t,
                    "updated_at": t,
                },
            }
        ],
    }
    store = open_store(journal_path)
    try:
        import_document(store=store, doc=doc)
    finally:
        store.close()
    assert_one_line_in_the_file(journal_path)
    exported = document(journal_path)
    assert exported["events"][0]["name"] == exported["people"][0]["great_at"] == FOLDED
    assert exported["events"][0]["notes"] == "Line one\nLine two\n## Fake\tend\u2028x"


def test_text_already_in_a_journal_is_shown_folded(journal_path):
    store = open_store(journal_path)
    try:
        with store.session() as s:
            ev = queries.create_event(session=s, name="Meetup", date=date(2019, 4, 8), goal_text="Say hi")
            person = queries.create_person(session=s, name="Ana")
    finally:
        store.close()
    # An older netjournal, or another program, left line breaks and escapes in the file.
    conn = sqlite3.connect(journal_path)
    with conn:
        conn.execute("UPDATE event SET name = ?, location = ?, notes = ?", (BROKEN, "a\tb", BROKEN + "\x1b[2J"))
        conn.execute("UPDATE person SET name = ?, contact = ?", (BROKEN, "\x1b]52;c;eA==\x07mail\nme"))
        conn.execute("UPDATE goal SET text = ?", (BROKEN,))
    conn.close()
    store = open_store(journal_path)
    try:
        with store.session() as s:
            got = queries.get_event(session=s, event_id=ev.id)
            assert (got.name, got.location) == (FOLDED, "a b")
            assert got.notes == "Line one\nLine two\n## Fake\tend\u2028x[2J"
            who = queries.get_person(session=s, person_id=person.id)
            assert (who.name, who.contact) == (FOLDED, "]52;c;eA==mail me")
            assert queries.get_goal(session=s, event_id=ev.id).text == FOLDED
    finally:
        store.close()
    exported = document(journal_path)
    assert (exported["events"][0]["name"], exported["people"][0]["name"]) == (FOLDED, FOLDED)
    assert exported["events"][0]["goal"]["text"] == FOLDED


def test_the_columns_are_the_plain_text_columns_they_always_were(journal_path):
    """Cleaning is a step of the column type in Python; the file's schema doesn't change."""
    open_store(journal_path).close()
    declared = {
        (table, name): kind
        for (table,) in raw(journal_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
        for _, name, kind, *_ in raw(journal_path, f"PRAGMA table_info({table})")
    }
    for table, columns in {**ONE_LINE, **MULTI_LINE}.items():
        for column in columns:
            assert declared[(table, column)] == "VARCHAR", (table, column)
