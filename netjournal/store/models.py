"""The journal's tables: Event, Goal, Person, Meeting, Reflection.

Every row has a UUID string key (so journals can be merged on import),
created/updated times in UTC, and `deleted_at` for soft delete.
Constraints live in the database, not only here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Dialect,
    ForeignKey,
    Index,
    String,
    Table,
    TypeDecorator,
    event,
    func,
    text,
)
from sqlmodel import AutoString, Field, Session, SQLModel

from netjournal.domain.ahead import COUNTED_STATUS, HAPPENED, SURE
from netjournal.domain.dates import MAX_YEAR, read_day
from netjournal.domain.text import kept_line, kept_text
from netjournal.domain.vocab import FOLLOW_UPS, KINDS, OUTCOMES, STATUSES, STILL_THINKING


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


def _one_of(column: str, values: Iterable[str]) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"ck_{column}")


def _fk(target: str) -> Column[str]:
    return Column(String, ForeignKey(target), nullable=False)


class CleanText(TypeDecorator[str]):
    """Text a person wrote, kept and shown without terminal control characters.

    Cleaned as it is bound (every write, through a model or a statement) and as it is read
    (so a journal written before, or edited by another program, shows clean too). Stored as
    the plain text column it always was.
    """

    impl = AutoString
    cache_ok = True

    def clean(self, value: str) -> str:
        return kept_text(value)

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return self.clean(value) if isinstance(value, str) else value

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return self.clean(value) if isinstance(value, str) else value


class OneLineText(CleanText):
    """Text that holds one line (a name, a place): line breaks and tabs become single spaces, on the way in
    and on the way out, so one already in a journal is shown folded."""

    cache_ok = True

    def clean(self, value: str) -> str:
        return kept_line(value)


class Day(TypeDecorator[date]):
    """A calendar day, stored as the DATE column (`YYYY-MM-DD`) it always was.

    What an older version or a hand edit left there that isn't a day (NULL, "garbage",
    2019-02-30) reads as None instead of breaking every list and export that meets it;
    `netjournal check` names such rows.
    """

    impl = Date
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        return read_day

    @property
    def python_type(self) -> type[date]:
        return date


def _day(*, optional: bool = False) -> Any:
    return Field(default=None, sa_type=Day) if optional else Field(sa_type=Day)


def _text(default: str | None = None, *, one_line: bool = False) -> Any:
    kind = OneLineText if one_line else CleanText
    return Field(sa_type=kind) if default is None else Field(default=default, sa_type=kind)


def _sure(column: str) -> str:
    return f"{column} IS NULL OR {column} BETWEEN {min(SURE)} AND {max(SURE)}"


class Row(SQLModel):
    id: str = Field(default_factory=new_id, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class Event(Row, table=True):
    __table_args__ = (
        _one_of("kind", KINDS),
        Index("ix_event_date", "date", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_event_name", "name"),
        # Covers the meeting -> live event -> date lookup the summaries and follow-ups make.
        Index("ix_event_live_date", "id", "deleted_at", "date"),
        # The few deleted events, which Insights leaves out, without reading the rest.
        Index("ix_event_deleted", "id", "deleted_at", sqlite_where=text("deleted_at IS NOT NULL")),
        Index("ix_event_calendar", "calendar_uid", sqlite_where=text("calendar_uid IS NOT NULL")),
    )
    name: str = _text(one_line=True)
    date: dt.date = _day()  # (dt.: the field's name would hide the type)
    kind: str = _text("other", one_line=True)
    location: str = _text("", one_line=True)
    notes: str = _text("")
    # From a calendar: the event's UID there (with the day of a repeat), and its fields as last
    # imported (JSON), so a re-import changes only the fields not edited here since.
    calendar_uid: str | None = Field(default=None, sa_type=OneLineText)
    calendar_fields: str | None = None


class Goal(Row, table=True):
    __table_args__ = (
        _one_of("outcome", OUTCOMES),
        # Insights counts goals by outcome from this index alone.
        Index("ix_goal_outcome", "outcome", "event_id", "deleted_at", sqlite_where=text("deleted_at IS NULL")),
    )
    event_id: str = Field(sa_column=Column(String, ForeignKey("event.id"), nullable=False, unique=True))
    text: str = _text("", one_line=True)  # the goal: one sentence
    outcome: str = "open"
    learned: str = _text("")


class Person(Row, table=True):
    __table_args__ = (
        Index("ix_person_name", "name"),
        Index("ix_person_deleted", "id", "deleted_at", sqlite_where=text("deleted_at IS NOT NULL")),
        # Insights counts people, follow-ups done and moments not about work from this index alone.
        Index(
            "ix_person_circle",
            "events_met",
            "followed_up",
            "follow_ups_done",
            "not_work_moments",
            "deleted_at",
            sqlite_where=text("deleted_at IS NULL"),
        ),
        # The few people with a keep-in-touch cadence, for the follow-up list.
        Index("ix_person_keep_in_touch", "id", sqlite_where=text("keep_in_touch != '' AND deleted_at IS NULL")),
    )
    name: str = _text(one_line=True)
    great_at: str = _text("", one_line=True)
    contact: str = _text("", one_line=True)
    notes: str = _text("")
    # A summary of this person's live meetings at live events, kept by the triggers in
    # SUMMARY_TRIGGERS (never written from Python), so lists sort by depth through an index.
    events_met: int = 0
    last_met: date | None = _day(optional=True)
    followed_up: bool = False
    follow_ups_done: int = 0
    not_work_moments: int = 0  # meetings with something noted that wasn't about work
    # Keep in touch, only when asked: a cadence as domain/cadence.py writes it ("3 months"; "" is off),
    # the day done was last pressed on it, and the day a snooze hides it until.
    keep_in_touch: str = _text("", one_line=True)
    kept_in_touch_on: date | None = _day(optional=True)
    keep_in_touch_snoozed_until: date | None = _day(optional=True)


class Meeting(Row, table=True):
    __table_args__ = (
        CheckConstraint("slot IN (1, 2)", name="ck_slot"),
        _one_of("status", STATUSES),
        _one_of("still_thinking", STILL_THINKING),
        _one_of("follow_up", FOLLOW_UPS),
        # A soft-deleted (swapped-out) meeting frees its slot.
        Index("ux_meeting_slot", "event_id", "slot", unique=True, sqlite_where=text("deleted_at IS NULL")),
        Index("ux_meeting_person", "event_id", "person_id", unique=True, sqlite_where=text("deleted_at IS NULL")),
        Index("ix_meeting_person", "person_id", sqlite_where=text("deleted_at IS NULL")),
        # Covers the follow-up ranking's pass over every planned meeting.
        Index(
            "ix_meeting_follow_up",
            "follow_up",
            "follow_up_due",
            "person_id",
            "event_id",
            "id",
            "deleted_at",
            sqlite_where=text("deleted_at IS NULL"),
        ),
        # Finds one person's meetings for the summary triggers' recount.
        Index(
            "ix_meeting_depth",
            "person_id",
            "event_id",
            "status",
            "follow_up",
            "deleted_at",
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )
    event_id: str = Field(sa_column=_fk("event.id"))
    person_id: str = Field(sa_column=_fk("person.id"))
    slot: int
    status: str = "met"
    talked_about: str = _text("")
    not_work: str = _text("")
    still_thinking: str = "a_little"
    follow_up: str = "undecided"
    follow_up_due: date | None = _day(optional=True)
    followed_up_on: date | None = _day(optional=True)


class Reflection(Row, table=True):
    __table_args__ = (
        CheckConstraint("energy_before IS NULL OR energy_before BETWEEN 1 AND 5", name="ck_energy_before"),
        CheckConstraint("energy_after IS NULL OR energy_after BETWEEN 1 AND 5", name="ck_energy_after"),
        CheckConstraint(_sure("worry_sure_before"), name="ck_worry_sure_before"),
        CheckConstraint(_sure("worry_sure_after"), name="ck_worry_sure_after"),
        CheckConstraint(
            f"worry_happened IS NULL OR worry_happened IN ({', '.join(repr(k) for k in HAPPENED)})",
            name="ck_worry_happened",
        ),
    )
    event_id: str = Field(sa_column=Column(String, ForeignKey("event.id"), nullable=False, unique=True))
    showed_up: bool = True
    energy_before: int | None = None
    energy_after: int | None = None
    hard: str = _text("")
    others_too: str = _text("")
    friend_words: str = _text("")
    gained: str = _text("")
    proud: str = _text("")
    # The worry check: before, the worry and how sure (SURE's steps); after, whether it happened, how sure now.
    worry: str = Field(default="", sa_type=CleanText, sa_column_kwargs={"server_default": ""})  # added at version 3
    worry_sure_before: int | None = None
    worry_happened: str | None = None
    worry_sure_after: int | None = None


HISTORY_TABLES = ("event", "goal", "person", "meeting", "reflection")  # the tables whose fields keep history


class History(Row, table=True):
    """A field's earlier value: what a visit (one opening of a page) replaced in it, kept to be restored.

    One entry per visit and field, however often the visit saved; one more when the value replaced
    was written elsewhere (another window, an import) while the visit was open.
    """

    __table_args__ = (
        _one_of("record_table", HISTORY_TABLES),
        Index("ix_history_record", "record_id", "replaced_at"),
        Index("ix_history_visit", "visit", "record_id", "field"),
    )
    record_table: str  # the table of the record: event, goal, person, meeting or reflection
    record_id: str
    field: str
    value: str | None = Field(default=None, sa_type=CleanText)  # as text; a date as YYYY-MM-DD
    replaced_at: datetime = Field(default_factory=utcnow)
    visit: str


class SummaryDay(SQLModel, table=True):
    """The day the people's summaries count meetings up to: a meeting at an event after it is at a
    coming-up event and doesn't count. Brought to today when a journal is opened (store/summary.py)."""

    __tablename__ = "summary_day"
    id: int = Field(default=1, primary_key=True)
    day: date | None = _day(optional=True)


TAGGED_TABLES = ("event", "person")  # the tables whose records take tags


class Tag(Row, table=True):
    """One tag of an event or a person (normalised by domain.tags). Taking a tag off soft-deletes its
    row and putting it back revives it, so each tag keeps when it last changed (a later sync merges them)."""

    __table_args__ = (
        _one_of("record_table", TAGGED_TABLES),
        Index("ux_tag_record", "record_id", "name", unique=True),
        # Finds what holds a tag (a filter) and the tags in use without reading every row.
        Index("ix_tag_name", "record_table", "name", "record_id", sqlite_where=text("deleted_at IS NULL")),
    )
    record_table: str  # event or person
    record_id: str
    name: str = _text(one_line=True)


TABLES = (Event, Goal, Person, Meeting, Reflection)


def table_of(model: type[SQLModel]) -> Table:
    """The table of a table model (SQLModel sets `__table__` without declaring it)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


# The People list reads its first page straight off this index: depth, recency, then name.
_person = table_of(Person).c
Index(
    "ix_person_depth",
    _person.events_met.desc(),
    _person.last_met.desc(),
    func.lower(_person.name),
    _person.name,
    _person.id,
    sqlite_where=text("deleted_at IS NULL"),
)

# Recompute the summary of the people whose ids the WHERE clause names, from the meetings that
# count (domain.ahead.counts_as_met: met, at an event whose day has come by the summary day):
# events met at (live meetings are one per event and person), the last of them, whether any
# follow-up was done and how many, and how many meetings noted something not about work.
# Coming up: a readable day (as `read_day` takes one) after the summary day; a day no one can read
# (NULL, "next tuesday", 9999-12-31) isn't, so such a meeting counts, as it always did.
COUNTED = (
    f"m.status = '{COUNTED_STATUS}' AND NOT ifnull(e.date > (SELECT day FROM summary_day)"
    f" AND e.date <= '{MAX_YEAR}-12-31'\n"
    "                AND e.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]', 0)"
)
_RECOMPUTE = f"""
    UPDATE person SET (events_met, last_met, followed_up, follow_ups_done, not_work_moments) = (
        SELECT count(*), max(e.date),
               coalesce(max(m.follow_up = 'done'), 0),
               coalesce(sum(m.follow_up = 'done'), 0),
               coalesce(sum(trim(m.not_work) != ''), 0)
        FROM meeting AS m JOIN event AS e ON e.id = m.event_id AND e.deleted_at IS NULL
        WHERE m.person_id = person.id AND m.deleted_at IS NULL
            AND {COUNTED}
    )
    WHERE {{where}};
"""
SUMMARY_TRIGGERS = (
    f"""CREATE TRIGGER tr_summary_meeting_insert AFTER INSERT ON meeting
    BEGIN {_RECOMPUTE.format(where="id = NEW.person_id")} END""",
    f"""CREATE TRIGGER tr_summary_meeting_update
    AFTER UPDATE OF person_id, event_id, status, follow_up, not_work, deleted_at ON meeting
    WHEN OLD.person_id IS NOT NEW.person_id OR OLD.event_id IS NOT NEW.event_id
        OR OLD.status IS NOT NEW.status OR OLD.follow_up IS NOT NEW.follow_up
        OR (trim(OLD.not_work) != '') IS NOT (trim(NEW.not_work) != '')
        OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
    BEGIN {_RECOMPUTE.format(where="id IN (OLD.person_id, NEW.person_id)")} END""",
    f"""CREATE TRIGGER tr_summary_meeting_delete AFTER DELETE ON meeting
    BEGIN {_RECOMPUTE.format(where="id = OLD.person_id")} END""",
    f"""CREATE TRIGGER tr_summary_event_update AFTER UPDATE OF date, deleted_at ON event
    WHEN OLD.date IS NOT NEW.date OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
    BEGIN {
        _RECOMPUTE.format(where="id IN (SELECT person_id FROM meeting WHERE event_id = NEW.id AND deleted_at IS NULL)")
    } END""",
)
RECOMPUTE_ALL_SUMMARIES = _RECOMPUTE.format(where="1").strip().rstrip(";")


# Text fields as their column types store them, for every table model.
_TEXT_COLUMNS = {
    model: tuple((c.key, c.type) for c in table_of(model).c if isinstance(c.type, CleanText)) for model in TABLES
}


@event.listens_for(Session, "before_flush")
def _hold_what_is_stored(session: Session, _context: Any, _instances: Any) -> None:
    """A model just saved shows what the journal holds: each text field as its column type binds it.

    The type cleans every write; this only keeps the object in memory (which SQLModel won't let an
    attribute event change) from showing what was typed instead, e.g. in `add`'s "Added ..." line.
    """
    for obj in (*session.new, *session.dirty):
        for name, kind in _TEXT_COLUMNS.get(type(obj), ()):
            value = obj.__dict__.get(name)
            if isinstance(value, str) and (stored := kind.clean(value)) != value:
                setattr(obj, name, stored)
