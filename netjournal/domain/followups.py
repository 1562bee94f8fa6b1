"""Who is worth a follow-up, and when; who is in your circle. Pure: no UI, no database.

Each rule lives here once. When a follow-up is due (`suggest_due`, `due_date`), which of
a person's planned meetings stands for them (`choice_key`) and the order of the list
(`rank_key`): the store reads the facts a page needs and orders them with these keys, and
`rank_followups` does the same over facts held in memory.

Keep in touch, only when asked: someone with a cadence (domain/cadence.py) comes onto the list
once that long has passed since you last met or followed up (`touch_due`), with the same keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from netjournal.domain.ahead import counts_as_met
from netjournal.domain.cadence import read_cadence, units
from netjournal.domain.dates import in_range
from netjournal.domain.vocab import FOLLOW_UP_DAYS

# Rule 5: never same-day. A suggestion falls between two days and a week after the event.
SOONEST = timedelta(days=FOLLOW_UP_DAYS)
LATEST = timedelta(days=7)
SNOOZE = timedelta(days=7)  # a snooze with no day typed moves the follow-up a week from today

CIRCLE_DEPTH = 2  # met at this many events (or followed up with) puts someone in your circle
_SNIPPET = 60


def is_in_circle(events_met: int | None, followed_up: bool | None) -> bool:
    """Your circle: met at `CIRCLE_DEPTH` events or more, or followed up with at least once."""
    return (events_met or 0) >= CIRCLE_DEPTH or bool(followed_up)


def suggest_due(event_date: date, today: date, days: int = FOLLOW_UP_DAYS) -> date:
    """A calm due date: `days` after the event (two by default) to a week after it, and tomorrow at
    the soonest; tomorrow once that has gone by. Never the event's own day, never a day gone by."""
    tomorrow = today + timedelta(days=1)
    soonest = timedelta(days=max(days, 1))
    return max(min(max(event_date + soonest, tomorrow), event_date + max(soonest, LATEST)), tomorrow)


def snooze_until(today: date) -> date:
    """Where a snooze moves a follow-up when no day is given."""
    return today + SNOOZE


SNOOZE_AHEAD = "A snooze moves the follow-up ahead: pick tomorrow or a later day."


def snooze_problem(until: date, today: date) -> str | None:
    """Why a follow-up can't be snoozed to `until` (a day before tomorrow), or None if it can."""
    return SNOOZE_AHEAD if until <= today else None


def plans_follow_up(still_thinking: str, follow_up: str) -> bool:
    """Rule 4: "can't stop thinking about it" plans a follow-up, unless one is already decided."""
    return still_thinking == "cant_stop" and follow_up == "undecided"


def follow_up_after_thinking(
    still_thinking: str,
    follow_up: str,
    follow_up_due: date | None,
    *,
    event_date: date,
    today: date,
    days: int = FOLLOW_UP_DAYS,
) -> tuple[str, date | None]:
    """A meeting's follow-up and its due date once rule 4 is applied: when it plans one,
    the due date already set is kept, else one is suggested (`days` after the event)."""
    if not plans_follow_up(still_thinking, follow_up):
        return follow_up, follow_up_due
    return "planned", follow_up_due if follow_up_due is not None else suggest_due(event_date, today, days)


def set_due(follow_up_due: date | None) -> date | None:
    """The due day the user set, if any. One outside the years the journal keeps (an old
    import, a hand edit) counts as not set."""
    return follow_up_due if follow_up_due is not None and in_range(follow_up_due) else None


def due_date(follow_up_due: date | None, event_date: date, today: date, days: int = FOLLOW_UP_DAYS) -> date:
    """The day the user set (`set_due`), else a calm suggestion `days` after the event."""
    return set_due(follow_up_due) or suggest_due(event_date, today, days)


def on_the_list(event_date: date) -> bool:
    """A planned follow-up is listed only when its event's day is one the journal keeps:
    a due date can't be reckoned from the year 9999."""
    return in_range(event_date)


def choice_key(due: date, event_date: date, meeting_id: str) -> tuple[date, int, str]:
    """Orders one person's planned meetings; the first stands for them on the list:
    due soonest, then the most recent event, then by id."""
    return due, -event_date.toordinal(), meeting_id


def rank_key(due: date, depth: int, last_met: date, name: str, person_id: str) -> tuple[date, int, int, str, str]:
    """The list's order: due date, then depth (more events first), then the most recent meeting, then name."""
    return due, -depth, -last_met.toordinal(), name.casefold(), person_id


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
    keep_in_touch: bool = False  # here because you asked to keep in touch, not for one meeting

    @property
    def key(self) -> str:
        """What names this entry on the list: its meeting, or the person you keep in touch with."""
        return f"touch:{self.person_id}" if self.keep_in_touch else self.meeting_id


def entry_rank(entry: FollowUp) -> tuple[date, int, int, str, str]:
    """`rank_key` of an entry on the list."""
    return rank_key(entry.due, entry.depth, entry.last_met, entry.name, entry.person_id)


def counts(fact: MeetingFact, today: date) -> bool:
    """`counts_as_met`, for one meeting."""
    return counts_as_met(fact.status, fact.event_date, today)


def depth(facts: Iterable[MeetingFact], *, today: date) -> int:
    """How many different events you met this person at (hoped-for meetings, and coming-up events, don't count)."""
    return len({f.event_id for f in facts if counts(f, today)})


def in_circle(facts: Iterable[MeetingFact], *, today: date) -> bool:
    """`is_in_circle`, from one person's meetings."""
    facts = [f for f in facts if counts(f, today)]
    return is_in_circle(depth(facts, today=today), any(f.follow_up == "done" for f in facts))


def rank_followups(
    facts: Iterable[MeetingFact],
    *,
    today: date,
    touch: Iterable[TouchFact] = (),
    follow_up_days: int = FOLLOW_UP_DAYS,
) -> list[FollowUp]:
    """The few people worth a follow-up, soonest first.

    `facts` are live meetings; only those that count (`counts_as_met`) are looked
    at. A person's depth and most recent meeting come from `events_met`/`last_met`
    when a fact carries them, else from the person's facts. One entry per person
    with a planned meeting `on_the_list`: the first by `choice_key` (a due date not set is
    suggested `follow_up_days` after the event); then one for
    each person of `touch` their cadence brings on the list today (`touch_followup`)
    who has none yet; entries in `rank_key` order.
    """
    by_person: dict[str, list[MeetingFact]] = defaultdict(list)
    for fact in facts:
        if counts(fact, today):
            by_person[fact.person_id].append(fact)

    entries: list[tuple[tuple[date, int, int, str, str], FollowUp]] = []
    for person_facts in by_person.values():
        planned = [f for f in person_facts if f.follow_up == "planned" and on_the_list(f.event_date)]
        if not planned:
            continue
        due, chosen = min(
            ((due_date(f.follow_up_due, f.event_date, today, follow_up_days), f) for f in planned),
            key=lambda pair: choice_key(pair[0], pair[1].event_date, pair[1].meeting_id),
        )
        known = [f.events_met for f in person_facts if f.events_met is not None]
        person_depth = max(known) if known else depth(person_facts, today=today)
        last = max(f.event_date if f.last_met is None else max(f.last_met, f.event_date) for f in person_facts)
        entry = FollowUp(
            person_id=chosen.person_id,
            name=chosen.name,
            due=due,
            reason=reason(chosen, person_depth),
            ask_about=ask_about(chosen),
            event_id=chosen.event_id,
            meeting_id=chosen.meeting_id,
            depth=person_depth,
            last_met=last,
        )
        entries.append((rank_key(due, person_depth, last, chosen.name, chosen.person_id), entry))
    listed = {entry.person_id for _, entry in entries}
    for marked in touch:
        if marked.person_id not in listed and (kept := touch_followup(marked, today=today)) is not None:
            entries.append((entry_rank(kept), kept))
    entries.sort(key=lambda keyed: keyed[0])
    return [entry for _, entry in entries]


# Keep in touch -------------------------------------------------------------------------


@dataclass(frozen=True)
class TouchFact:
    """Someone with a keep-in-touch cadence, and what the rule needs to know about them."""

    person_id: str
    name: str
    cadence: str  # as the journal keeps it: "3 months", "6 weeks"; anything else is off
    added_on: date  # the clock starts here when nothing has happened since
    great_at: str = ""
    depth: int = 0
    last_met: date | None = None
    last_event_id: str = ""  # the event of `last_met`
    last_event_name: str = ""
    followed_up_on: date | None = None  # the latest follow-up done after a meeting
    kept_in_touch_on: date | None = None  # the latest time done was pressed on this entry
    snoozed_until: date | None = None


def last_touch(fact: TouchFact) -> tuple[date, str]:
    """When you were last in touch, and what happened then: the latest meeting, follow-up or
    keeping in touch (a meeting first on the same day), else the day they were added."""
    moments = [
        (fact.last_met, 2, f"since {_snippet(fact.last_event_name)}"),
        (fact.followed_up_on, 1, "since you last followed up"),
        (fact.kept_in_touch_on, 0, "since you were last in touch"),
    ]
    known = [(day, rank, words) for day, rank, words in moments if day is not None and in_range(day)]
    if not known:
        return fact.added_on, "since you added them"
    day, _, words = max(known, key=lambda moment: (moment[0], moment[1]))
    return day, words


def touch_due(fact: TouchFact) -> date | None:
    """The day someone comes onto the list: a cadence after `last_touch`, or the snooze day if later;
    None when they have no cadence (nobody who isn't marked is ever listed for this)."""
    cadence = read_cadence(fact.cadence)
    if cadence is None:
        return None
    since, _ = last_touch(fact)
    try:
        due = cadence.after(since)
    except (OverflowError, ValueError):  # a day near the end of the calendar
        return None
    if fact.snoozed_until is not None and in_range(fact.snoozed_until):
        due = max(due, fact.snoozed_until)
    return due


def touch_followup(fact: TouchFact, *, today: date) -> FollowUp | None:
    """Their entry on the list from the day `touch_due` comes, due today; else None.

    The reason is gentle and exact: "5 months since PyData Lisbon · in touch every 3 months".
    """
    due = touch_due(fact)
    cadence = read_cadence(fact.cadence)
    if due is None or cadence is None or due > today:
        return None
    since, what = last_touch(fact)
    parts = [f"{units(cadence.elapsed(since, today), cadence.unit)} {what}", f"in touch every {cadence}"]
    if fact.depth >= CIRCLE_DEPTH:
        parts.append(f"met at {fact.depth} events")
    great = _snippet(fact.great_at)
    if great:
        parts.append(f"great at: {great}")
    event = _snippet(fact.last_event_name)
    return FollowUp(
        person_id=fact.person_id,
        name=fact.name,
        due=today,
        reason=" · ".join(parts),
        ask_about=f"their take on {great}" if great else f"how things have been since {event or 'you last talked'}",
        event_id=fact.last_event_id,
        meeting_id="",
        depth=fact.depth,
        last_met=since,
        keep_in_touch=True,
    )


def reason(fact: MeetingFact, person_depth: int) -> str:
    """Why this person is on the list, in plain words; only the parts that exist."""
    talked = _snippet(fact.talked_about)
    event = _snippet(fact.event_name)
    if fact.still_thinking == "cant_stop":
        # Only what the conversation was about: whose talk it was, the journal doesn't know.
        why = f"can't stop thinking about your conversation {f'on {talked}' if talked else f'at {event}'}"
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
    talked = _snippet(fact.talked_about).rstrip(".!;:, ")
    great = _snippet(fact.great_at).rstrip(".!;:, ")
    if talked and great:
        return f"{talked}; or their take on {great}"
    if talked:
        return talked
    if great:
        return f"their take on {great}"
    return f"how things have been since {_snippet(fact.event_name)}"


def _snippet(text: str) -> str:
    """One line, short enough for a list row."""
    line = " ".join(text.split())
    return line if len(line) <= _SNIPPET else line[: _SNIPPET - 1].rstrip() + "…"
