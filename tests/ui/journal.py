"""Shared by the pilot and snapshot tests: a fixed day, the app on a tmp journal, seeded data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netjournal.app import NetJournalApp, make_app

TODAY = date(2019, 4, 9)


def build_app(path: Path) -> NetJournalApp:
    return make_app(db_path=path, today=TODAY, blink=False)


def read(path: Path, job):
    """Run `job(queries, session)` on the journal file, as a separate reader would."""
    from netjournal.store import queries
    from netjournal.store.engine import open_store

    store = open_store(path)
    try:
        with store.session() as session:
            return job(queries, session)
    finally:
        store.close()


def seed(path: Path) -> dict[str, str]:
    """A small journal: three events, one with a goal, two people, and a reflection."""

    def job(q, s):
        ids = {}
        ev = q.create_event(
            session=s,
            name="PyCon Lisbon",
            date=date(2019, 4, 8),
            kind="conference",
            location="Lisbon",
            goal_text="ask two people how they got into data work",
        )
        ids["pycon"] = ev.id
        q.save_goal(session=s, event_id=ev.id, outcome="partly", learned="Most people feel shy at first too")
        ada = q.create_person(session=s, name="Ada Lovelace", great_at="compilers")
        ids["ada"] = ada.id
        q.save_meet_slot(
            session=s,
            event_id=ev.id,
            slot=1,
            name="Ada Lovelace",
            great_at="compilers",
            talked_about="parsers",
            not_work="walked the old town together",
            status="met",
            still_thinking="cant_stop",
            follow_up="planned",
            follow_up_due=date(2019, 4, 10),
        )
        q.save_meet_slot(
            session=s,
            event_id=ev.id,
            slot=2,
            name="[bold]Grace[/]",
            great_at="teaching",
            talked_about="first talks",
            not_work="",
            status="met",
            still_thinking="a_little",
            follow_up="undecided",
            follow_up_due=None,
        )
        q.save_reflection(
            session=s,
            event_id=ev.id,
            energy_before=2,
            energy_after=4,
            hard="the first hello",
            others_too="most of the room",
            friend_words="you went, that's the big part",
            gained="two names",
            proud="asked a question in the Q&A",
        )
        ids["dinner"] = q.create_event(session=s, name="[red]Team dinner[/]", date=date(2019, 3, 1), kind="dinner").id
        ids["talk"] = q.create_event(
            session=s, name="Rust talk", date=date(2019, 4, 20), kind="talk", goal_text="meet people"
        ).id
        return ids

    return read(path, job)
