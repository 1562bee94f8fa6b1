"""Who is worth a follow-up. Pure: no UI, no database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# Rule 5: never same-day. A suggestion falls between two days and a week after the event.
SOONEST = timedelta(days=2)
LATEST = timedelta(days=7)

CIRCLE_DEPTH = 2  # met at this many events (or followed up with) puts someone in your circle
_SNIPPET = 60


def suggest_due(event_date: date, today: date) -> date:
    """A calm due date for a follow-up: tomorrow if that fits, never the event's own day."""
    return min(max(event_date + SOONEST, today + timedelta(days=1)), event_date + LATEST)


@dataclass(frozen=True)
class MeetingFact:
    """One live meeting, with what ranking needs to know about its person and event."""

    meeting_id: str
    person_id: str
    name: str
    event_id: str
    event_name: str
    event_date: date
    great_at: str = ""
    status: str = "met"
    talked_about: str = ""
    not_work: str = ""
    still_thinking: str = "a_little"
    follow_up: str = "undecided"
    follow_up_due: date | None = None
    followed_up_on: date | None = None
    # Known from the whole journal when these facts hold only the planned meetings.
    events_met: int | None = None
    last_met: date | None = None


@dataclass(frozen=True)
class FollowUp:
    """One person on the follow-up list, and the meeting behind it."""

    person_id: str
    name: str
    due: date
    reason: str
    ask_about: str
    event_id: str
    meeting_id: str
    depth: int
    last_met: date


def depth(facts: Iterable[MeetingFact]) -> int:
    """How many different events you met this person at (hoped-for meetings don't count)."""
    return len({f.event_id for f in facts if f.status == "met"})


def in_circle(facts: Iterable[MeetingFact]) -> bool:
    """Met at two or more events, or followed up with at least once."""
    facts = list(facts)
    return depth(facts) >= CIRCLE_DEPTH or any(f.follow_up == "done" for f in facts)


def due_date(fact: MeetingFact, today: date) -> date:
    """The date the user set, else a calm suggestion after the event."""
    return fact.follow_up_due if fact.follow_up_due is not None else suggest_due(fact.event_date, today)


def rank_followups(facts: Iterable[MeetingFact], *, today: date) -> list[FollowUp]:
    """The few people worth a follow-up, soonest first.

    `facts` are live meetings. A person's depth and most recent meeting come
    from `events_met`/`last_met` when a fact carries them, else from the
    person's facts. One entry per person with a planned meeting: the one due
    soonest (then the most recent). Order: due date, then depth (more events
    first), then the most recent meeting, then name.
    """
    by_person: dict[str, list[MeetingFact]] = defaultdict(list)
    for fact in facts:
        by_person[fact.person_id].append(fact)

    entries: list[FollowUp] = []
    for person_facts in by_person.values():
        planned = [f for f in person_facts if f.follow_up == "planned"]
        if not planned:
            continue
        chosen = min(planned, key=lambda f: (due_date(f, today), -f.event_date.toordinal(), f.meeting_id))
        known = [f.events_met for f in person_facts if f.events_met is not None]
        person_depth = max(known) if known else depth(person_facts)
        last = max(f.event_date if f.last_met is None else max(f.last_met, f.event_date) for f in person_facts)
        entries.append(
            FollowUp(
                person_id=chosen.person_id,
                name=chosen.name,
                due=due_date(chosen, today),
                reason=reason(chosen, person_depth),
                ask_about=ask_about(chosen),
                event_id=chosen.event_id,
                meeting_id=chosen.meeting_id,
                depth=person_depth,
                last_met=last,
            )
        )
    entries.sort(key=lambda e: (e.due, -e.depth, -e.last_met.toordinal(), e.name.casefold(), e.person_id))
    return entries


def reason(fact: MeetingFact, person_depth: int) -> str:
    """Why this person is on the list, in plain words; only the parts that exist."""
    talked = _snippet(fact.talked_about)
    event = _snippet(fact.event_name)
    if fact.still_thinking == "cant_stop":
        topic = f"on {talked}" if talked else f"at {event}"
        why = f"can't stop thinking about your talk {topic}"
    else:
        why = f"you talked about {talked} at {event}" if talked else f"you'd like to follow up after {event}"
    parts = [why]
    if person_depth >= CIRCLE_DEPTH:
        parts.append(f"met at {person_depth} events")
    if great := _snippet(fact.great_at):
        parts.append(f"great at: {great}")
    return " · ".join(parts)


def ask_about(fact: MeetingFact) -> str:
    """Something you could ask them about, from the conversation and what they're great at."""
    talked = _snippet(fact.talked_about)
    great = _snippet(fact.great_at)
    if talked and great:
        return f"{talked}, or their take on {great}"
    if talked:
        return talked
    if great:
        return f"their take on {great}"
    return f"how things have been since {_snippet(fact.event_name)}"


def _snippet(text: str) -> str:
    """One line, short enough for a list row."""
    line = " ".join(text.split())
    return line if len(line) <= _SNIPPET else line[: _SNIPPET - 1].rstrip() + "…"
