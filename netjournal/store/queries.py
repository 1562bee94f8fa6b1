"""Everything the screens and the command line ask of the journal.

Each function takes keyword-only arguments and a session, and returns plain
model objects or small dataclasses; nothing outside `store/` builds SQL. A function
that changes a row writes only the fields its shape in `store.changes` lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Unpack

from sqlalchemy import func
from sqlmodel import Session, col, select

from netjournal.domain.cadence import CadenceError, stored_cadence
from netjournal.domain.tags import tags_text
from netjournal.domain.vocab import KINDS
from netjournal.errors import InputError
from netjournal.store import changes
from netjournal.store import tags as tags_module
from netjournal.store.events import EventRow as EventRow
from netjournal.store.events import count_events as count_events
from netjournal.store.events import find_events_by_name as find_events_by_name
from netjournal.store.events import list_event_rows as list_event_rows
from netjournal.store.history import keep, keep_value
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection, utcnow
from netjournal.store.rows import alive, require, row_options, touch
from netjournal.store.trash import delete_event as delete_event
from netjournal.store.trash import delete_person as delete_person
from netjournal.store.trash import restore_event as restore_event

Seen = Mapping[str, object] | None  # a field's value as the page read it (`expected`), by field name


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
    tags: tuple[str, ...] = (),
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
    if tags:
        tags_module.write_tags(session=session, table="event", record_id=ev.id, tags=tags)
    return ev


def get_event(*, session: Session, event_id: str) -> Event | None:
    ev = session.get(Event, event_id)
    return ev if ev is not None and ev.deleted_at is None else None


def update_event(
    *,
    session: Session,
    event_id: str,
    visit: str | None = None,
    expected: Seen = None,
    **fields: Unpack[changes.EventChanges],
) -> Event:
    """Change an event; with `visit`, what it replaces is kept in History (see store.history.keep)."""
    changes.check_fields("update_event", fields, changes.EVENT_FIELDS)
    ev = require(session, Event, event_id)
    if "name" in fields and not str(fields["name"]).strip():
        raise InputError("An event needs a name.")
    if "kind" in fields and fields["kind"] not in KINDS:
        raise InputError(f'"{fields["kind"]}" is not a kind of event.')
    _save_tags(session, "event", event_id, fields.pop("tags", None), visit=visit, expected=expected)
    keep(session, ev, fields, visit=visit, expected=expected)
    for key, value in fields.items():
        setattr(ev, key, value)
    touch(ev)
    session.flush()
    return ev


def _save_tags(
    session: Session, table: str, record_id: str, new: tuple[str, ...] | None, *, visit: str | None, expected: Seen
) -> None:
    """Write a record's tags (None: leave them); what they replace goes to History as the other fields' do."""
    if new is None:
        return
    old = tags_module.tags_of(session=session, table=table, record_id=record_id)
    wanted = tuple(sorted(set(new)))
    if wanted == old:
        return
    if visit is not None or expected is not None:
        read = expected.get("tags", old) if expected is not None else old
        seen = read if isinstance(read, str) else tags_text(sorted(read)) if isinstance(read, tuple | list) else ""
        was = tags_text(old)
        keep_value(session, table=table, record_id=record_id, field="tags", old=was, seen=seen, visit=visit)
    tags_module.write_tags(session=session, table=table, record_id=record_id, tags=wanted)


# Goals ----------------------------------------------------------------------


def get_goal(*, session: Session, event_id: str) -> Goal | None:
    return session.exec(select(Goal).where(col(Goal.event_id) == event_id, alive(Goal))).first()


def save_goal(
    *,
    session: Session,
    event_id: str,
    visit: str | None = None,
    expected: Seen = None,
    **fields: Unpack[changes.GoalChanges],
) -> Goal:
    """Create the event's goal or change it; fields are text, outcome, learned. History as in `update_event`."""
    changes.check_fields("save_goal", fields, changes.GOAL_FIELDS)
    require(session, Event, event_id)
    goal = session.exec(select(Goal).where(col(Goal.event_id) == event_id)).first()
    if goal is None:
        goal = Goal(event_id=event_id)
        session.add(goal)
    keep(session, goal, fields, visit=visit, expected=expected)
    for key, value in fields.items():
        setattr(goal, key, value)
    goal.deleted_at = None
    touch(goal)
    session.flush()
    return goal


# Reflections ----------------------------------------------------------------


def get_reflection(*, session: Session, event_id: str) -> Reflection | None:
    return session.exec(select(Reflection).where(col(Reflection.event_id) == event_id, alive(Reflection))).first()


def save_reflection(
    *,
    session: Session,
    event_id: str,
    visit: str | None = None,
    expected: Seen = None,
    **fields: Unpack[changes.ReflectionChanges],
) -> Reflection:
    changes.check_fields("save_reflection", fields, changes.REFLECTION_FIELDS)
    require(session, Event, event_id)
    refl = session.exec(select(Reflection).where(col(Reflection.event_id) == event_id)).first()
    if refl is None:
        refl = Reflection(event_id=event_id)
        session.add(refl)
    keep(session, refl, fields, visit=visit, expected=expected)
    for key, value in fields.items():
        setattr(refl, key, value)
    refl.deleted_at = None
    touch(refl)
    session.flush()
    return refl


# People and meetings --------------------------------------------------------


def create_person(
    *, session: Session, name: str, great_at: str = "", contact: str = "", notes: str = "", tags: tuple[str, ...] = ()
) -> Person:
    name = name.strip()
    if not name:
        raise InputError("A person needs a name.")
    person = Person(name=name, great_at=great_at, contact=contact, notes=notes)
    session.add(person)
    session.flush()
    if tags:
        tags_module.write_tags(session=session, table="person", record_id=person.id, tags=tags)
    return person


def get_person(*, session: Session, person_id: str) -> Person | None:
    p = session.get(Person, person_id, options=row_options(Person))
    return p if p is not None and p.deleted_at is None else None


def update_person(
    *,
    session: Session,
    person_id: str,
    visit: str | None = None,
    expected: Seen = None,
    **fields: Unpack[changes.PersonChanges],
) -> Person:
    """Change what a person's page edits; renaming is `name=`. Their summary is the triggers' to keep."""
    changes.check_fields("update_person", fields, changes.PERSON_FIELDS)
    person = require(session, Person, person_id)
    if "name" in fields and not str(fields["name"]).strip():
        raise InputError("A person needs a name.")
    if "keep_in_touch" in fields:
        try:
            fields["keep_in_touch"] = stored_cadence(fields["keep_in_touch"])
        except CadenceError as err:
            raise InputError(str(err)) from None
    _save_tags(session, "person", person_id, fields.pop("tags", None), visit=visit, expected=expected)
    keep(session, person, fields, visit=visit, expected=expected)
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
        .options(*row_options(Person))
        .where(alive(Person), col(Person.name).ilike(f"{escaped}%", escape="\\"))
        .order_by(col(Person.name))
        .limit(limit)
    )
    return list(session.exec(stmt))


def meetings_for_event(*, session: Session, event_id: str) -> list[tuple[Meeting, Person]]:
    """The event's meet list (at most two), by slot, each with its person."""
    stmt = (
        select(Meeting, Person)
        .options(*row_options(Person))
        .join(Person, col(Person.id) == col(Meeting.person_id))
        .where(col(Meeting.event_id) == event_id, alive(Meeting))
        .order_by(col(Meeting.slot))
    )
    return [(m, p) for m, p in session.exec(stmt)]


def add_meeting(
    *, session: Session, event_id: str, person_id: str, slot: int, **fields: Unpack[changes.MeetingChanges]
) -> Meeting:
    changes.check_fields("add_meeting", fields, changes.MEETING_FIELDS)
    require(session, Event, event_id)
    require(session, Person, person_id)
    meeting = Meeting(event_id=event_id, person_id=person_id, slot=slot, **fields)
    session.add(meeting)
    session.flush()
    return meeting


def update_meeting(
    *,
    session: Session,
    meeting_id: str,
    visit: str | None = None,
    expected: Seen = None,
    **fields: Unpack[changes.MeetingChanges],
) -> Meeting:
    changes.check_fields("update_meeting", fields, changes.MEETING_FIELDS)
    meeting = require(session, Meeting, meeting_id)
    keep(session, meeting, fields, visit=visit, expected=expected)
    for key, value in fields.items():
        setattr(meeting, key, value)
    touch(meeting)
    session.flush()
    return meeting


def remove_meeting(*, session: Session, meeting_id: str) -> None:
    """Take a meeting off the meet list; the person stays in the journal."""
    meeting = require(session, Meeting, meeting_id)
    meeting.deleted_at = utcnow()
    touch(meeting)
    session.flush()


# The meet list, as the screens edit it ------------------------------------------


def list_people_names(*, session: Session, limit: int = 500) -> list[str]:
    """Everyone's name, for suggestions as you type (most recently touched first)."""
    stmt = select(col(Person.name)).where(alive(Person)).order_by(col(Person.updated_at).desc()).limit(limit)
    return list(dict.fromkeys(session.exec(stmt)))


def find_person_by_name(*, session: Session, name: str) -> Person | None:
    """The person with exactly this name (ignoring case and outer spaces), if there is one."""
    name = name.strip()
    if not name:
        return None
    stmt = (
        select(Person)
        .options(*row_options(Person))
        .where(alive(Person), func.lower(col(Person.name)) == name.lower())
        .order_by(col(Person.created_at))
    )
    return session.exec(stmt).first()


def meeting_in_slot(*, session: Session, event_id: str, slot: int) -> Meeting | None:
    stmt = select(Meeting).where(col(Meeting.event_id) == event_id, col(Meeting.slot) == slot, alive(Meeting))
    return session.exec(stmt).first()


def met_elsewhere(*, session: Session, person_id: str, meeting_id: str) -> bool:
    """Whether this person has a live meeting besides `meeting_id`."""
    stmt = select(col(Meeting.id)).where(
        col(Meeting.person_id) == person_id, col(Meeting.id) != meeting_id, alive(Meeting)
    )
    return session.exec(stmt.limit(1)).first() is not None


def save_meet_slot(
    *,
    session: Session,
    event_id: str,
    slot: int,
    name: str = "",
    great_at: str | None = None,
    visit: str | None = None,
    expected: Seen = None,
    **fields: Unpack[changes.MeetingChanges],
) -> tuple[Meeting, Person] | None:
    """Put the person called `name` in one meet-list slot and write the meeting's fields;
    safe to call again with the same values.

    The person is whoever in the journal has that name (any case), else a new person:
    a name no one has never renames anyone (renaming is `update_person`'s). Returns None
    when the slot has no name yet (nothing to keep). A blank name keeps whoever is in the
    slot; `great_at` left out keeps what they're great at, and so does a blank one for
    someone already in the journal who just joined this slot.
    """
    changes.check_fields("save_meet_slot", fields, changes.MEETING_FIELDS)
    name = name.strip()
    meeting = meeting_in_slot(session=session, event_id=event_id, slot=slot)
    linked = False  # an existing person just joined this slot: keep what we know about them
    if not name:
        if meeting is None:
            return None
        person = require(session, Person, meeting.person_id)
    else:
        match = find_person_by_name(session=session, name=name)
        if meeting is None:
            person = match or create_person(session=session, name=name)
            linked = match is not None
            meeting = add_meeting(session=session, event_id=event_id, person_id=person.id, slot=slot)
        else:
            person = require(session, Person, meeting.person_id)
            if match is not None and match.id != person.id:
                person = match
                linked = True
            elif match is None and person.name != name:
                person = create_person(session=session, name=name)
            if meeting.person_id != person.id:
                _check_not_listed(session, event_id, person)
                meeting.person_id = person.id
    if great_at is not None and great_at != person.great_at and not (linked and not great_at.strip()):
        # What the page read of "great at" was of whoever was in the slot, not of someone just linked.
        keep(session, person, {"great_at": great_at}, visit=visit, expected=None if linked else expected)
        person.great_at = great_at
        touch(person)
    keep(session, meeting, fields, visit=visit, expected=expected)
    for key, value in fields.items():
        setattr(meeting, key, value)
    touch(meeting)
    session.flush()
    return meeting, person


def _check_not_listed(session: Session, event_id: str, person: Person) -> None:
    stmt = select(col(Meeting.id)).where(
        col(Meeting.event_id) == event_id, col(Meeting.person_id) == person.id, alive(Meeting)
    )
    if session.exec(stmt).first() is not None:
        raise InputError(f"{person.name} is already on this meet list.")
