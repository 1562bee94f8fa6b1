"""What Insights needs, gathered with a few aggregate queries.

Counting happens in SQL, from indexes: a journal of 50,000 events and 100,000
meetings comes back as a few thousand small rows (one per day with events),
not as model objects. People, follow-ups done and moments not about work are
summed from the summary each person row keeps. Goals of deleted events are
left out by looking up the few deleted ids once, through their own index.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, text
from sqlmodel import Session, col, select

from netjournal.domain.ahead import WorryFacts
from netjournal.domain.dates import read_day
from netjournal.domain.insights import (
    EnergyFacts,
    EventFacts,
    InsightInputs,
    Insights,
    PersonFacts,
    compute_insights,
)
from netjournal.store.models import Event, Goal, Person, Reflection
from netjournal.store.rows import alive, as_text, deleted_ids

ENERGY_SHOWN = 12


def _event_facts(session: Session) -> list[EventFacts]:
    # The day as stored text: a few thousand rows skip SQLAlchemy's date parsing, and a day
    # an older version or a hand edit left that isn't a day at all is left out, not fatal.
    stmt = select(as_text(Event.date), func.count()).where(alive(Event)).group_by(col(Event.date))
    facts = []
    for stored, n in session.exec(stmt):
        if (day := read_day(stored)) is not None:
            facts.append(EventFacts(date=day, count=n))
    return facts


def _outcomes(session: Session) -> dict[str, int]:
    stmt = (
        select(col(Goal.outcome), func.count())
        .where(alive(Goal), col(Goal.event_id).not_in(deleted_ids(Event)))
        .group_by(col(Goal.outcome))
    )
    return {outcome: n for outcome, n in session.exec(stmt)}


def _energy_facts(session: Session, today: date, limit: int) -> list[EnergyFacts]:
    """The latest `limit` events up to today with energy noted both before and after."""
    stmt = (
        select(as_text(Event.date), col(Event.name), col(Reflection.energy_before), col(Reflection.energy_after))
        .join(Reflection, col(Reflection.event_id) == col(Event.id))
        .where(
            alive(Event),
            alive(Reflection),
            col(Event.date) <= today,
            col(Reflection.energy_before).is_not(None),
            col(Reflection.energy_after).is_not(None),
        )
        .order_by(col(Event.date).desc(), col(Event.id).desc())
        .limit(limit)
    )
    facts = [
        EnergyFacts(date=day, name=name, before=before, after=after)
        for text, name, before, after in session.exec(stmt)
        if (day := read_day(text)) is not None and before is not None and after is not None
    ]
    return facts[::-1]


def _person_facts(session: Session) -> list[PersonFacts]:
    """People by depth and followed up, from the summary each person row keeps.

    People never met nor followed up with add nothing to the figures, so they are left out;
    so is a summary an older version left empty (NULL).
    """
    stmt = (
        select(col(Person.events_met), col(Person.followed_up), func.count())
        .where(alive(Person), or_(col(Person.events_met) > 0, col(Person.followed_up)))
        .group_by(col(Person.events_met), col(Person.followed_up))
    )
    return [PersonFacts(events_met=n or 0, followed_up=bool(fu), count=c) for n, fu, c in session.exec(stmt)]


def _meeting_counts(session: Session) -> tuple[int, int]:
    """Follow-ups done and moments not about work, summed over the people's summaries."""
    stmt = select(func.sum(col(Person.follow_ups_done)), func.sum(col(Person.not_work_moments))).where(alive(Person))
    done, not_work = session.exec(stmt).one()
    return done or 0, not_work or 0


# Reflections first: few hold a worry's answer, and the scan of them is quick, where the planner
# left to itself walks every past event by date and looks each one's reflection up.
_WORRIES = text(
    """
    SELECT r.worry_sure_before, r.worry_happened, count(*)
    FROM reflection AS r CROSS JOIN event AS e ON e.id = r.event_id
    WHERE r.worry_happened IS NOT NULL AND r.deleted_at IS NULL AND e.deleted_at IS NULL AND e.date <= :today
    GROUP BY r.worry_sure_before, r.worry_happened
    """
)


def _worry_facts(session: Session, today: date) -> list[WorryFacts]:
    """Worries written before events up to today, by how sure you were and whether they happened."""
    found = session.connection().execute(_WORRIES, {"today": today.isoformat()})
    return [WorryFacts(sure_before=sure, happened=happened, count=n) for sure, happened, n in found]


def insight_inputs(*, session: Session, today: date, energy_shown: int = ENERGY_SHOWN) -> InsightInputs:
    done, not_work = _meeting_counts(session)
    return InsightInputs(
        events=_event_facts(session),
        outcomes=_outcomes(session),
        energy=_energy_facts(session, today, energy_shown),
        people=_person_facts(session),
        follow_ups_done=done,
        not_work_moments=not_work,
        worries=_worry_facts(session, today),
    )


def insights(*, session: Session, today: date) -> Insights:
    return compute_insights(insight_inputs(session=session, today=today), today=today)
