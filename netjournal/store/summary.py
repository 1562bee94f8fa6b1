"""Bringing the people's summaries to a day: meetings at events up to it count, later ones are coming up.

The summary triggers compare each event's day with the one day in `summary_day`. When the day
moves on (a journal opened the next morning, or a test's fixed today), only the people met at
events between the old day and the new one are counted again.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, text

from netjournal.store.models import RECOMPUTE_ALL_SUMMARIES

_SOME = RECOMPUTE_ALL_SUMMARIES.removesuffix("WHERE 1") + (
    "WHERE id IN (SELECT m.person_id FROM meeting AS m JOIN event AS e ON e.id = m.event_id "
    "WHERE e.date > :low AND e.date <= :high)"
)


def summary_day(conn: Connection) -> date | None:
    text = conn.exec_driver_sql("SELECT day FROM summary_day WHERE id = 1").scalar()
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def bring_summaries_to(conn: Connection, today: date) -> bool:
    """Count meetings up to `today` in every person's summary; whether anything had to change."""
    old = summary_day(conn)
    if old == today:
        return False
    conn.exec_driver_sql("INSERT OR REPLACE INTO summary_day (id, day) VALUES (1, ?)", (today.isoformat(),))
    if old is None:
        conn.exec_driver_sql(RECOMPUTE_ALL_SUMMARIES)
    else:
        low, high = sorted((old, today))
        conn.execute(text(_SOME), {"low": low.isoformat(), "high": high.isoformat()})
    return True
