"""The journal as one document: JSON (the format import reads back)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from netjournal.store.models import Event, Goal, Meeting, Person, Reflection

FORMAT = "netjournal"
VERSION = 1


def iso_time(value: datetime | None) -> str | None:
    """UTC times as ISO 8601 with a Z, microseconds kept so import round-trips exactly."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person(p: Person) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "great_at": p.great_at,
        "contact": p.contact,
        "notes": p.notes,
        "created_at": iso_time(p.created_at),
        "updated_at": iso_time(p.updated_at),
    }


def _goal(g: Goal | None) -> dict[str, Any] | None:
    if g is None:
        return None
    return {"id": g.id, "text": g.text, "outcome": g.outcome, "learned": g.learned,
            "created_at": iso_time(g.created_at), "updated_at": iso_time(g.updated_at)}


def _meeting(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.id,
        "person_id": m.person_id,
        "slot": m.slot,
        "status": m.status,
        "talked_about": m.talked_about,
        "not_work": m.not_work,
        "still_thinking": m.still_thinking,
        "follow_up": m.follow_up,
        "follow_up_due": iso_date(m.follow_up_due),
        "followed_up_on": iso_date(m.followed_up_on),
        "created_at": iso_time(m.created_at),
        "updated_at": iso_time(m.updated_at),
    }


def _reflection(r: Reflection | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "id": r.id,
        "showed_up": r.showed_up,
        "energy_before": r.energy_before,
        "energy_after": r.energy_after,
        "hard": r.hard,
        "others_too": r.others_too,
        "friend_words": r.friend_words,
        "gained": r.gained,
        "proud": r.proud,
        "created_at": iso_time(r.created_at),
        "updated_at": iso_time(r.updated_at),
    }


def journal_document(*, session: Session, now: datetime | None = None) -> dict[str, Any]:
    """The whole journal, soft-deleted rows left out, in a stable order."""
    events = session.exec(
        select(Event).where(col(Event.deleted_at).is_(None)).order_by(Event.date, Event.id)
    ).all()
    goals = {g.event_id: g for g in session.exec(select(Goal).where(col(Goal.deleted_at).is_(None)))}
    reflections = {
        r.event_id: r for r in session.exec(select(Reflection).where(col(Reflection.deleted_at).is_(None)))
    }
    meetings: dict[str, list[Meeting]] = {}
    for m in session.exec(
        select(Meeting).where(col(Meeting.deleted_at).is_(None)).order_by(Meeting.event_id, Meeting.slot, Meeting.id)
    ):
        meetings.setdefault(m.event_id, []).append(m)
    people = session.exec(select(Person).where(col(Person.deleted_at).is_(None)).order_by(Person.id)).all()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_time(now or datetime.now(UTC)),
        "people": [_person(p) for p in people],
        "events": [
            {
                "id": e.id,
                "name": e.name,
                "date": iso_date(e.date),
                "kind": e.kind,
                "location": e.location,
                "notes": e.notes,
                "created_at": iso_time(e.created_at),
                "updated_at": iso_time(e.updated_at),
                "goal": _goal(goals.get(e.id)),
                "meetings": [_meeting(m) for m in meetings.get(e.id, [])],
                "reflection": _reflection(reflections.get(e.id)),
            }
            for e in events
        ],
    }


def dumps_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
