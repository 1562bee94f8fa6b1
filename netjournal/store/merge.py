"""Merging two records of the same person, and undoing it.

Keyword-only arguments and a session; `merge_people` hands back everything it changed
as it was, so `undo_merge` can put it all back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from netjournal.errors import InputError
from netjournal.store import tags
from netjournal.store.models import Meeting, Person, Row, utcnow
from netjournal.store.rows import alive, require, row_options

_PERSON_FIELDS = (
    "name",
    "great_at",
    "contact",
    "notes",
    "keep_in_touch",
    "kept_in_touch_on",
    "keep_in_touch_snoozed_until",
    "updated_at",
    "deleted_at",
)
_MEETING_FIELDS = (
    "person_id",
    "status",
    "talked_about",
    "not_work",
    "still_thinking",
    "follow_up",
    "follow_up_due",
    "followed_up_on",
    "updated_at",
    "deleted_at",
)
_THINKING_ORDER = {"not_really": 0, "a_little": 1, "cant_stop": 2}


@dataclass(frozen=True)
class MergeRecord:
    """Everything a merge changed, as it was before: hand to `undo_merge`."""

    keep_id: str
    merge_id: str
    people_before: dict[str, dict[str, Any]]
    meetings_before: dict[str, dict[str, Any]]
    moved_meeting_ids: tuple[str, ...] = field(default=())
    folded_meeting_ids: tuple[str, ...] = field(default=())
    tags_before: dict[str, tuple[str, ...]] = field(default_factory=dict)  # each person's tags, by id


def _snapshot(obj: Row, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def join_text(kept: str, extra: str) -> str:
    """`kept` as it is, then each non-blank line of `extra` that isn't there yet (any case)."""
    lines = kept.strip().splitlines()
    seen = {line.strip().casefold() for line in lines}
    for line in extra.strip().splitlines():
        key = line.strip().casefold()
        if key and key not in seen:
            lines.append(line.strip())
            seen.add(key)
    return "\n".join(lines)


def join_one_line(kept: str, extra: str) -> str:
    """For one-line fields: `kept`, then each "; "-separated part of `extra` not there yet (any case)."""
    parts = [p.strip() for p in kept.split(";") if p.strip()]
    seen = {p.casefold() for p in parts}
    for part in extra.split(";"):
        part = part.strip()
        if part and part.casefold() not in seen:
            parts.append(part)
            seen.add(part.casefold())
    return "; ".join(parts)


def merge_people(*, session: Session, keep_id: str, merge_id: str) -> MergeRecord:
    """Fold `merge_id` into `keep_id`; nothing is lost and `undo_merge` puts it all back.

    - great at and contact (one line each) are joined with "; ", notes line by line
      (no blank parts, no repeats); the kept name stays, and a keep-in-touch cadence
      set on either record (the kept one's first).
    - Each of the merged person's meetings moves to the kept person. Where both
      were met at the same event, the moved meeting's words are added to the
      kept meeting's (the stronger "still thinking", "met" over "hoping", and
      its follow-up if the kept one is undecided), and the moved meeting is
      soft-deleted with its text intact.
    - The merged person is soft-deleted.
    """
    if keep_id == merge_id:
        raise InputError("That's the same person; pick someone else to merge.")
    keep = require(session, Person, keep_id)
    gone = require(session, Person, merge_id)
    people_before = {p.id: _snapshot(p, _PERSON_FIELDS) for p in (keep, gone)}

    kept_by_event = {
        m.event_id: m for m in session.exec(select(Meeting).where(col(Meeting.person_id) == keep_id, alive(Meeting)))
    }
    incoming = list(session.exec(select(Meeting).where(col(Meeting.person_id) == merge_id, alive(Meeting))))
    meetings_before: dict[str, dict[str, Any]] = {}
    moved: list[str] = []
    folded: list[str] = []
    now = utcnow()
    for meeting in incoming:
        meetings_before[meeting.id] = _snapshot(meeting, _MEETING_FIELDS)
        kept = kept_by_event.get(meeting.event_id)
        if kept is None:
            meeting.person_id = keep_id
            meeting.updated_at = now
            moved.append(meeting.id)
            continue
        meetings_before[kept.id] = _snapshot(kept, _MEETING_FIELDS)
        _fold_meeting(kept, meeting)
        kept.updated_at = now
        meeting.deleted_at = now
        meeting.updated_at = now
        folded.append(meeting.id)

    for name in ("great_at", "contact"):
        setattr(keep, name, join_one_line(getattr(keep, name), getattr(gone, name)))
    keep.notes = join_text(keep.notes, gone.notes)
    if not keep.keep_in_touch and gone.keep_in_touch:  # a cadence set on either record stays
        keep.keep_in_touch = gone.keep_in_touch
        keep.keep_in_touch_snoozed_until = gone.keep_in_touch_snoozed_until
    kept_on = [day for day in (keep.kept_in_touch_on, gone.kept_in_touch_on) if day is not None]
    keep.kept_in_touch_on = max(kept_on, default=None)
    tags_before = {p.id: tags.tags_of(session=session, table="person", record_id=p.id) for p in (keep, gone)}
    joined = sorted({*tags_before[keep_id], *tags_before[merge_id]})
    tags.write_tags(session=session, table="person", record_id=keep_id, tags=joined)
    keep.updated_at = now
    gone.deleted_at = now
    gone.updated_at = now
    session.flush()
    return MergeRecord(
        keep_id=keep_id,
        merge_id=merge_id,
        people_before=people_before,
        meetings_before=meetings_before,
        moved_meeting_ids=tuple(moved),
        folded_meeting_ids=tuple(folded),
        tags_before=tags_before,
    )


def _fold_meeting(kept: Meeting, extra: Meeting) -> None:
    kept.talked_about = join_text(kept.talked_about, extra.talked_about)
    kept.not_work = join_text(kept.not_work, extra.not_work)
    if _THINKING_ORDER.get(extra.still_thinking, 0) > _THINKING_ORDER.get(kept.still_thinking, 0):
        kept.still_thinking = extra.still_thinking
    if extra.status == "met":
        kept.status = "met"
    if kept.follow_up == "undecided" and extra.follow_up != "undecided":
        kept.follow_up = extra.follow_up
        kept.follow_up_due = extra.follow_up_due
        kept.followed_up_on = extra.followed_up_on


def undo_merge(*, session: Session, record: MergeRecord) -> None:
    """Put both people and every meeting the merge touched back exactly as they were."""
    rows: list[tuple[Row | None, dict[str, Any]]] = []
    for person_id, before in record.people_before.items():
        rows.append((session.get(Person, person_id, options=row_options(Person)), before))
    for meeting_id, before in record.meetings_before.items():
        rows.append((session.get(Meeting, meeting_id), before))
    if any(obj is None for obj, _ in rows):
        raise InputError("Part of that merge is no longer in the journal, so it can't be undone.")
    for obj, before in rows:
        for name, value in before.items():
            setattr(obj, name, value)
    for person_id, kept_tags in record.tags_before.items():
        tags.write_tags(session=session, table="person", record_id=person_id, tags=kept_tags)
    try:
        session.flush()
    except IntegrityError:
        raise InputError("The journal has changed since that merge, so it can't be undone.") from None
