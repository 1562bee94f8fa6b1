"""Keeping in touch: the people with a cadence, as the follow-up rule needs them, and what the
follow-up keys change for them: done, let go, snooze, undo.

The rule (when someone comes onto the list, and why) is `netjournal.domain.followups`'s
(`touch_due`, `touch_followup`). Only people with a cadence are read, through their own index.
Days are read as the text they are stored as, so what a hand edit left never breaks the list.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, update
from sqlmodel import Session, col, select

from netjournal.domain.cadence import OFF
from netjournal.domain.dates import read_day
from netjournal.domain.followups import TouchFact, snooze_problem
from netjournal.errors import InputError
from netjournal.store.history import keep
from netjournal.store.models import Event, Meeting, Person, new_id, utcnow
from netjournal.store.rows import CHUNK, alive, as_text, require


def touch_facts(*, session: Session, exclude: Collection[str] = ()) -> list[TouchFact]:
    """Everyone live with a keep-in-touch cadence (but those in `exclude`), with when you last met
    (the summary's `last_met`, and that event), followed up, or were in touch."""
    conn = session.connection()
    stmt = (
        select(col(Person.id), col(Person.name), col(Person.great_at), col(Person.keep_in_touch))
        .add_columns(
            as_text(Person.created_at),
            col(Person.events_met),
            as_text(Person.last_met),
            as_text(Person.kept_in_touch_on),
            as_text(Person.keep_in_touch_snoozed_until),
        )
        .where(col(Person.keep_in_touch) != OFF, alive(Person))
    )
    people = [row for row in conn.execute(stmt).all() if row[0] not in exclude]
    ids = [row[0] for row in people]
    met_at: dict[str, tuple[str, str]] = {}  # person -> (event id, event name) of their last meeting
    followed: dict[str, date] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        meetings = (
            select(col(Meeting.person_id), col(Meeting.follow_up), as_text(Meeting.followed_up_on))
            .add_columns(col(Event.id), col(Event.name), as_text(Event.date), col(Meeting.status))
            .join(Event, and_(col(Event.id) == col(Meeting.event_id), alive(Event)))
            .where(col(Meeting.person_id).in_(chunk), alive(Meeting))
            .order_by(col(Event.id))
        )
        last_met = {row[0]: row[6] for row in people[i : i + CHUNK]}
        for person_id, follow_up, followed_text, event_id, event_name, event_text, status in conn.execute(meetings):
            if follow_up == "done" and (day := read_day(followed_text)) is not None:
                followed[person_id] = max(day, followed.get(person_id, day))
            if status == "met" and event_text == last_met[person_id] and person_id not in met_at:
                met_at[person_id] = (event_id, event_name)
    return [_fact(row, met_at.get(row[0], ("", "")), followed.get(row[0])) for row in people]


def _fact(row: Any, met_at: tuple[str, str], followed_up_on: date | None) -> TouchFact:
    person_id, name, great_at, cadence, created, depth, last_met, kept_on, snoozed = row
    last_day = read_day(last_met) if met_at[0] else None
    return TouchFact(
        person_id=person_id,
        name=name,
        cadence=cadence,
        added_on=read_day(str(created)[:10]) or date.min,
        great_at=great_at,
        depth=depth or 0,
        last_met=last_day,
        last_event_id=met_at[0],
        last_event_name=met_at[1],
        followed_up_on=followed_up_on,
        kept_in_touch_on=read_day(kept_on),
        snoozed_until=read_day(snoozed),
    )


# Done, let go, snooze, undo ---------------------------------------------------------


@dataclass(frozen=True)
class TouchState:
    """A person's keep-in-touch fields as they were: pass to `restore_touch` to undo."""

    person_id: str
    keep_in_touch: str
    kept_in_touch_on: date | None
    keep_in_touch_snoozed_until: date | None


def _change(session: Session, person_id: str, **values: Any) -> TouchState:
    stmt = select(
        col(Person.keep_in_touch), as_text(Person.kept_in_touch_on), as_text(Person.keep_in_touch_snoozed_until)
    ).where(col(Person.id) == person_id, alive(Person))
    row = session.exec(stmt).first()
    if row is None:
        raise InputError("That person is no longer in the journal.")
    before = TouchState(person_id, row[0], read_day(row[1]), read_day(row[2]))
    session.execute(update(Person).where(col(Person.id) == person_id).values(**values, updated_at=utcnow()))
    return before


def touch_done(*, session: Session, person_id: str, today: date) -> TouchState:
    """You were in touch today: the clock starts again from today."""
    return _change(session, person_id, kept_in_touch_on=today, keep_in_touch_snoozed_until=None)


def touch_let_go(*, session: Session, person_id: str) -> TouchState:
    """Turn their cadence off. The cadence is kept in their History too, to be restored later."""
    person = require(session, Person, person_id)
    keep(session, person, {"keep_in_touch": OFF}, visit=new_id(), expected=None)
    session.flush()
    return _change(session, person_id, keep_in_touch=OFF)


def touch_snooze(*, session: Session, person_id: str, until: date, today: date) -> TouchState:
    """Leave them off the list until `until` (tomorrow or later)."""
    if (problem := snooze_problem(until, today)) is not None:
        raise InputError(problem)
    return _change(session, person_id, keep_in_touch_snoozed_until=until)


def restore_touch(*, session: Session, state: TouchState) -> None:
    """Put a person's keep-in-touch fields back as they were (the undo of done, let go and snooze)."""
    _change(
        session,
        state.person_id,
        keep_in_touch=state.keep_in_touch,
        kept_in_touch_on=state.kept_in_touch_on,
        keep_in_touch_snoozed_until=state.keep_in_touch_snoozed_until,
    )
