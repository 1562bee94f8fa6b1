"""The follow-up list, a page at a time, and what its keys change: done, let go, snooze, undo.

People there to keep in touch are read, and changed, by store/touch.py; they are placed here.

The rule (when a follow-up is due, which meeting stands for a person, the list's order)
is `netjournal.domain.followups`'s; this module reads the facts it needs, quickly, and
orders them with its keys. Dates are read as the text they are stored as, so what an older
version or a hand edit left never breaks the list: an event day that isn't one the journal
keeps ("9999-12-31", "2024-02-30", NULL) leaves that meeting off it (`on_the_list`), and
such a due day counts as not set (`set_due`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Unpack

from sqlalchemy import and_, update
from sqlmodel import Session, col, select

from netjournal.domain.ahead import COUNTED_STATUS
from netjournal.domain.dates import read_day
from netjournal.domain.followups import (
    FollowUp,
    MeetingFact,
    TouchFact,
    choice_key,
    due_date,
    entry_rank,
    on_the_list,
    rank_followups,
    rank_key,
    snooze_problem,
    touch_followup,
)
from netjournal.domain.vocab import FOLLOW_UP_DAYS, FOLLOW_UPS
from netjournal.errors import InputError
from netjournal.store import changes
from netjournal.store.models import Event, Meeting, Person, utcnow
from netjournal.store.rows import CHUNK, alive, as_text, deleted_ids
from netjournal.store.touch import touch_facts

FOLLOWUPS_PAGE = 200

_Choice = tuple[date, date, str]  # the planned meeting that stands for a person: (due, event day, meeting id)


@dataclass(frozen=True)
class _Planned:
    """Each person's planned meeting that stands for them, and their latest planned meeting's day."""

    chosen: dict[str, _Choice]
    latest: dict[str, date]


def _planned(session: Session, today: date, follow_up_days: int) -> _Planned:
    """One pass over every planned, live meeting (from ix_meeting_follow_up and the event's date);
    a due date not set is suggested `follow_up_days` after the event."""
    stmt = (
        select(col(Meeting.id), col(Meeting.person_id), as_text(Meeting.follow_up_due), as_text(Event.date))
        .join(Event, and_(col(Event.id) == col(Meeting.event_id), alive(Event)))
        .where(
            col(Meeting.follow_up) == "planned",
            alive(Meeting),
            col(Meeting.person_id).not_in(deleted_ids(Person)),
            # Only meetings that count (domain.ahead.counts_as_met): met, at an event whose day has come.
            col(Meeting.status) == COUNTED_STATUS,
            col(Event.date) <= today,
        )
    )
    chosen: dict[str, _Choice] = {}
    latest: dict[str, date] = {}
    for meeting_id, person_id, due_text, event_text in session.connection().execute(stmt).all():
        event_day = read_day(event_text)
        if event_day is None:
            continue
        if event_day > latest.get(person_id, date.min):
            latest[person_id] = event_day
        if not on_the_list(event_day):
            continue
        due = due_date(read_day(due_text), event_day, today, follow_up_days)
        best = chosen.get(person_id)
        if best is None or choice_key(due, event_day, meeting_id) < choice_key(*best):
            chosen[person_id] = (due, event_day, meeting_id)
    return _Planned(chosen=chosen, latest=latest)


def followup_facts(
    *,
    session: Session,
    today: date,
    limit: int | None = FOLLOWUPS_PAGE,
    offset: int = 0,
    follow_up_days: int = FOLLOW_UP_DAYS,
) -> list[MeetingFact]:
    """The planned, live follow-ups of one page of the follow-up list, in its order: for
    each person, the planned meeting that stands for them, with the person's depth and
    most recent meeting (`events_met`, `last_met`). `followups` also places the people
    their keep-in-touch cadence brings on the list."""
    return _page(session, today, limit, offset, follow_up_days)[0]


def _page(
    session: Session, today: date, limit: int | None, offset: int, follow_up_days: int
) -> tuple[list[MeetingFact], list[TouchFact]]:
    """One page of the list: its planned meetings (as `followup_facts` says) and the people
    there to keep in touch, who have no planned meeting on the list.

    Ranks everyone as `rank_followups` does while reading only indexes: every planned
    meeting's due date and event day, the few people with a cadence, then the summary on
    `person` for the people due by the end of the page. Only the page asked for (`limit`
    people from `offset`; everyone when `limit` is None) is read in full.
    """
    conn = session.connection()  # plain rows, fetched at once: no ORM bookkeeping per row
    planned = _planned(session, today, follow_up_days)
    chosen, latest = planned.chosen, planned.latest
    kept: dict[str, tuple[FollowUp, TouchFact]] = {}
    for fact in touch_facts(session=session, exclude=chosen):
        if (entry := touch_followup(fact, today=today)) is not None:
            kept[fact.person_id] = (entry, fact)
    candidates = sorted(chosen, key=lambda pid: chosen[pid][0])
    dues = sorted([chosen[pid][0] for pid in candidates] + [entry.due for entry, _ in kept.values()])
    if limit is not None and len(dues) > offset + limit:
        # rank_key orders by due date first: only the people due no later than the page's last one can be on it.
        cutoff = dues[offset + limit - 1]
        candidates = [pid for pid in candidates if chosen[pid][0] <= cutoff]
        kept = {pid: pair for pid, pair in kept.items() if pair[0].due <= cutoff}
    summary: dict[str, tuple[int, date, str]] = {}
    for i in range(0, len(candidates), CHUNK):
        stmt = select(col(Person.id), col(Person.events_met), as_text(Person.last_met), col(Person.name)).where(
            col(Person.id).in_(candidates[i : i + CHUNK])
        )
        for person_id, events_met, last_text, name in conn.execute(stmt).all():
            last_met = read_day(last_text)
            last = latest[person_id] if last_met is None else max(last_met, latest[person_id])
            summary[person_id] = (events_met or 0, last, name)

    def rank(person_id: str) -> tuple[date, int, int, str, str]:
        if person_id in kept:
            return entry_rank(kept[person_id][0])
        events_met, last, name = summary[person_id]
        return rank_key(chosen[person_id][0], events_met, last, name, person_id)

    ranked = sorted([pid for pid in candidates if pid in summary] + list(kept), key=rank)
    page = ranked[offset:] if limit is None else ranked[offset : offset + limit]
    order = [(chosen[pid][2], summary[pid][0], summary[pid][1]) for pid in page if pid not in kept]
    return _facts(conn, order), [kept[pid][1] for pid in page if pid in kept]


def _facts(conn: Any, order: list[tuple[str, int, date]]) -> list[MeetingFact]:
    """The meetings (id, events met, last met) in `order`, read in full."""
    details: dict[str, Any] = {}
    for i in range(0, len(order), CHUNK):
        stmt = (
            select(col(Meeting.id), col(Meeting.person_id), col(Person.name), col(Person.great_at))
            .add_columns(
                col(Meeting.event_id),
                col(Event.name),
                as_text(Event.date),
                col(Meeting.status),
                col(Meeting.talked_about),
                col(Meeting.not_work),
                col(Meeting.still_thinking),
                col(Meeting.follow_up),
                as_text(Meeting.follow_up_due),
                as_text(Meeting.followed_up_on),
            )
            .join(Event, col(Event.id) == col(Meeting.event_id))
            .join(Person, col(Person.id) == col(Meeting.person_id))
            .where(col(Meeting.id).in_([meeting_id for meeting_id, _, _ in order[i : i + CHUNK]]))
        )
        details.update((r[0], r) for r in conn.execute(stmt).all())
    facts = []
    for meeting_id, events_met, last_met in order:
        r = details.get(meeting_id)
        event_day = None if r is None else read_day(r[6])
        if r is None or event_day is None:
            continue  # changed by another window between the reads
        facts.append(
            MeetingFact(
                meeting_id=r[0],
                person_id=r[1],
                name=r[2],
                great_at=r[3],
                event_id=r[4],
                event_name=r[5],
                event_date=event_day,
                status=r[7],
                talked_about=r[8],
                not_work=r[9],
                still_thinking=r[10],
                follow_up=r[11],
                follow_up_due=read_day(r[12]),
                followed_up_on=read_day(r[13]),
                events_met=events_met,
                last_met=last_met,
            )
        )
    return facts


def followups(
    *,
    session: Session,
    today: date,
    limit: int | None = FOLLOWUPS_PAGE,
    offset: int = 0,
    follow_up_days: int = FOLLOW_UP_DAYS,
) -> list[FollowUp]:
    """The follow-up list, ranked, a page at a time: `limit` people from `offset`
    (everyone when `limit` is None); a due date not set is suggested `follow_up_days`
    after the event. `count_followups` says how many there are in all."""
    facts, touch = _page(session, today, limit, offset, follow_up_days)
    return rank_followups(facts, today=today, touch=touch, follow_up_days=follow_up_days)


def count_followups(*, session: Session, today: date | None = None) -> int:
    """How many people the whole follow-up list holds (on `today`, for those there to keep in touch)."""
    today = today or date.today()
    chosen = _planned(session, today, FOLLOW_UP_DAYS).chosen  # who is listed, not when: any days will do
    touch = touch_facts(session=session, exclude=chosen)
    return len(chosen) + sum(touch_followup(fact, today=today) is not None for fact in touch)


# Done, let go, snooze, undo ---------------------------------------------------------


@dataclass(frozen=True)
class FollowupState:
    """A meeting's follow-up fields as they were: pass to `restore_followup` to undo."""

    meeting_id: str
    follow_up: str
    follow_up_due: date | None
    followed_up_on: date | None


def _change_followup(session: Session, meeting_id: str, **fields: Unpack[changes.MeetingChanges]) -> FollowupState:
    # Read and written as plain rows, so a day an older version or a hand edit left can't break the change.
    stmt = select(col(Meeting.follow_up), as_text(Meeting.follow_up_due), as_text(Meeting.followed_up_on)).where(
        col(Meeting.id) == meeting_id, alive(Meeting)
    )
    row = session.exec(stmt).first()
    if row is None:
        raise InputError("That meeting is no longer in the journal.")
    before = FollowupState(
        meeting_id=meeting_id,
        follow_up=row[0],
        follow_up_due=read_day(row[1]),
        followed_up_on=read_day(row[2]),
    )
    session.execute(update(Meeting).where(col(Meeting.id) == meeting_id).values(**fields, updated_at=utcnow()))
    return before


def mark_done(*, session: Session, meeting_id: str, today: date) -> FollowupState:
    """You followed up today."""
    return _change_followup(session, meeting_id, follow_up="done", followed_up_on=today)


def let_go(*, session: Session, meeting_id: str) -> FollowupState:
    """Not everyone needs a follow-up."""
    return _change_followup(session, meeting_id, follow_up="let_go")


def snooze(*, session: Session, meeting_id: str, until: date, today: date) -> FollowupState:
    """Move the follow-up to `until`, which must be after the event's day and after `today`."""
    stmt = (
        select(as_text(Event.date))
        .join(Meeting, col(Meeting.event_id) == col(Event.id))
        .where(col(Meeting.id) == meeting_id)
    )
    event_day = read_day(session.exec(stmt).first())
    if event_day is not None and until <= event_day:
        raise InputError(f"A follow-up waits at least a day; pick a day after {event_day.isoformat()}.")
    if (problem := snooze_problem(until, today)) is not None:
        raise InputError(problem)
    return _change_followup(session, meeting_id, follow_up_due=until)


def restore_followup(
    *,
    session: Session,
    meeting_id: str,
    follow_up: str,
    follow_up_due: date | None,
    followed_up_on: date | None,
) -> None:
    """Put a meeting's follow-up back as it was (the undo of done, let go and snooze)."""
    if follow_up not in FOLLOW_UPS:
        raise InputError(f'"{follow_up}" is not a follow-up state.')
    _change_followup(
        session,
        meeting_id,
        follow_up=follow_up,
        follow_up_due=follow_up_due,
        followed_up_on=followed_up_on,
    )
