"""Who is worth a follow-up. Pure: no UI, no database."""

from __future__ import annotations

from datetime import date, timedelta

# Rule 5: never same-day. A suggestion falls between two days and a week after the event.
SOONEST = timedelta(days=2)
LATEST = timedelta(days=7)


def suggest_due(event_date: date, today: date) -> date:
    """A calm due date for a follow-up: tomorrow if that fits, never the event's own day."""
    return min(max(event_date + SOONEST, today + timedelta(days=1)), event_date + LATEST)
