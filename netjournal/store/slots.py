"""The meet list's slots, one explicit operation at a time.

The Meet page decides when a person is linked, made or removed (while a name is still being
typed, nothing is); these functions only do what they are asked. What a slot's meeting holds
(talked about, follow-up, ...) is written by `queries.save_meet_slot`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from netjournal.errors import InputError
from netjournal.store.models import History, Meeting, Person
from netjournal.store.queries import add_meeting, meeting_in_slot
from netjournal.store.rows import alive, require, touch
from netjournal.store.trash import delete_person


@dataclass(frozen=True)
class Match:
    """Someone whose name holds what is being typed, with what tells two of one name apart."""

    id: str
    name: str
    great_at: str


def people_matching(*, session: Session, text: str, limit: int = 5) -> list[Match]:
    """Up to `limit` people whose name contains `text` (any case): names starting with it first, then by name."""
    text = text.strip()
    if not text:
        return []
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    starts = case((col(Person.name).ilike(f"{escaped}%", escape="\\"), 0), else_=1)
    stmt = (
        select(col(Person.id), col(Person.name), col(Person.great_at))
        .where(alive(Person), col(Person.name).ilike(f"%{escaped}%", escape="\\"))
        .order_by(starts, func.lower(col(Person.name)), col(Person.created_at))
        .limit(limit)
    )
    return [Match(id=row[0], name=row[1], great_at=row[2]) for row in session.exec(stmt)]


def link_person(*, session: Session, event_id: str, slot: int, person_id: str) -> tuple[Meeting, str | None]:
    """Put person `person_id` in `slot` of the event: the slot's meeting (made if the slot is empty)
    is now with them, and keeps what it holds. Returns the meeting and whoever was in the slot
    before (None if no one, or the same person); they stay in the journal as they were."""
    person = require(session, Person, person_id)
    meeting = meeting_in_slot(session=session, event_id=event_id, slot=slot)
    if meeting is not None and meeting.person_id == person.id:
        return meeting, None
    listed = select(col(Meeting.id)).where(
        col(Meeting.event_id) == event_id, col(Meeting.person_id) == person.id, alive(Meeting)
    )
    if session.exec(listed).first() is not None:
        raise InputError(f"{person.name} is already on this meet list.")
    if meeting is None:
        return add_meeting(session=session, event_id=event_id, person_id=person.id, slot=slot), None
    before = meeting.person_id
    meeting.person_id = person.id
    touch(meeting)
    session.flush()
    return meeting, before


def remove_person_if_empty(*, session: Session, person_id: str) -> bool:
    """Delete for good a person who holds nothing: no meeting (not even a swapped-out one), and no
    great at, contact or notes. Anyone holding anything stays. Returns whether they were removed.

    For a person a meet slot made a moment ago and has just let go of (a name typed wrong):
    the caller knows that; this only checks that nothing would be lost."""
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        return False
    met = select(col(Meeting.id)).where(col(Meeting.person_id) == person_id).limit(1)
    if session.exec(met).first() is not None:
        return False
    if any(text.strip() for text in (person.great_at, person.contact, person.notes, person.keep_in_touch)):
        return False
    # Their History (a name they held for a moment) goes with them: nothing else points at them.
    for entry in session.exec(select(History).where(col(History.record_id) == person_id)):
        session.delete(entry)
    session.delete(person)
    session.flush()
    return True


def trash_person_if_unused(*, session: Session, person_id: str) -> str | None:
    """Move to the Trash someone a meet slot has let go who holds nothing else in the journal: no
    meeting on any meet list, no great at, contact or notes. Returns their name if so.

    For a person a slot made in an earlier visit (a name typed wrong then): no one is left in People
    with nothing to their name, and nothing is lost, since the Trash brings them back."""
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        return None
    live = select(col(Meeting.id)).where(col(Meeting.person_id) == person_id, alive(Meeting)).limit(1)
    if session.exec(live).first() is not None:
        return None
    if any(text.strip() for text in (person.great_at, person.contact, person.notes, person.keep_in_touch)):
        return None
    delete_person(session=session, person_id=person_id)
    return person.name
