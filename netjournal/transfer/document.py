"""The export format as pydantic models: every record's fields, in the order the export writes them.

These models are the one description of the format. Import validates a file with them
(transfer/import_checks.py says what is wrong in netjournal's words and checks records against
each other); the export writes each record's fields in this order (transfer/export.py).
"""

from __future__ import annotations

import json
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, Union, get_args, get_origin

from annotated_types import Ge, Le
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from netjournal.domain.ahead import HAPPENED, SURE
from netjournal.domain.cadence import EXAMPLE, CadenceError, stored_cadence
from netjournal.domain.dates import MAX_YEAR, MIN_YEAR, RANGE_MESSAGE
from netjournal.domain.tags import TagError, parse_tags
from netjournal.domain.text import clean_text, fold_line
from netjournal.domain.vocab import ENERGY, FOLLOW_UPS, KINDS, OUTCOMES, SLOTS, STATUSES, STILL_THINKING

FORMAT = "netjournal"
VERSION = 2  # 2: coming-up events' worry check and calendar UIDs, keep in touch, tags; 1 still imports
TIME_EXAMPLE = "2019-04-08T19:00:00.000000Z"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class Says:
    """What a wrong value of a field is, in our words: shown as `<value> <wrong>`.

    `not_text` replaces `wrong` when the value isn't even a string.
    """

    wrong: str
    not_text: str | None = None


class OutOfRange:
    """A number in a file that no field could hold (NaN, Infinity, thousands of digits), as read."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def __repr__(self) -> str:
        return self.shown


def show(value: Any) -> str:
    """A value from a file as a message shows it: JSON, ASCII only, cut to 40 characters."""
    text = value.shown if isinstance(value, OutOfRange) else json.dumps(value, ensure_ascii=True, default=repr)
    return text if len(text) <= 40 else text[:37] + "..."


def refusal(message: str) -> PydanticCustomError:
    """A validation error whose message is already in our words."""
    return PydanticCustomError("netjournal", "{message}", {"message": message})


# Values -----------------------------------------------------------------------------


def iso_time(value: datetime) -> str:
    """A time as the export writes it: UTC, ISO 8601 with a Z, microseconds kept so import round-trips exactly.

    The journal keeps times in UTC without a zone, so a time without one is UTC.
    """
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_time(value: Any) -> datetime:
    """A time from a file, in UTC; raises a refusal in our words if it isn't one netjournal takes."""
    if type(value) is str and len(value) == 27 and value[10] == "T" and value[26] == "Z":  # as the export writes it
        try:
            fast = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if fast.year >= MIN_YEAR:
                return fast
    parsed = None
    if isinstance(value, str) and "T" in value:
        with suppress(ValueError):
            parsed = datetime.fromisoformat(value)
    if parsed is None:
        raise refusal(f"{show(value)} is not a time (like {TIME_EXAMPLE})")
    if parsed.tzinfo is None:
        raise refusal(f"{show(value)} has no time zone; add Z for UTC")
    if parsed.tzinfo is not UTC:
        try:
            parsed = parsed.astimezone(UTC)
        except OverflowError:
            raise refusal(f"{show(value)} is out of range: {RANGE_MESSAGE}") from None
    if parsed.year < MIN_YEAR:
        raise refusal(f"{show(value)} is out of range: {RANGE_MESSAGE}")
    return parsed


def read_date(value: Any) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise refusal(f"{show(value)} is not a date (like 2019-04-08)")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise refusal(f"{show(value)} is not a date on the calendar") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise refusal(f"{show(value)} is out of range: {RANGE_MESSAGE}")
    return day


def _whole(value: str) -> str:
    if value.isascii():  # known without looking at the characters
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise refusal("holds a broken character (a lone UTF-16 surrogate)") from None
    return value


def _named(value: str) -> str:
    if not clean_text(fold_line(_whole(value))).strip():
        raise refusal("is empty; every event and person needs a name")
    return value


def _cadence(value: str) -> str:
    try:
        return stored_cadence(_whole(value))
    except CadenceError:
        raise refusal(f"{show(value)} is not a cadence (like {EXAMPLE}, or empty for off)") from None


def _tags(value: list[str]) -> list[str]:
    try:
        return list(parse_tags(" ".join(_whole(tag) for tag in value)))
    except TagError as err:
        raise refusal(str(err).rstrip(".")) from None


Id = Annotated[
    StrictStr,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
    Says("is not an id (a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427)", not_text="is not an id (a UUID in quotes)"),
]
Time = Annotated[datetime, PlainValidator(read_time), PlainSerializer(iso_time, return_type=str, when_used="json")]
Day = Annotated[date, BeforeValidator(read_date)]
Text = Annotated[StrictStr, AfterValidator(_whole)]
Name = Annotated[StrictStr, AfterValidator(_named)]
Slot = Annotated[StrictInt, Ge(min(SLOTS)), Le(max(SLOTS)), Says(f"is not {' or '.join(map(str, SLOTS))}")]
Energy = Annotated[
    Annotated[StrictInt, Ge(min(ENERGY)), Le(max(ENERGY))] | None,
    Says(f"is not a number from {min(ENERGY)} to {max(ENERGY)} (or null)"),
]
YesNo = Annotated[StrictBool, Says("is not true or false")]
Cadence = Annotated[StrictStr, AfterValidator(_cadence)]
Sure = Annotated[
    Annotated[StrictInt, Ge(min(SURE)), Le(max(SURE))] | None,
    Says(f"is not a number from {min(SURE)} to {max(SURE)} (or null)"),
]
Tags = Annotated[list[StrictStr], AfterValidator(_tags), Says('is not a list of tags (like ["rust", "investor"])')]

if TYPE_CHECKING:  # the words a field takes, as mypy sees them
    Kind: TypeAlias = str
    Outcome: TypeAlias = str
    Status: TypeAlias = str
    StillThinking: TypeAlias = str
    FollowUp: TypeAlias = str
    Happened: TypeAlias = str
else:

    def _one_of(words: dict[str, str]) -> Any:
        return Annotated[Literal[tuple(words)], Says(f"is not one of {', '.join(words)}")]

    Kind, Outcome, Status = _one_of(KINDS), _one_of(OUTCOMES), _one_of(STATUSES)
    StillThinking, FollowUp, Happened = _one_of(STILL_THINKING), _one_of(FOLLOW_UPS), _one_of(HAPPENED)


# Records ----------------------------------------------------------------------------


class RecordModel(BaseModel):
    """A record as the file holds it: no field but those named, each of exactly its type."""

    model_config = ConfigDict(extra="forbid", strict=True)


class PersonRecord(RecordModel):
    id: Id
    name: Name
    great_at: Text = ""
    contact: Text = ""
    notes: Text = ""
    keep_in_touch: Cadence = ""
    kept_in_touch_on: Day | None = None
    keep_in_touch_snoozed_until: Day | None = None
    created_at: Time
    updated_at: Time
    tags: Tags = Field(default_factory=list)


class GoalRecord(RecordModel):
    id: Id
    text: Text = ""
    outcome: Outcome = "open"
    learned: Text = ""
    created_at: Time
    updated_at: Time


class MeetingRecord(RecordModel):
    id: Id
    person_id: Id
    slot: Slot
    status: Status = "met"
    talked_about: Text = ""
    not_work: Text = ""
    still_thinking: StillThinking = "a_little"
    follow_up: FollowUp = "undecided"
    follow_up_due: Day | None = None
    followed_up_on: Day | None = None
    created_at: Time
    updated_at: Time


class ReflectionRecord(RecordModel):
    id: Id
    showed_up: YesNo = True
    energy_before: Energy = None
    energy_after: Energy = None
    hard: Text = ""
    others_too: Text = ""
    friend_words: Text = ""
    gained: Text = ""
    proud: Text = ""
    worry: Text = ""  # the worry check (version 2)
    worry_sure_before: Sure = None
    worry_happened: Happened | None = None
    worry_sure_after: Sure = None
    created_at: Time
    updated_at: Time


class EventRecord(RecordModel):
    id: Id
    name: Name
    date: Day
    kind: Kind = "other"
    location: Text = ""
    notes: Text = ""
    calendar_uid: Text | None = None  # imported from a calendar (version 2): its key there ...
    calendar_fields: Text | None = None  # ... and its fields as last imported, as JSON
    created_at: Time
    updated_at: Time
    tags: Tags = Field(default_factory=list)
    goal: GoalRecord | None = None
    meetings: list[MeetingRecord] = Field(default_factory=list)
    reflection: ReflectionRecord | None = None


class ExportDocument(RecordModel):
    """A whole export: the journal's live people, and its live events with what belongs to each."""

    format: Literal["netjournal"]
    version: Annotated[StrictInt, Ge(1), Le(VERSION)]
    exported_at: Any = None  # when the file was written: shown, never read back
    people: list[PersonRecord]
    events: list[EventRecord]


NESTED = ("goal", "meetings", "reflection")  # an event's fields that hold records of their own
TAGS = "tags"  # an event's or a person's tags: rows of the tag table, not a column of its own


def columns(model: type[RecordModel]) -> tuple[str, ...]:
    """The fields of `model` that are columns of its table, in the export's order."""
    return tuple(name for name in model.model_fields if name not in NESTED and name != TAGS)


def fields_holding(model: type[RecordModel], kind: type) -> tuple[str, ...]:
    """The fields of `model` that hold a `kind` (or null)."""
    return tuple(name for name, info in model.model_fields.items() if _holds(info.annotation, kind))


def _holds(annotation: Any, kind: type) -> bool:
    if annotation is kind:
        return True
    if get_origin(annotation) is Annotated:
        return _holds(get_args(annotation)[0], kind)
    if get_origin(annotation) in (Union, UnionType):
        return any(_holds(arg, kind) for arg in get_args(annotation))
    return False


def says(loc: tuple[str | int, ...]) -> Says | None:
    """How the field at `loc` (as a validation error locates it) describes a wrong value, if it says."""
    model: type[BaseModel] | None = ExportDocument
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) if model is not None else None
        if info is None:
            return None
        model = _record_in(info.annotation)
    return next((m for m in info.metadata if isinstance(m, Says)), None) if info is not None else None


def _record_in(annotation: Any) -> type[BaseModel] | None:
    """The record model a field holds (alone, in a list, or or null), if it holds one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in map(_record_in, get_args(annotation)) if m is not None), None)
