"""People and follow-ups: the ranking's facts, the People list, a person's timeline, merging.

Keyword-only arguments and a session, plain dataclasses back. Lists are read a
page at a time so they stay quick with tens of thousands of people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, func, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from netjournal.domain.followups import CIRCLE_DEPTH, LATEST, SOONEST, FollowUp, MeetingFact, rank_followups
from netjournal.domain.vocab import FOLLOW_UPS
from netjournal.errors import InputError
from netjournal.store.models import Event, Meeting, Person, utcnow
from netjournal.store.queries import _alive, _require, touch

# Follow-ups -------------------------------------------------------------------


FOLLOWUPS_PAGE = 200


def followup_facts(
    *,
    session: Session,
    today: date,
    limit: int | None = FOLLOWUPS_PAGE,
    offset: int = 0,
) -> list[MeetingFact]:
    """The planned, live follow-ups of one page of the follow-up list, in its order: for
    each person, the planned meeting due soonest, with the person's depth and most recent
    meeting (`events_met`, `last_met`).

    Ranks everyone as `rank_followups` does while reading only indexes: each planned
    meeting's due date (the one set, else `suggest_due`) from ix_meeting_follow_up and
    the event's date; then the summary on `person` for the people due by the end of the
    page. Only the page asked for (`limit` people from `offset`; everyone when `limit`
    is None) is read in full.
    """
    conn = session.connection()

    def rows(stmt):
        return conn.execute(stmt).all()  # plain rows, fetched at once: no ORM bookkeeping per row

    tomorrow = (today + timedelta(days=1)).isoformat()
    suggested = func.min(
        func.max(func.date(Event.date, f"+{SOONEST.days} days"), tomorrow),
        func.date(Event.date, f"+{LATEST.days} days"),
    )
    due = type_coerce(func.coalesce(Meeting.follow_up_due, suggested), String)
    event_day = type_coerce(Event.date, String)
    planned = (
        select(Meeting.id, Meeting.person_id, due, event_day)
        .join(Event, and_(Event.id == Meeting.event_id, _alive(Event)))
        .where(
            Meeting.follow_up == "planned",
            _alive(Meeting),
            col(Meeting.person_id).not_in(select(Person.id).where(col(Person.deleted_at).is_not(None))),
        )
        # Each person's planned meeting due soonest (then the most recent, then by id) first.
        .order_by(Meeting.person_id, due, event_day.desc(), Meeting.id)
    )
    chosen: dict[str, tuple[str, str]] = {}  # person -> (due, meeting)
    latest: dict[str, str] = {}  # person -> their latest planned meeting's day
    for meeting_id, person_id, due_day, day in rows(planned):
        if person_id not in chosen:
            chosen[person_id] = (due_day, meeting_id)
        latest[person_id] = max(latest.get(person_id, ""), day)
    candidates = sorted(chosen, key=lambda pid: chosen[pid][0])
    if limit is not None and len(candidates) > offset + limit:
        # Only the people due no later than the page's last one can be on it.
        cutoff = chosen[candidates[offset + limit - 1]][0]
        candidates = [pid for pid in candidates if chosen[pid][0] <= cutoff]
    summary = {}
    for i in range(0, len(candidates), _CHUNK):
        stmt = select(Person.id, Person.events_met, type_coerce(Person.last_met, String), Person.name).where(
            col(Person.id).in_(candidates[i : i + _CHUNK])
        )
        for person_id, events_met, last_met, name in rows(stmt):
            # A meeting only hoped for still counts as the most recent meeting, as in rank_followups.
            last = date.fromisoformat(max(last_met or "", latest[person_id]))
            summary[person_id] = (events_met or 0, last, name)

    def rank(person_id: str):
        events_met, last, name = summary[person_id]
        return chosen[person_id][0], -events_met, -last.toordinal(), name.casefold(), person_id

    ranked = sorted(candidates, key=rank)
    page = ranked[offset:] if limit is None else ranked[offset : offset + limit]
    order = [(chosen[pid][1], summary[pid][0], summary[pid][1]) for pid in page]
    details = {}
    for i in range(0, len(order), _CHUNK):
        stmt = (
            select(
                Meeting.id,
                Meeting.person_id,
                Person.name,
                Person.great_at,
                Meeting.event_id,
                Event.name,
                Event.date,
                Meeting.status,
                Meeting.talked_about,
                Meeting.not_work,
                Meeting.still_thinking,
                Meeting.follow_up,
                Meeting.follow_up_due,
                Meeting.followed_up_on,
            )
            .join(Event, Event.id == Meeting.event_id)
            .join(Person, Person.id == Meeting.person_id)
            .where(col(Meeting.id).in_([meeting_id for meeting_id, _, _ in order[i : i + _CHUNK]]))
        )
        details.update((r[0], r) for r in rows(stmt))
    facts = []
    for meeting_id, events_met, last_met in order:
        r = details[meeting_id]
        facts.append(
            MeetingFact(
                meeting_id=r[0],
                person_id=r[1],
                name=r[2],
                great_at=r[3],
                event_id=r[4],
                event_name=r[5],
                event_date=r[6],
                status=r[7],
                talked_about=r[8],
                not_work=r[9],
                still_thinking=r[10],
                follow_up=r[11],
                follow_up_due=r[12],
                followed_up_on=r[13],
                events_met=events_met,
                last_met=last_met,
            )
        )
    return facts


_CHUNK = 500  # meeting ids per IN (...) query


def followups(
    *,
    session: Session,
    today: date,
    limit: int | None = FOLLOWUPS_PAGE,
    offset: int = 0,
) -> list[FollowUp]:
    """The follow-up list, ranked, a page at a time: `limit` people from `offset`
    (everyone when `limit` is None). `count_followups` says how many there are in all."""
    return rank_followups(followup_facts(session=session, today=today, limit=limit, offset=offset), today=today)


def count_followups(*, session: Session) -> int:
    """How many people the whole follow-up list holds."""
    stmt = (
        select(func.count(func.distinct(Meeting.person_id)))
        .join(Event, and_(Event.id == Meeting.event_id, _alive(Event)))
        .join(Person, and_(Person.id == Meeting.person_id, _alive(Person)))
        .where(Meeting.follow_up == "planned", _alive(Meeting))
    )
    return session.exec(stmt).one()


@dataclass(frozen=True)
class FollowupState:
    """A meeting's follow-up fields as they were: pass to `restore_followup` to undo."""

    meeting_id: str
    follow_up: str
    follow_up_due: date | None
    followed_up_on: date | None


def _change_followup(session: Session, meeting_id: str, **fields) -> FollowupState:
    meeting = _require(session, Meeting, meeting_id)
    before = FollowupState(
        meeting_id=meeting.id,
        follow_up=meeting.follow_up,
        follow_up_due=meeting.follow_up_due,
        followed_up_on=meeting.followed_up_on,
    )
    for key, value in fields.items():
        setattr(meeting, key, value)
    touch(meeting)
    session.flush()
    return before


def mark_done(*, session: Session, meeting_id: str, today: date) -> FollowupState:
    """You followed up today."""
    return _change_followup(session, meeting_id, follow_up="done", followed_up_on=today)


def let_go(*, session: Session, meeting_id: str) -> FollowupState:
    """Not everyone needs a follow-up."""
    return _change_followup(session, meeting_id, follow_up="let_go")


def snooze(*, session: Session, meeting_id: str, until: date) -> FollowupState:
    """Move the follow-up to `until`, which must be after the event's day."""
    meeting = _require(session, Meeting, meeting_id)
    event = session.get(Event, meeting.event_id)
    if event is not None and until <= event.date:
        raise InputError(f"A follow-up waits at least a day; pick a day after {event.date.isoformat()}.")
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


def _name_filter(filter_text: str):
    text = filter_text.strip()
    if not text:
        return None
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return col(Person.name).ilike(f"%{escaped}%", escape="\\")


def people_page(*, session: Session, filter_text: str = "", limit: int = 50, offset: int = 0) -> list[PersonRow]:
    """People by depth (events met at), then most recently met, then name; a page at a time.

    `filter_text` keeps names containing it (any case). The order is ix_person_depth's,
    so a page is read straight off the index.
    """
    stmt = (
        select(Person.id, Person.name, Person.great_at, Person.events_met, Person.last_met, Person.followed_up)
        .where(_alive(Person))
        .order_by(
            col(Person.events_met).desc(),
            col(Person.last_met).desc(),
            func.lower(Person.name),
            Person.name,
            Person.id,
        )
        .limit(limit)
        .offset(offset)
    )
    if (name_filter := _name_filter(filter_text)) is not None:
        stmt = stmt.where(name_filter)
    return [
        PersonRow(
            id=r[0],
            name=r[1],
            great_at=r[2],
            times_met=r[3],
            last_met=r[4],
            in_circle=r[3] >= CIRCLE_DEPTH or bool(r[5]),
        )
        for r in session.exec(stmt)
    ]


def count_people(*, session: Session, filter_text: str = "") -> int:
    stmt = select(func.count()).select_from(Person).where(_alive(Person))
    if (where := _name_filter(filter_text)) is not None:
        stmt = stmt.where(where)
    return session.exec(stmt).one()


# A person's timeline ------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One meeting on a person's page, with its event."""

    meeting_id: str
    event_id: str
    event_name: str
    event_date: date
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
        select(
            Meeting.id,
            Event.id,
            Event.name,
            Event.date,
            Meeting.status,
            Meeting.talked_about,
            Meeting.not_work,
            Meeting.still_thinking,
            Meeting.follow_up,
            Meeting.follow_up_due,
            Meeting.followed_up_on,
        )
        .join(Event, and_(Event.id == Meeting.event_id, _alive(Event)))
        .where(Meeting.person_id == person_id, _alive(Meeting))
        .order_by(col(Event.date).desc(), col(Event.id).desc())
    )
    return [TimelineEntry(*r) for r in session.exec(stmt)]


# Merging two records of the same person ------------------------------------------

_PERSON_FIELDS = ("name", "great_at", "contact", "notes", "updated_at", "deleted_at")
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


def _snapshot(obj, names) -> dict[str, Any]:
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


def merge_people(*, session: Session, keep_id: str, merge_id: str) -> MergeRecord:
    """Fold `merge_id` into `keep_id`; nothing is lost and `undo_merge` puts it all back.

    - great at, contact and notes are joined line by line (no blank lines, no repeats);
      the kept name stays.
    - Each of the merged person's meetings moves to the kept person. Where both
      were met at the same event, the moved meeting's words are added to the
      kept meeting's (the stronger "still thinking", "met" over "hoping", and
      its follow-up if the kept one is undecided), and the moved meeting is
      soft-deleted with its text intact.
    - The merged person is soft-deleted.
    """
    if keep_id == merge_id:
        raise InputError("That's the same person; pick someone else to merge.")
    keep = _require(session, Person, keep_id)
    gone = _require(session, Person, merge_id)
    people_before = {p.id: _snapshot(p, _PERSON_FIELDS) for p in (keep, gone)}

    kept_by_event = {
        m.event_id: m for m in session.exec(select(Meeting).where(Meeting.person_id == keep_id, _alive(Meeting)))
    }
    incoming = list(session.exec(select(Meeting).where(Meeting.person_id == merge_id, _alive(Meeting))))
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

    for name in ("great_at", "contact", "notes"):
        setattr(keep, name, join_text(getattr(keep, name), getattr(gone, name)))
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
    rows: list[tuple[Any, dict[str, Any]]] = []
    for person_id, before in record.people_before.items():
        rows.append((session.get(Person, person_id), before))
    for meeting_id, before in record.meetings_before.items():
        rows.append((session.get(Meeting, meeting_id), before))
    if any(obj is None for obj, _ in rows):
        raise InputError("Part of that merge is no longer in the journal, so it can't be undone.")
    for obj, before in rows:
        for name, value in before.items():
            setattr(obj, name, value)
    try:
        session.flush()
    except IntegrityError:
        raise InputError("The journal has changed since that merge, so it can't be undone.") from None
