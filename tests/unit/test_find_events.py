"""Finding events by name for the command palette: a few at a time, the newest of each name, never the deleted."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.store import queries
from netjournal.store.engine import open_store


@pytest.fixture
def store(journal_path):
    s = open_store(journal_path)
    yield s
    s.close()


def add(store, name, day):
    with store.session() as session:
        return queries.create_event(session=session, name=name, date=day).id


def find(store, text, limit=20):
    with store.session() as session:
        return queries.find_events_by_name(session=session, text=text, limit=limit)


def test_the_newest_event_of_each_matching_name_newest_first(store):
    add(store, "Python meetup", date(2019, 1, 10))
    newest = add(store, "Python meetup", date(2019, 3, 14))
    talk = add(store, "A python talk", date(2019, 2, 1))
    add(store, "Rust dinner", date(2019, 4, 1))
    assert find(store, "PYTHON") == [
        (newest, "Python meetup", date(2019, 3, 14)),
        (talk, "A python talk", date(2019, 2, 1)),
    ]


def test_deleted_events_are_not_found(store):
    gone = add(store, "Book club", date(2019, 1, 1))
    kept = add(store, "Book club", date(2018, 1, 1))
    with store.session() as session:
        queries.delete_event(session=session, event_id=gone)
    assert find(store, "book") == [(kept, "Book club", date(2018, 1, 1))]


def test_wildcards_are_taken_as_typed(store):
    add(store, "100% remote meetup", date(2019, 1, 1))
    add(store, "1000 founders", date(2019, 1, 2))
    add(store, "a_b testing talk", date(2019, 1, 3))
    add(store, "axb talk", date(2019, 1, 4))
    assert [name for _id, name, _day in find(store, "100%")] == ["100% remote meetup"]
    assert [name for _id, name, _day in find(store, "a_b")] == ["a_b testing talk"]


def test_at_most_limit_names(store):
    for i in range(30):
        add(store, f"Meetup {i:02d}", date(2019, 1, 1 + i))
    assert len(find(store, "meetup", limit=5)) == 5
