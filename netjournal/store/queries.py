"""Everything the screens and the command line ask of the journal.

Each function takes keyword-only arguments and a session, and returns plain
model objects or small dataclasses; nothing outside `store/` builds SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func
from sqlmodel import Session, col, select

from netjournal.domain.vocab import KINDS
from netjournal.errors import InputError
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection, utcnow


@dataclass(frozen=True)
class EventRow:
    """One line of the Events list."""

    id: str
    date: date
    name: str
    kind: str
    goal_text: str
    outcome: str | None
    people_met: int
    has_reflection: bool


def _alive(model):
    return col(model.deleted_at).is_(None)


def touch(obj) -> None:
    obj.updated_at = utcnow()


# Events ---------------------------------------------------------------------


def create_event(
    *,
    session: Session,
    name: str,
    date: date,
    kind: str = "other",
    location: str = "",
    notes: str = "",
    goal_text: str | None = None,
) -> Event:
    name = name.strip()
    if not name:
        raise InputError("An event needs a name.")
    if kind not in KINDS:
        raise InputError(f'"{kind}" is not a kind of event; pick one of {", ".join(KINDS)}.')
    ev = Event(name=name, date=date, kind=kind, location=location.strip(), notes=notes)
    session.add(ev)
    if goal_text is not None:
        session.add(Goal(event_id=ev.id, text=goal_text.strip()))
    session.flush()
    return ev


def get_event(*, session: Session, event_id: str) -> Event | None:
    ev = session.get(Event, event_id)
    return ev if ev is not None and ev.deleted_at is None else None


def update_event(*, session: Session, event_id: str, **fields) -> Event:
    ev = _require(session, Event, event_id)
    if "name" in fields and not str(fields["name"]).strip():
        raise InputError("An event needs a name.")
    if "kind" in fields and fields["kind"] not in KINDS:
        raise InputError(f'"{fields["kind"]}" is not a kind of event.')
    for key, value in fields.items():
        setattr(ev, key, value)
    touch(ev)
    session.flush()
    return ev


def list_event_rows(*, session: Session, limit: int = 100, offset: int = 0) -> list[EventRow]:
    """Events newest first, a page at a time, with what the Events list shows."""
    met = (
        select(func.count())
        .where(Meeting.event_id == Event.id, _alive(Meeting), Meeting.status == "met")
        .scalar_subquery()
    )
    reflected = exists().where(Reflection.event_id == Event.id, _alive(Reflection))
    stmt = (
        select(Event.id, Event.date, Event.name, Event.kind, Goal.text, Goal.outcome, met, reflected)
        .outerjoin(Goal, (Goal.event_id == Event.id) & _alive(Goal))
        .where(_alive(Event))
        .order_by(col(Event.date).desc(), col(Event.id).desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        EventRow(
            id=r[0],
            date=r[1],
            name=r[2],
            kind=r[3],
            goal_text=r[4] or "",
            outcome=r[5],
            people_met=r[6],
            has_reflection=bool(r[7]),
        )
        for r in session.exec(stmt)
    ]


def count_events(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(Event).where(_alive(Event))).one()


def find_events_by_name(*, session: Session, text: str, limit: int = 20) -> list[tuple[str, str, date]]:
    """(id, name, date) of the newest live event of each of up to `limit` names containing `text`, newest first.

    The names are found on ix_event_name, so a large journal is never read whole.
    """
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    names = (
        select(Event.name)
        .where(col(Event.name).like(pattern, escape="\\"))
        .distinct()
        .order_by(Event.name)
        .limit(limit)
    )
    stmt = (
        select(Event.id, Event.name, Event.date)
        .where(col(Event.name).in_(names), _alive(Event))
        .order_by(col(Event.date).desc(), col(Event.id).desc())
    )
    newest: dict[str, tuple[str, str, date]] = {}
    for event_id, name, day in session.exec(stmt):
        newest.setdefault(name, (event_id, name, day))
    return list(newest.values())


def delete_event(*, session: Session, event_id: str) -> None:
    """Soft delete: the event disappears from every list until restored."""
    ev = _require(session, Event, event_id)
    ev.deleted_at = utcnow()
    touch(ev)
    session.flush()


def restore_event(*, session: Session, event_id: str) -> Event:
    ev = session.get(Event, event_id)
    if ev is None:
        raise InputError("That event is no longer in the journal.")
    ev.deleted_at = None
    touch(ev)
    session.flush()
    return ev


# Goals ----------------------------------------------------------------------


def get_goal(*, session: Session, event_id: str) -> Goal | None:
    return session.exec(select(Goal).where(Goal.event_id == event_id, _alive(Goal))).first()


def save_goal(*, session: Session, event_id: str, **fields) -> Goal:
    """Create the event's goal or change it; fields are text, outcome, learned."""
    _require(session, Event, event_id)
    goal = session.exec(select(Goal).where(Goal.event_id == event_id)).first()
    if goal is None:
        goal = Goal(event_id=event_id)
        session.add(goal)
    for key, value in fields.items():
        setattr(goal, key, value)
    goal.deleted_at = None
    touch(goal)
    session.flush()
    return goal


# Reflections ----------------------------------------------------------------


def get_reflection(*, session: Session, event_id: str) -> Reflection | None:
    return session.exec(select(Reflection).where(Reflection.event_id == event_id, _alive(Reflection))).first()


def save_reflection(*, session: Session, event_id: str, **fields) -> Reflection:
    _require(session, Event, event_id)
    refl = session.exec(select(Reflection).where(Reflection.event_id == event_id)).first()
    if refl is None:
        refl = Reflection(event_id=event_id)
        session.add(refl)
    for key, value in fields.items():
        setattr(refl, key, value)
    refl.deleted_at = None
    touch(refl)
    session.flush()
    return refl


# People and meetings --------------------------------------------------------


def create_person(*, session: Session, name: str, great_at: str = "", contact: str = "", notes: str = "") -> Person:
    name = name.strip()
    if not name:
        raise InputError("A person needs a name.")
    person = Person(name=name, great_at=great_at, contact=contact, notes=notes)
    session.add(person)
    session.flush()
    return person


def get_person(*, session: Session, person_id: str) -> Person | None:
    p = session.get(Person, person_id)
    return p if p is not None and p.deleted_at is None else None


def update_person(*, session: Session, person_id: str, **fields) -> Person:
    person = _require(session, Person, person_id)
    if "name" in fields and not str(fields["name"]).strip():
        raise InputError("A person needs a name.")
    for key, value in fields.items():
        setattr(person, key, value)
    touch(person)
    session.flush()
    return person


def find_people(*, session: Session, prefix: str, limit: int = 8) -> list[Person]:
    """People whose name starts with `prefix` (any case), for suggestions as you type."""
    prefix = prefix.strip()
    if not prefix:
        return []
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stmt = (
        select(Person)
        .where(_alive(Person), col(Person.name).ilike(f"{escaped}%", escape="\\"))
        .order_by(Person.name)
        .limit(limit)
    )
    return list(session.exec(stmt))


def meetings_for_event(*, session: Session, event_id: str) -> list[tuple[Meeting, Person]]:
    """The event's meet list (at most two), by slot, each with its person."""
    stmt = (
        select(Meeting, Person)
        .join(Person, Person.id == Meeting.person_id)
        .where(Meeting.event_id == event_id, _alive(Meeting))
        .order_by(Meeting.slot)
    )
    return [(m, p) for m, p in session.exec(stmt)]


def add_meeting(*, session: Session, event_id: str, person_id: str, slot: int, **fields) -> Meeting:
    _require(session, Event, event_id)
    _require(session, Person, person_id)
    meeting = Meeting(event_id=event_id, person_id=person_id, slot=slot, **fields)
    session.add(meeting)
    session.flush()
    return meeting


def update_meeting(*, session: Session, meeting_id: str, **fields) -> Meeting:
    meeting = _require(session, Meeting, meeting_id)
    for key, value in fields.items():
        setattr(meeting, key, value)
    touch(meeting)
    session.flush()
    return meeting


def remove_meeting(*, session: Session, meeting_id: str) -> None:
    """Take a meeting off the meet list; the person stays in the journal."""
    meeting = _require(session, Meeting, meeting_id)
    meeting.deleted_at = utcnow()
    touch(meeting)
    session.flush()


def _require(session: Session, model, row_id: str):
    obj = session.get(model, row_id)
    if obj is None or obj.deleted_at is not None:
        raise InputError(f"That {model.__name__.lower()} is no longer in the journal.")
    return obj


# The meet list, as the screens edit it ------------------------------------------


def list_people_names(*, session: Session, limit: int = 500) -> list[str]:
    """Everyone's name, for suggestions as you type (most recently touched first)."""
    stmt = select(Person.name).where(_alive(Person)).order_by(col(Person.updated_at).desc()).limit(limit)
    return list(dict.fromkeys(session.exec(stmt)))


def find_person_by_name(*, session: Session, name: str) -> Person | None:
    """The person with exactly this name (ignoring case and outer spaces), if there is one."""
    name = name.strip()
    if not name:
        return None
    stmt = select(Person).where(_alive(Person), func.lower(Person.name) == name.lower()).order_by(Person.created_at)
    return session.exec(stmt).first()


def meeting_in_slot(*, session: Session, event_id: str, slot: int) -> Meeting | None:
    stmt = select(Meeting).where(Meeting.event_id == event_id, Meeting.slot == slot, _alive(Meeting))
    return session.exec(stmt).first()


def _other_meetings(session: Session, person_id: str, meeting_id: str) -> int:
    stmt = (
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.person_id == person_id, Meeting.id != meeting_id, _alive(Meeting))
    )
    return session.exec(stmt).one()


def save_meet_slot(
    *,
    session: Session,
    event_id: str,
    slot: int,
    name: str = "",
    great_at: str | None = None,
    **fields,
) -> tuple[Meeting, Person] | None:
    """Write one meet-list slot as typed; safe to call again with the same values.

    A name matching someone already in the journal links that person. Renaming
    a person met only here renames them (they are still being typed); renaming
    someone met elsewhere starts a new person and leaves the old one as they were.
    Returns None when the slot has no name yet (nothing to keep). A blank name
    keeps whoever is in the slot; `great_at` left out keeps what they're great at.
    """
    name = name.strip()
    meeting = meeting_in_slot(session=session, event_id=event_id, slot=slot)
    linked = False  # an existing person just joined this slot: keep what we know about them
    if not name:
        if meeting is None:
            return None
        person = _require(session, Person, meeting.person_id)
    else:
        match = find_person_by_name(session=session, name=name)
        if meeting is None:
            person = match or create_person(session=session, name=name)
            linked = match is not None
            meeting = add_meeting(session=session, event_id=event_id, person_id=person.id, slot=slot)
        else:
            person = _require(session, Person, meeting.person_id)
            if match is not None and match.id != person.id:
                person = match
                linked = True
            elif match is None and person.name != name:
                if _other_meetings(session, person.id, meeting.id):
                    person = create_person(session=session, name=name)
                else:
                    person.name = name
                    touch(person)
            if meeting.person_id != person.id:
                taken = session.exec(
                    select(Meeting).where(Meeting.event_id == event_id, Meeting.person_id == person.id, _alive(Meeting))
                ).first()
                if taken is not None:
                    raise InputError(f"{person.name} is already on this meet list.")
                meeting.person_id = person.id
    if great_at is not None and great_at != person.great_at and not (linked and not great_at.strip()):
        person.great_at = great_at
        touch(person)
    for key, value in fields.items():
        setattr(meeting, key, value)
    touch(meeting)
    session.flush()
    return meeting, person
