"""A demo journal: about a year of events to explore before writing your own.

Every date, id and timestamp is worked out from `today` (DEMO_TODAY unless
given), so the same day always gives the same journal and screenshots stay
stable. Rows are built from the models directly because the ids and times must
be fixed; the database's constraints still check every one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlmodel import Session

from netjournal.errors import InputError
from netjournal.store import queries
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection, Row, Tag
from netjournal.transfer.demo_events import EVENTS
from netjournal.transfer.demo_specs import EVENT_TAGS, PEOPLE, PERSON_TAGS, EventSpec

DEMO_TODAY = date(2026, 11, 20)
_R = TypeVar("_R", bound=Row)
_NAMESPACE = uuid.UUID("6b2f3c1e-58a4-4d7e-9a0c-2f1d9e7b4c30")


def demo_id(kind: str, key: object) -> str:
    """A stable id for one demo row, the same in every demo journal."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _stamp(row: _R, created: datetime, updated: datetime | None = None) -> _R:
    row.created_at = created
    row.updated_at = updated or created
    return row


def _planned_on(spec: EventSpec, today: date) -> datetime:
    """When the event and its goal were written down: a few days ahead."""
    day = today + timedelta(days=spec.days)
    return _at(min(day - timedelta(days=5), today - timedelta(days=2)), 19, 30)


def _written_on(spec: EventSpec, today: date) -> datetime:
    """When the meet list and reflection were filled in: the evening after (or the plan, if still ahead)."""
    if spec.days > 0:
        return _planned_on(spec, today)
    day = today + timedelta(days=spec.days)
    return _at(min(day + timedelta(days=1), today), 21)


def write_demo(*, session: Session, today: date = DEMO_TODAY) -> int:
    """Write the demo journal into an empty journal; returns how many events it wrote."""
    if queries.count_events(session=session):
        raise InputError("This journal already has events; the demo only goes into a new or empty journal.")
    first_met: dict[str, datetime] = {}
    for spec in EVENTS:
        for m in spec.meetings:
            first_met.setdefault(m.person, _written_on(spec, today))
    for p in PEOPLE:
        session.add(
            _stamp(
                Person(
                    id=demo_id("person", p.key),
                    name=p.name,
                    great_at=p.great_at,
                    contact=p.contact,
                    notes=p.notes,
                    keep_in_touch=p.keep_in_touch,
                ),
                first_met[p.key],
            )
        )
        for name in PERSON_TAGS.get(p.key, ()):
            tag = Tag(record_table="person", record_id=demo_id("person", p.key), name=name)
            session.add(_stamp(tag, first_met[p.key]))
    session.flush()  # people first: meetings point at them
    for index, spec in enumerate(EVENTS):
        day = today + timedelta(days=spec.days)
        planned_on = _planned_on(spec, today)
        written_on = _written_on(spec, today)
        ev = Event(
            id=demo_id("event", index),
            name=spec.name,
            date=day,
            kind=spec.kind,
            location=spec.location,
            notes=spec.notes,
        )
        session.add(_stamp(ev, planned_on, written_on))
        for name in EVENT_TAGS.get(spec.name, ()):
            session.add(_stamp(Tag(record_table="event", record_id=ev.id, name=name), planned_on))
        session.flush()
        session.add(
            _stamp(
                Goal(
                    id=demo_id("goal", index),
                    event_id=ev.id,
                    text=spec.goal,
                    outcome=spec.outcome,
                    learned=spec.learned,
                ),
                planned_on,
                written_on,
            )
        )
        for slot, m in enumerate(spec.meetings, start=1):
            session.add(
                _stamp(
                    Meeting(
                        id=demo_id("meeting", f"{index}:{slot}"),
                        event_id=ev.id,
                        person_id=demo_id("person", m.person),
                        slot=slot,
                        status=m.status,
                        talked_about=m.talked_about,
                        not_work=m.not_work,
                        still_thinking=m.still_thinking,
                        follow_up=m.follow_up,
                        follow_up_due=None if m.due_after is None else day + timedelta(days=m.due_after),
                        followed_up_on=None
                        if m.followed_up_after is None
                        else day + timedelta(days=m.followed_up_after),
                    ),
                    written_on,
                    _at(day + timedelta(days=m.followed_up_after), 9) if m.followed_up_after else written_on,
                )
            )
        if spec.reflection is not None:
            r = spec.reflection
            session.add(
                _stamp(
                    Reflection(
                        id=demo_id("reflection", index),
                        event_id=ev.id,
                        showed_up=True,
                        energy_before=r.energy_before,
                        energy_after=r.energy_after,
                        hard=r.hard,
                        others_too=r.others_too,
                        friend_words=r.friend_words,
                        gained=r.gained,
                        proud=r.proud,
                        worry=r.worry,
                        worry_sure_before=r.worry_sure_before,
                        worry_happened=r.worry_happened,
                        worry_sure_after=r.worry_sure_after,
                    ),
                    written_on,
                )
            )
    session.flush()
    return len(EVENTS)


def demo_texts() -> list[str]:
    """Every sentence the demo writes, for the tone check."""
    texts: list[str] = []
    for p in PEOPLE:
        texts += [p.name, p.great_at, p.contact, p.notes]
    for ev in EVENTS:
        texts += [ev.name, ev.location, ev.goal, ev.learned, ev.notes]
        for m in ev.meetings:
            texts += [m.talked_about, m.not_work]
        if ev.reflection is not None:
            r = ev.reflection
            texts += [r.hard, r.others_too, r.friend_words, r.gained, r.proud, r.worry]
    return [t for t in texts if t]
