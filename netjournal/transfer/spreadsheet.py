"""The journal as CSV, for spreadsheets: one row per meeting, with its event and person."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

from netjournal.domain.tags import tags_text
from netjournal.domain.vocab import FOLLOW_UPS, KINDS, OUTCOMES, STATUSES, STILL_THINKING
from netjournal.transfer.journal_rows import DocumentRows, JournalRows

CSV_COLUMNS = (
    "event_date",
    "event_name",
    "event_kind",
    "event_location",
    "event_tags",
    "goal",
    "goal_outcome",
    "slot",
    "status",
    "person_name",
    "person_great_at",
    "person_contact",
    "person_tags",
    "talked_about",
    "not_work",
    "still_thinking",
    "follow_up",
    "follow_up_due",
    "followed_up_on",
    "event_id",
    "person_id",
    "meeting_id",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """A leading quote keeps a spreadsheet from running the cell as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def dumps_csv(document: dict[str, Any]) -> str:
    """A document in memory as CSV: what `write_csv` writes of the journal it came from."""
    parts: list[bytes | memoryview] = []
    write_csv(DocumentRows(document), parts.append)
    return b"".join(parts).decode("utf-8")


def write_csv(
    rows: JournalRows | DocumentRows,
    write: Callable[[bytes | memoryview], object],
    tick: Callable[[int], object] | None = None,
) -> None:
    """One row per meeting, with its event and person, written a batch of events at a time."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for batch, people in rows.events(with_people=True):
        for ev in batch:
            _event_rows(writer, ev, people)
        write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
        if tick is not None:
            tick(len(batch))
    write(buffer.getvalue().encode("utf-8"))


def _event_rows(writer: Any, ev: dict[str, Any], people: Mapping[str, dict[str, Any]]) -> None:
    goal = ev["goal"] or {}
    for m in ev["meetings"]:
        person = people.get(m["person_id"], {})
        row = (
            ev["date"] or "",
            ev["name"],
            KINDS.get(ev["kind"], ev["kind"]),
            ev["location"],
            tags_text(ev.get("tags", ())),
            goal.get("text", ""),
            OUTCOMES.get(goal["outcome"], "") if goal else "",
            str(m["slot"]),
            STATUSES.get(m["status"], m["status"]),
            person.get("name", ""),
            person.get("great_at", ""),
            person.get("contact", ""),
            tags_text(person.get("tags", ())),
            m["talked_about"],
            m["not_work"],
            STILL_THINKING.get(m["still_thinking"], m["still_thinking"]),
            FOLLOW_UPS.get(m["follow_up"], m["follow_up"]),
            m["follow_up_due"] or "",
            m["followed_up_on"] or "",
            ev["id"],
            m["person_id"],
            m["id"],
        )
        writer.writerow([neutralise_cell(cell) for cell in row])
