"""People: the People list, a page at a time, and one person's timeline.

Keyword-only arguments and a session, plain dataclasses back. The list stays quick with
tens of thousands of people. Dates and summaries are read so that whatever an older
version or a hand edit left (an odd date, a NULL summary) shows as unknown, never breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_
from sqlmodel import Session, col, select

from netjournal.domain.dates import read_day
from netjournal.domain.followups import CIRCLE_DEPTH, is_in_circle
from netjournal.domain.list_filters import PeopleFilter
from netjournal.store.models import Event, Meeting, Person, Tag
from netjournal.store.rows import alive, as_text
from netjournal.store.search import people_matching
from netjournal.store.tags import tags_by_record

# People list ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    """One line of the People list."""

    id: str
    name: str
    great_at: str
    times_met: int
    last_met: date | None
    in_circle: bool
    tags: tuple[str, ...] = ()


def _name_filter(filter_text: str) -> ColumnElement[bool] | None:
    """Names containing `filter_text` (any case), and people whose text or conversations have its words."""
    text = filter_text.strip()
    if not text:
        return None
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    in_name = col(Person.name).ilike(f"%{escaped}%", escape="\\")
    matching = people_matching(text)
    return in_name if matching is None else or_(in_name, col(Person.id).in_(matching))


def _filtered(stmt: Any, filter_text: str, filters: PeopleFilter | None) -> Any:
    """`stmt` keeping the people whose name has `filter_text` and whom `filters` lets through."""
    if (name_filter := _name_filter(filter_text)) is not None:
        stmt = stmt.where(name_filter)
    if filters is None:
        return stmt
    if filters.tag:
        tagged = exists().where(
            col(Tag.record_id) == col(Person.id),
            col(Tag.name) == filters.tag,
            col(Tag.record_table) == "person",
            alive(Tag),
        )
        stmt = stmt.where(tagged)
    if filters.circle:  # domain.followups.is_in_circle, as SQL
        stmt = stmt.where(or_(col(Person.events_met) >= CIRCLE_DEPTH, col(Person.followed_up).is_(True)))
    return stmt


def people_page(
    *, session: Session, filter_text: str = "", limit: int = 50, offset: int = 0, filters: PeopleFilter | None = None
) -> list[PersonRow]:
    """People by depth (events met at), then most recently met, then name; a page at a time.

    `filter_text` keeps names containing it (any case), and people whose great at, notes or
    conversations have its words (see search.people_matching). The order is ix_person_depth's,
    so a page is read straight off the index.
    """
    stmt = (
        select(col(Person.id), col(Person.name), col(Person.great_at), col(Person.events_met))
        .add_columns(as_text(Person.last_met), col(Person.followed_up))
        .where(alive(Person))
        .order_by(
            col(Person.events_met).desc(),
            col(Person.last_met).desc(),
            func.lower(col(Person.name)),
            col(Person.name),
            col(Person.id),
        )
        .limit(limit)
        .offset(offset)
    )
    stmt = _filtered(stmt, filter_text, filters)
    rows = [
        PersonRow(
            id=r[0],
            name=r[1],
            great_at=r[2],
            times_met=r[3] or 0,
            last_met=read_day(r[4]),
            in_circle=is_in_circle(r[3], r[5]),
        )
        for r in session.execute(stmt)
    ]
    found = tags_by_record(session=session, table="person", ids=[r.id for r in rows])
    return [replace(r, tags=found[r.id]) if r.id in found else r for r in rows]


def count_people(*, session: Session, filter_text: str = "", filters: PeopleFilter | None = None) -> int:
    stmt = select(func.count()).select_from(Person).where(alive(Person))
    counted: int = session.exec(_filtered(stmt, filter_text, filters)).one()
    return counted


# A person's timeline ------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One meeting on a person's page, with its event. A date the journal can't read is None."""

    meeting_id: str
    event_id: str
    event_name: str
    event_date: date | None
    status: str
    talked_about: str
    not_work: str
    still_thinking: str
    follow_up: str
    follow_up_due: date | None
    followed_up_on: date | None


def person_timeline(*, session: Session, person_id: str) -> list[TimelineEntry]:
    """Every live meeting with this person, newest event first."""
    stmt = (
        select(col(Meeting.id), col(Event.id), col(Event.name), as_text(Event.date))
        .add_columns(
            col(Meeting.status),
            col(Meeting.talked_about),
            col(Meeting.not_work),
            col(Meeting.still_thinking),
            col(Meeting.follow_up),
            as_text(Meeting.follow_up_due),
            as_text(Meeting.followed_up_on),
        )
        .join(Event, and_(col(Event.id) == col(Meeting.event_id), alive(Event)))
        .where(col(Meeting.person_id) == person_id, alive(Meeting))
        .order_by(col(Event.date).desc(), col(Event.id).desc())
    )
    return [_entry(r) for r in session.execute(stmt)]


def _entry(r: Any) -> TimelineEntry:
    return TimelineEntry(
        meeting_id=r[0],
        event_id=r[1],
        event_name=r[2],
        event_date=read_day(r[3]),
        status=r[4],
        talked_about=r[5],
        not_work=r[6],
        still_thinking=r[7],
        follow_up=r[8],
        follow_up_due=read_day(r[9]),
        followed_up_on=read_day(r[10]),
    )
