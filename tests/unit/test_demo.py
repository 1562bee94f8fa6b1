"""The demo journal: what it writes, that it is the same every time, and that it never writes over a journal."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select

from netjournal.cli import main
from netjournal.domain.tone import unkind_words
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.store.models import Event, Goal, Meeting, Reflection
from netjournal.store.stats import insights
from netjournal.transfer.demo import DEMO_TODAY, demo_texts, write_demo
from netjournal.transfer.export import journal_document


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_demo(path, today=DEMO_TODAY):
    store = open_store(path)
    try:
        with store.session() as session:
            write_demo(session=session, today=today)
    finally:
        store.close()


def exported(path, now):
    store = open_store(path)
    try:
        with store.session() as session:
            return journal_document(session=session, now=now)
    finally:
        store.close()


@pytest.fixture
def demo(journal_path):
    build_demo(journal_path)
    store = open_store(journal_path)
    yield store
    store.close()


def test_demo_holds_a_year_worth_exploring(demo):
    with demo.session() as s:
        events = s.exec(select(Event)).all()
        meetings = s.exec(select(Meeting)).all()
        goals = {g.event_id: g for g in s.exec(select(Goal))}
        reflections = s.exec(select(Reflection)).all()
    days = {e.id: e.date for e in events}
    assert 10 <= len(events) <= 15
    assert len({e.kind for e in events}) == 5
    assert min(days.values()) >= date(DEMO_TODAY.year - 1, DEMO_TODAY.month, DEMO_TODAY.day)
    assert max(Counter(m.event_id for m in meetings).values()) <= 2
    met_at = Counter(m.person_id for m in meetings if m.status == "met")
    assert sum(1 for n in met_at.values() if n >= 2) >= 3
    assert {"planned", "done", "let_go"} <= {m.follow_up for m in meetings}
    assert {"met", "partly", "not_this_time", "open"} <= {g.outcome for g in goals.values()}
    ahead = [e for e in events if e.date > DEMO_TODAY]
    assert len(ahead) == 1 and goals[ahead[0].id].outcome == "open"
    assert all(m.status == "hoping" for m in meetings if m.event_id == ahead[0].id)
    for m in meetings:
        if m.follow_up_due is not None:
            assert m.follow_up_due > days[m.event_id]
        if m.followed_up_on is not None:
            assert days[m.event_id] < m.followed_up_on <= DEMO_TODAY
    assert sum(1 for r in reflections if r.energy_before and r.energy_after) >= 8
    assert {"not_really", "a_little", "cant_stop"} == {m.still_thinking for m in meetings}
    assert sum(1 for m in meetings if m.not_work) >= 8


def test_demo_times_are_fixed_and_never_ahead_of_its_today(demo):
    with demo.session() as s:
        rows = [*s.exec(select(Event)), *s.exec(select(Meeting)), *s.exec(select(Reflection))]
    latest = datetime.combine(DEMO_TODAY, datetime.max.time())
    for row in rows:
        assert row.created_at <= row.updated_at
        assert row.created_at.replace(tzinfo=None) <= latest


def test_demo_insights_have_something_to_show(demo):
    with demo.session() as s:
        ins = insights(session=s, today=DEMO_TODAY)
    assert not ins.is_empty
    assert ins.showed_up_total == 12
    assert ins.circle_size >= 3
    assert ins.follow_ups_done >= 3
    assert len({n for _, n in ins.events_per_month}) >= 2  # the months differ, so the picture says something


def test_demo_is_the_same_every_time(tmp_path):
    build_demo(tmp_path / "a.db")
    build_demo(tmp_path / "b.db")
    a = exported(tmp_path / "a.db", datetime(2026, 11, 25, tzinfo=UTC))
    b = exported(tmp_path / "b.db", datetime(2027, 1, 1, tzinfo=UTC))
    assert a.pop("exported_at") != b.pop("exported_at")
    assert a == b


def test_demo_moves_with_its_today(tmp_path):
    build_demo(tmp_path / "later.db", today=date(2027, 6, 1))
    store = open_store(tmp_path / "later.db")
    try:
        with store.session() as s:
            newest = s.exec(select(Event).order_by(col(Event.date).desc())).first()
    finally:
        store.close()
    assert newest.date == date(2027, 6, 13)


def test_every_demo_word_is_kind(demo):
    assert demo_texts()
    for text in demo_texts():
        assert not unkind_words(text), text
    with demo.session() as s:
        document = journal_document(session=s)

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    for text in strings(document):
        assert not unkind_words(text), text


def test_write_demo_refuses_a_journal_with_events(journal_path):
    store = open_store(journal_path)
    try:
        with store.session() as s:
            queries.create_event(session=s, name="My own evening", date=date(2026, 1, 5))
        with pytest.raises(Exception, match="already has events"), store.session() as s:
            write_demo(session=s)
        with store.session() as s:
            assert queries.count_events(session=s) == 1
    finally:
        store.close()


# Command line -----------------------------------------------------------------


def test_demo_command_creates_the_journal(journal_path, capsys):
    assert not journal_path.exists()
    assert main(["--db", str(journal_path), "demo"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert str(journal_path) in out and f"netjournal --db {journal_path}" in out
    assert not unkind_words(out)
    store = open_store(journal_path)
    try:
        with store.session() as s:
            assert queries.count_events(session=s) == 12 + 1
    finally:
        store.close()


def test_demo_command_fills_an_empty_journal(journal_path):
    open_store(journal_path).close()
    assert main(["--db", str(journal_path), "demo"]) == 0


def test_demo_command_refuses_a_journal_with_events(journal_path, capsys):
    assert main(["--db", str(journal_path), "add", "Book club", "--date", "2026-01-05"]) == 0
    before = sha256(journal_path)
    files_before = sorted(p.name for p in journal_path.parent.iterdir())
    capsys.readouterr()

    assert main(["--db", str(journal_path), "demo"]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already has entries" in err
    assert sha256(journal_path) == before
    assert sorted(p.name for p in journal_path.parent.iterdir()) == files_before


def test_demo_command_refuses_a_journal_after_a_demo(journal_path):
    assert main(["--db", str(journal_path), "demo"]) == 0
    before = sha256(journal_path)
    assert main(["--db", str(journal_path), "demo"]) == 2
    assert sha256(journal_path) == before


def test_demo_command_refuses_a_file_that_is_not_a_journal(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("my private notes\n")
    before = sha256(path)
    assert main(["--db", str(path), "demo"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert sha256(path) == before
