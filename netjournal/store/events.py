"""Events: the Events list, a page at a time, and events found by name (the command palette).

Keyword-only arguments and a session, plain dataclasses back; `store.queries` offers them too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists, func
from sqlmodel import Session, col, select

from netjournal.domain.ahead import COUNTED_STATUS, LOOK_BACK_DAYS, PastEvent
from netjournal.domain.dates import read_day
from netjournal.domain.list_filters import EventFilter
from netjournal.store.first_page import EventRow as EventRow
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection, Tag
from netjournal.store.rows import alive, as_text
from netjournal.store.tags import tags_by_record


def _filtered(stmt: Any, filters: EventFilter, today: date | None) -> Any:
    """`stmt` keeping only the events `filters` lets through (`today` tells coming up from past)."""
    if filters.tag:
        tagged = exists().where(
            col(Tag.record_id) == col(Event.id),
            col(Tag.name) == filters.tag,
            col(Tag.record_table) == "event",
            alive(Tag),
        )
        stmt = stmt.where(tagged)
    if filters.kind:
        stmt = stmt.where(col(Event.kind) == filters.kind)
    if filters.year is not None:
        stmt = stmt.where(col(Event.date) >= date(filters.year, 1, 1), col(Event.date) <= date(filters.year, 12, 31))
    if filters.when and today is not None:
        coming = col(Event.date) > today  # domain.list_filters.is_coming_up, as SQL
        stmt = stmt.where(coming if filters.when == "coming" else ~coming)
    return stmt


def list_event_rows(
    *,
    session: Session,
    limit: int = 100,
    offset: int = 0,
    filters: EventFilter | None = None,
    today: date | None = None,
) -> list[EventRow]:
    """Events newest first, a page at a time, with what the Events list shows; only those `filters` keep.

    `store.first_page.first_event_rows` asks the unfiltered first page's question without the ORM; keep the
    two alike.
    """
    met = (
        select(func.count())
        .where(col(Meeting.event_id) == col(Event.id), alive(Meeting), col(Meeting.status) == "met")
        .scalar_subquery()
    )
    reflected = exists().where(col(Reflection.event_id) == col(Event.id), alive(Reflection))
    stmt = (
        select(col(Event.id), col(Event.date), col(Event.name), col(Event.kind))
        .add_columns(col(Goal.text), col(Goal.outcome), met, reflected, col(Event.location))
        .outerjoin(Goal, (col(Goal.event_id) == col(Event.id)) & alive(Goal))
        .where(alive(Event))
        .order_by(col(Event.date).desc(), col(Event.id).desc())
        .limit(limit)
        .offset(offset)
    )
    if filters is not None and filters.on:
        stmt = _filtered(stmt, filters, today)
    rows = [
        EventRow(
            id=r[0],
            date=r[1],
            name=r[2],
            kind=r[3],
            goal_text=r[4] or "",
            outcome=r[5],
            people_met=r[6],
            has_reflection=bool(r[7]),
            location=r[8] or "",
        )
        for r in session.execute(stmt)
    ]
    found = tags_by_record(session=session, table="event", ids=[r.id for r in rows])
    return [replace(r, tags=found[r.id]) if r.id in found else r for r in rows]


def event_years(*, session: Session) -> list[int]:
    """The years live events are dated in, newest first (what the year filter offers)."""
    year = func.substr(as_text(Event.date), 1, 4)
    stmt = select(year).where(alive(Event)).distinct().order_by(year.desc())
    return [int(y) for y in session.exec(stmt) if isinstance(y, str) and y.isdigit()]


def count_events(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(Event).where(alive(Event))).one()


def find_events_by_name(*, session: Session, text: str, limit: int = 20) -> list[tuple[str, str, date]]:
    """(id, name, date) of the newest live event of each of up to `limit` names containing `text`, newest first.

    The names are found on ix_event_name, so a large journal is never read whole. An event
    whose date can't be read (an older version's or a hand edit's) isn't offered.
    """
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    names = (
        select(col(Event.name))
        .where(col(Event.name).like(pattern, escape="\\"))
        .distinct()
        .order_by(col(Event.name))
        .limit(limit)
    )
    stmt = (
        select(col(Event.id), col(Event.name), as_text(Event.date))
        .where(col(Event.name).in_(names), alive(Event))
        .order_by(col(Event.date).desc(), col(Event.id).desc())
    )
    newest: dict[str, tuple[str, str, date]] = {}
    for event_id, name, text_day in session.exec(stmt):
        if (day := read_day(text_day)) is not None:
            newest.setdefault(name, (event_id, name, day))
    return list(newest.values())


def look_back_events(*, session: Session, today: date) -> list[PastEvent]:
    """Events a year or more ago whose day falls within LOOK_BACK_DAYS of today's, with the people met there."""
    days = [today + timedelta(days=n) for n in range(-LOOK_BACK_DAYS, LOOK_BACK_DAYS + 1)]
    month_days = {f"{d.month:02d}-{d.day:02d}" for d in days}
    if month_days & {"02-28", "03-01"}:
        month_days.add("02-29")  # a leap day's anniversary falls on 28 February
    stmt = (
        select(col(Event.id), col(Event.name), as_text(Event.date))
        .where(alive(Event), func.strftime("%m-%d", col(Event.date)).in_(sorted(month_days)), col(Event.date) < today)
        .order_by(col(Event.date).desc())
        .limit(20)
    )
    found = [(i, name, day) for i, name, text in session.exec(stmt) if (day := read_day(text)) is not None]
    people: dict[str, list[str]] = {i: [] for i, _, _ in found}
    if found:
        met = (
            select(col(Meeting.event_id), col(Person.name))
            .join(Person, col(Person.id) == col(Meeting.person_id))
            .where(
                col(Meeting.event_id).in_(list(people)),
                alive(Meeting),
                alive(Person),
                col(Meeting.status) == COUNTED_STATUS,
            )
            .order_by(col(Meeting.slot))
        )
        for event_id, name in session.exec(met):
            people[event_id].append(name)
    return [PastEvent(name=name, date=day, people=tuple(people[i])) for i, name, day in found]
