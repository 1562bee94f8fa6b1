"""What Insights needs, gathered with a few aggregate queries.

Counting happens in SQL, from indexes: a journal of 50,000 events and 100,000
meetings comes back as a few thousand small rows (one per day with events),
not as model objects. People, follow-ups done and moments not about work are
summed from the summary each person row keeps. Goals of deleted events are
left out by looking up the few deleted ids once, through their own index.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, func, or_, type_coerce
from sqlmodel import Session, col, select

from netjournal.domain.insights import (
    EnergyFacts,
    EventFacts,
    InsightInputs,
    Insights,
    PersonFacts,
    compute_insights,
)
from netjournal.store.models import Event, Goal, Person, Reflection

ENERGY_SHOWN = 12


def _alive(model):
    return col(model.deleted_at).is_(None)


def _deleted_ids(model):
    return select(model.id).where(col(model.deleted_at).is_not(None))


def _event_facts(session: Session) -> list[EventFacts]:
    # The day as stored text: a few thousand rows skip SQLAlchemy's date parsing.
    day = type_coerce(Event.date, String)
    stmt = select(day, func.count()).where(_alive(Event)).group_by(Event.date)
    return [EventFacts(date=date.fromisoformat(d), count=n) for d, n in session.exec(stmt)]


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
            _alive(Event),
            _alive(Reflection),
            Event.date <= today,
            col(Reflection.energy_before).is_not(None),
            col(Reflection.energy_after).is_not(None),
        )
        .order_by(col(Event.date).desc(), col(Event.id).desc())
        .limit(limit)
    )
    rows = list(session.exec(stmt))
    return [EnergyFacts(date=d, name=name, before=b, after=a) for d, name, b, a in reversed(rows)]


def _person_facts(session: Session) -> list[PersonFacts]:
    """People by depth and followed up, from the summary each person row keeps.

    People never met nor followed up with add nothing to the figures, so they are left out.
    """
    stmt = (
        select(Person.events_met, Person.followed_up, func.count())
        .where(_alive(Person), or_(col(Person.events_met) > 0, col(Person.followed_up)))
        .group_by(Person.events_met, Person.followed_up)
    )
    return [PersonFacts(events_met=n, followed_up=bool(fu), count=c) for n, fu, c in session.exec(stmt)]


def _meeting_counts(session: Session) -> tuple[int, int]:
    """Follow-ups done and moments not about work, summed over the people's summaries."""
    stmt = select(func.sum(Person.follow_ups_done), func.sum(Person.not_work_moments)).where(_alive(Person))
    done, not_work = session.exec(stmt).one()
    return done or 0, not_work or 0


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
