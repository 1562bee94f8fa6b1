"""The journal as one document: JSON (the format import reads back), Markdown or CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from netjournal.domain.vocab import FOLLOW_UPS, KINDS, OUTCOMES, STATUSES, STILL_THINKING
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


FORMATS = ("json", "markdown", "csv")


def render(document: dict[str, Any], fmt: str) -> str:
    """The document as text in one of FORMATS."""
    if fmt == "json":
        return dumps_json(document)
    if fmt == "markdown":
        return dumps_markdown(document)
    if fmt == "csv":
        return dumps_csv(document)
    raise ValueError(f"unknown export format {fmt!r}")


# Markdown: for reading. Names and notes go in exactly as typed.


def _energy(value: int | None) -> str:
    return f"{value} of 5" if value is not None else "not noted"


def _md_goal(goal: dict[str, Any] | None) -> list[str]:
    lines = ["### Goal", ""]
    if goal is None or not goal["text"]:
        lines.append("No goal written down.")
    else:
        lines.append(goal["text"])
    if goal is not None:
        lines += ["", f"Outcome: {OUTCOMES.get(goal['outcome'], goal['outcome'])}."]
        if goal["learned"]:
            lines += ["", "What I learned:", "", goal["learned"]]
    return lines


def _md_meeting(meeting: dict[str, Any], person: dict[str, Any] | None) -> list[str]:
    name = person["name"] if person else "(someone no longer in the journal)"
    lines = [f"#### {meeting['slot']}. {name} ({STATUSES.get(meeting['status'], meeting['status'])})", ""]
    facts = []
    if person and person["great_at"]:
        facts.append(("Great at", person["great_at"]))
    if person and person["contact"]:
        facts.append(("How to reach them", person["contact"]))
    if meeting["talked_about"]:
        facts.append(("What we talked about", meeting["talked_about"]))
    if meeting["not_work"]:
        facts.append(("Not about work", meeting["not_work"]))
    facts.append(("Still thinking about it", STILL_THINKING.get(meeting["still_thinking"], meeting["still_thinking"])))
    follow_up = FOLLOW_UPS.get(meeting["follow_up"], meeting["follow_up"])
    if meeting["follow_up_due"]:
        follow_up += f", around {meeting['follow_up_due']}"
    if meeting["followed_up_on"]:
        follow_up += f", followed up on {meeting['followed_up_on']}"
    facts.append(("Follow-up", follow_up))
    lines += [f"- {label}: {value}" for label, value in facts]
    return lines


def _md_reflection(refl: dict[str, Any] | None) -> list[str]:
    lines = ["### Reflection", ""]
    if refl is None:
        return lines + ["No reflection yet."]
    if refl["showed_up"]:
        lines.append("I showed up.")
    lines += ["", f"Energy before: {_energy(refl['energy_before'])}. After: {_energy(refl['energy_after'])}."]
    for label, key in (
        ("What was hard", "hard"),
        ("Who else finds this hard", "others_too"),
        ("What I'd tell a friend in my place", "friend_words"),
        ("What I gained", "gained"),
        ("What I'm proud of", "proud"),
    ):
        if refl[key]:
            lines += ["", f"{label}:", "", refl[key]]
    return lines


def dumps_markdown(document: dict[str, Any]) -> str:
    people = {p["id"]: p for p in document["people"]}
    out = [
        "# My networking journal",
        "",
        f"Exported {document['exported_at']}: {len(document['events'])} events, {len(people)} people.",
    ]
    for ev in document["events"]:
        about = [ev["date"], KINDS.get(ev["kind"], ev["kind"])]
        if ev["location"]:
            about.append(ev["location"])
        out += ["", f"## {ev['date']} {ev['name']}", "", " · ".join(about)]
        if ev["notes"]:
            out += ["", ev["notes"]]
        out += ["", *_md_goal(ev["goal"]), "", "### Who I talked with", ""]
        if not ev["meetings"]:
            out.append("Nobody noted yet.")
        for i, meeting in enumerate(ev["meetings"]):
            if i:
                out.append("")
            out += _md_meeting(meeting, people.get(meeting["person_id"]))
        out += ["", *_md_reflection(ev["reflection"])]
    return "\n".join(out) + "\n"


# CSV: one row per meeting, for spreadsheets.

CSV_COLUMNS = (
    "event_date", "event_name", "event_kind", "event_location", "goal", "goal_outcome",
    "slot", "status", "person_name", "person_great_at", "person_contact",
    "talked_about", "not_work", "still_thinking", "follow_up", "follow_up_due", "followed_up_on",
    "event_id", "person_id", "meeting_id",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """A leading quote keeps a spreadsheet from running the cell as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def dumps_csv(document: dict[str, Any]) -> str:
    people = {p["id"]: p for p in document["people"]}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for ev in document["events"]:
        goal = ev["goal"] or {}
        for m in ev["meetings"]:
            person = people.get(m["person_id"], {})
            row = (
                ev["date"], ev["name"], KINDS.get(ev["kind"], ev["kind"]), ev["location"],
                goal.get("text", ""), OUTCOMES.get(goal["outcome"], "") if goal else "",
                str(m["slot"]), STATUSES.get(m["status"], m["status"]), person.get("name", ""),
                person.get("great_at", ""), person.get("contact", ""),
                m["talked_about"], m["not_work"], STILL_THINKING.get(m["still_thinking"], m["still_thinking"]),
                FOLLOW_UPS.get(m["follow_up"], m["follow_up"]), m["follow_up_due"] or "", m["followed_up_on"] or "",
                ev["id"], m["person_id"], m["id"],
            )
            writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue()
