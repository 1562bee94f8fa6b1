"""What Insights needs, gathered with a few aggregate queries.

Counting happens in SQL, so a journal of 50,000 events and 100,000 meetings
comes back as a few thousand small rows (one per day with events), not as
model objects. Rows of deleted events and people are left out by looking up
the few deleted ids once, rather than joining every meeting to its event.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, literal_column, union
from sqlmodel import Session, col, select

from netjournal.domain.insights import (
    EnergyFacts,
    EventFacts,
    InsightInputs,
    Insights,
    PersonFacts,
    compute_insights,
)
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection

ENERGY_SHOWN = 12


def _alive(model):
    return col(model.deleted_at).is_(None)


def _deleted_ids(model):
    return select(model.id).where(col(model.deleted_at).is_not(None))


def _event_facts(session: Session) -> list[EventFacts]:
    stmt = select(Event.date, func.count()).where(_alive(Event)).group_by(Event.date)
    return [EventFacts(date=d, count=n) for d, n in session.exec(stmt)]


def _outcomes(session: Session) -> dict[str, int]:
    stmt = (
        select(Goal.outcome, func.count())
        .where(_alive(Goal), col(Goal.event_id).not_in(_deleted_ids(Event)))
        .group_by(Goal.outcome)
    )
    return {outcome: n for outcome, n in session.exec(stmt)}


def _energy_facts(session: Session, today: date, limit: int) -> list[EnergyFacts]:
    """The latest `limit` events up to today with energy noted both before and after."""
    stmt = (
        select(Event.date, Event.name, Reflection.energy_before, Reflection.energy_after)
        .join(Reflection, Reflection.event_id == Event.id)
        .where(
            _alive(Event), _alive(Reflection), Event.date <= today,
            col(Reflection.energy_before).is_not(None), col(Reflection.energy_after).is_not(None),
        )
        .order_by(col(Event.date).desc(), col(Event.id).desc())
        .limit(limit)
    )
    rows = list(session.exec(stmt))
    return [EnergyFacts(date=d, name=name, before=b, after=a) for d, name, b, a in reversed(rows)]


def _person_facts(session: Session) -> list[PersonFacts]:
    per_person = (
        select(
            Meeting.person_id,
            func.sum(case((Meeting.status == "met", 1), else_=0)).label("events_met"),
            func.max(case((Meeting.follow_up == "done", 1), else_=0)).label("followed_up"),
        )
        .where(
            _alive(Meeting),
            col(Meeting.event_id).not_in(_deleted_ids(Event)),
            col(Meeting.person_id).not_in(_deleted_ids(Person)),
        )
        .group_by(Meeting.person_id)
        .subquery()
    )
    stmt = select(per_person.c.events_met, per_person.c.followed_up, func.count()).group_by(
        per_person.c.events_met, per_person.c.followed_up
    )
    return [PersonFacts(events_met=n, followed_up=bool(fu), count=c) for n, fu, c in session.exec(stmt)]


def _meeting_sums(session: Session, where) -> tuple[int, int]:
    stmt = select(
        func.sum(case((Meeting.follow_up == "done", 1), else_=0)),
        func.sum(case((func.trim(Meeting.not_work) != "", 1), else_=0)),
    ).where(where)
    done, not_work = session.exec(stmt).one()
    return done or 0, not_work or 0


def _meeting_counts(session: Session) -> tuple[int, int]:
    """Follow-ups done and not-about-work moments, on live meet lists of live events and people.

    Every live meeting is summed in one plain scan, then the few that belong to a
    deleted event or person (found through their indexes) are taken away.
    """
    # coalesce keeps SQLite from reading 100,000 rows through a partial index in random order
    no_date = literal_column("''")
    everything = _meeting_sums(session, func.coalesce(Meeting.deleted_at, no_date) == no_date)
    gone_ids = union(
        select(Meeting.id).where(_alive(Meeting), col(Meeting.event_id).in_(_deleted_ids(Event))),
        select(Meeting.id).where(_alive(Meeting), col(Meeting.person_id).in_(_deleted_ids(Person))),
    )
    gone = _meeting_sums(session, col(Meeting.id).in_(gone_ids))
    return everything[0] - gone[0], everything[1] - gone[1]


def insight_inputs(*, session: Session, today: date, energy_shown: int = ENERGY_SHOWN) -> InsightInputs:
    done, not_work = _meeting_counts(session)
    return InsightInputs(
        events=_event_facts(session),
        outcomes=_outcomes(session),
        energy=_energy_facts(session, today, energy_shown),
        people=_person_facts(session),
        follow_ups_done=done,
        not_work_moments=not_work,
    )


def insights(*, session: Session, today: date) -> Insights:
    return compute_insights(insight_inputs(session=session, today=today), today=today)
