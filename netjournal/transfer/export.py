"""The journal as one document: JSON (the format import reads back), Markdown or CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String, type_coerce
from sqlmodel import Session, col, select

from netjournal.domain.vocab import FOLLOW_UPS, KINDS, OUTCOMES, STATUSES, STILL_THINKING
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection

FORMAT = "netjournal"
VERSION = 1


def iso_time(value: datetime | None) -> str | None:
    """UTC times as ISO 8601 with a Z, microseconds kept so import round-trips exactly.

    The journal keeps times in UTC without a zone, so a time without one is UTC.
    """
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _stored_time(text: str | None) -> str | None:
    """A time as the journal stores it ("2019-04-08 19:00:00.123456", UTC) in export form."""
    if text is None:
        return None
    if len(text) == 26 and text[10] == " " and text[19] == "." and text[:4].isdigit() and text[0] != "0":
        return f"{text[:10]}T{text[11:]}Z"
    return iso_time(datetime.fromisoformat(text))


def _stored_date(text: str | None) -> str | None:
    if text is None:
        return None
    if len(text) == 10 and text[:4].isdigit() and text[0] != "0":
        return text
    return iso_date(date.fromisoformat(text[:10]))


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


PERSON_COLUMNS = ("id", "name", "great_at", "contact", "notes", "created_at", "updated_at")
GOAL_COLUMNS = ("id", "text", "outcome", "learned", "created_at", "updated_at")
MEETING_COLUMNS = (
    "id",
    "person_id",
    "slot",
    "status",
    "talked_about",
    "not_work",
    "still_thinking",
    "follow_up",
    "follow_up_due",
    "followed_up_on",
    "created_at",
    "updated_at",
)
REFLECTION_COLUMNS = (
    "id",
    "showed_up",
    "energy_before",
    "energy_after",
    "hard",
    "others_too",
    "friend_words",
    "gained",
    "proud",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = ("id", "name", "date", "kind", "location", "notes", "created_at", "updated_at")


_TIMES = ("created_at", "updated_at")
_DATES = ("date", "follow_up_due", "followed_up_on")


def _as_json(names: tuple[str, ...], row) -> dict[str, Any]:
    """A row as the export writes it: times and dates (read as stored text) in ISO form."""
    out = dict(zip(names, row, strict=True))
    for key in _TIMES:
        out[key] = _stored_time(out[key])
    for key in _DATES:
        if key in out:
            out[key] = _stored_date(out[key])
    return out


def _live_rows(session: Session, model, names: tuple[str, ...], *, extra=(), order_by=()):
    """Tuples of the live rows of `model`: `extra` columns first, then `names`.

    Times and dates come back as the text SQLite holds, skipping a parse and a format per value.
    """
    columns = [
        type_coerce(getattr(model, name), String) if name in _TIMES or name in _DATES else getattr(model, name)
        for name in (*extra, *names)
    ]
    stmt = select(*columns).where(col(model.deleted_at).is_(None)).order_by(*order_by)
    return session.connection().execute(stmt)


def journal_document(*, session: Session, now: datetime | None = None) -> dict[str, Any]:
    """The whole journal, soft-deleted rows left out, in a stable order.

    Rows are read as plain tuples, not model objects, so a large journal exports quickly.
    """
    goals = {
        row[0]: _as_json(GOAL_COLUMNS, row[1:]) for row in _live_rows(session, Goal, GOAL_COLUMNS, extra=("event_id",))
    }
    reflections = {
        row[0]: _as_json(REFLECTION_COLUMNS, row[1:])
        for row in _live_rows(session, Reflection, REFLECTION_COLUMNS, extra=("event_id",))
    }
    meetings: dict[str, list[dict[str, Any]]] = {}
    order = (Meeting.event_id, Meeting.slot, Meeting.id)
    for row in _live_rows(session, Meeting, MEETING_COLUMNS, extra=("event_id",), order_by=order):
        meetings.setdefault(row[0], []).append(_as_json(MEETING_COLUMNS, row[1:]))
    people = [
        _as_json(PERSON_COLUMNS, row) for row in _live_rows(session, Person, PERSON_COLUMNS, order_by=(Person.id,))
    ]
    events = []
    for row in _live_rows(session, Event, EVENT_COLUMNS, order_by=(Event.date, Event.id)):
        event = _as_json(EVENT_COLUMNS, row)
        event["goal"] = goals.get(event["id"])
        event["meetings"] = meetings.get(event["id"], [])
        event["reflection"] = reflections.get(event["id"])
        events.append(event)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_time(now or datetime.now(UTC)),
        "people": people,
        "events": events,
    }


def dumps_json(document: dict[str, Any]) -> str:
    """`json.dumps(document, ensure_ascii=False, indent=2)` and a newline, byte for byte.

    The standard library drops to its pure-Python encoder when asked to indent; this
    writes the same text a good deal faster, which matters for a journal of 250,000 rows.
    """
    out: list[str] = []
    _dump(document, "\n", out)
    out.append("\n")
    return "".join(out)


_encode_str = json.encoder.encode_basestring  # the C version when there is one, as json.dumps uses


def _dump(value: Any, newline: str, out: list[str]) -> None:
    """Append `value` as indented JSON; `newline` is a newline and the current indent."""
    if isinstance(value, str):
        out.append(_encode_str(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for key, item in value.items():
            out.append(("{" if first else ",") + inner + _encode_str(_json_key(key)) + ": ")
            first = False
            _dump(item, inner, out)
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        first = True
        for item in value:
            out.append(("[" if first else ",") + inner)
            first = False
            _dump(item, inner, out)
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif type(value) is int:
        out.append(int.__repr__(value))
    else:
        out.append(json.dumps(value))


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    return json.dumps(key).strip('"')


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
        return [*lines, "No reflection yet."]
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
    "event_date",
    "event_name",
    "event_kind",
    "event_location",
    "goal",
    "goal_outcome",
    "slot",
    "status",
    "person_name",
    "person_great_at",
    "person_contact",
    "talked_about",
    "not_work",
    "still_thinking",
    "follow_up",
    "follow_up_due",
    "followed_up_on",
    "event_id",
    "person_id",
    "meeting_id",
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
                ev["date"],
                ev["name"],
                KINDS.get(ev["kind"], ev["kind"]),
                ev["location"],
                goal.get("text", ""),
                OUTCOMES.get(goal["outcome"], "") if goal else "",
                str(m["slot"]),
                STATUSES.get(m["status"], m["status"]),
                person.get("name", ""),
                person.get("great_at", ""),
                person.get("contact", ""),
                m["talked_about"],
                m["not_work"],
                STILL_THINKING.get(m["still_thinking"], m["still_thinking"]),
                FOLLOW_UPS.get(m["follow_up"], m["follow_up"]),
                m["follow_up_due"] or "",
                m["followed_up_on"] or "",
                ev["id"],
                m["person_id"],
                m["id"],
            )
            writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue()
