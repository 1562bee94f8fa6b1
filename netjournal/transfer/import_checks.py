"""Checking an export before anything is written: the models' verdict in our words, then the file as a whole.

A problem is named at its record, `events[3].meetings[0].slot: 3 is not 1 or 2`; the first
one and how many more make the one line a refusal says.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from netjournal.domain.text import visible
from netjournal.domain.vocab import SLOTS
from netjournal.errors import InputError
from netjournal.transfer.document import (
    FORMAT,
    NESTED,
    VERSION,
    EventRecord,
    ExportDocument,
    OutOfRange,
    RecordModel,
    says,
    show,
)

KINDS_OF_RECORD = ("events", "people", "meetings", "goals", "reflections")
TIMES = ("created_at", "updated_at")  # every record's, checked against the clock
FUTURE_LEEWAY = timedelta(days=1)  # a clock a little ahead of this one's is not a reason to refuse a file


@contextmanager
def no_cycle_scans() -> Iterator[None]:
    """Hold Python's cycle collector while a file's records are built or written.

    That is hundreds of thousands of small objects and no reference cycles: the collector
    would scan the growing heap again and again for nothing (it doubled a large import's checks).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ImportRefused(InputError):
    """The file can't be imported; nothing was written."""


class Problems:
    """What is wrong with a file: how many problems, and the first `where: what` line of each rank.

    A refusal names the first problem of the lowest rank: checks made a record at a time
    still name the one a whole-file pass would have named first.
    """

    def __init__(self) -> None:
        self.count = 0
        self._first: dict[int, str] = {}

    def add(self, where: str, message: str, *, rank: int = 0) -> None:
        self.count += 1
        self._first.setdefault(rank, f"{where}: {message}")

    def raise_if_any(self, source: str) -> None:
        if not self.count:
            return
        more = self.count - 1
        extra = f" (and {more} more {'problem' if more == 1 else 'problems'})" if more else ""
        first = self._first[min(self._first)]
        raise ImportRefused(f"{visible(source)} can't be imported: {first}{extra}. Nothing was imported.")


@dataclass(slots=True)
class Record:
    """One checked record: where it sits in the file, and the values it holds, ready for the journal."""

    where: str
    values: dict[str, Any]
    event_id: str | None = None


@dataclass
class Incoming:
    """Every record of a checked file, by kind."""

    people: list[Record] = field(default_factory=list)
    events: list[Record] = field(default_factory=list)
    goals: list[Record] = field(default_factory=list)
    meetings: list[Record] = field(default_factory=list)
    reflections: list[Record] = field(default_factory=list)
    document: Any = None  # the whole document as the models read it, for what a caller needs besides records


# Problems found once every record is valid are named in this order: meet lists too long,
# times in the future, ids used twice, then meet lists that give a slot or a person twice.
RANK_LONG_MEET_LIST = 0
RANK_FUTURE = {kind: 1 + n for n, kind in enumerate(KINDS_OF_RECORD)}
RANK_SAME_ID = {kind: 1 + len(KINDS_OF_RECORD) + n for n, kind in enumerate(KINDS_OF_RECORD)}
RANK_MEET_LIST = 1 + 2 * len(KINDS_OF_RECORD)


def check_document(
    doc: Any, *, source: str = "The file", now: datetime | None = None, model: type[RecordModel] = ExportDocument
) -> Incoming:
    """Every record of `doc`, checked on its own and against the rest of the file; raises ImportRefused.

    `now` is when "in the future" starts (a day's leeway added); this computer's clock unless given.
    `model` is the document's (a sync folder's device file has its own, whose header its reader checks).
    """
    if model is ExportDocument:
        check_header(doc, source)
    problems = Problems()
    latest = latest_time(now)
    with no_cycle_scans():
        try:
            checked: Any = model.model_validate(doc)
        except ValidationError as err:
            add_invalid(err, problems)
            problems.raise_if_any(source)
            raise  # a validation error always names a problem; this is never reached
        incoming = Incoming(document=checked)
        for i, person in enumerate(checked.people):
            rec = Record(f"people[{i}]", held(person))
            incoming.people.append(rec)
            check_times("people", rec, doc["people"][i], latest, problems)
        for i, event in enumerate(checked.events):
            records = event_records(i, event)
            incoming.events.append(records.event)
            incoming.goals.extend(records.goals)
            incoming.reflections.extend(records.reflections)
            incoming.meetings.extend(records.meetings)
            check_event(records, doc["events"][i], latest, problems)
        _check_file_as_a_whole(incoming, problems)
    problems.raise_if_any(source)
    return incoming


def latest_time(now: datetime | None = None) -> datetime:
    """The latest time a record may say it was written: a day ahead of `now` (this computer's clock unless given)."""
    return (now or datetime.now(UTC)) + FUTURE_LEEWAY


def add_invalid(err: ValidationError, problems: Problems, at: tuple[str | int, ...] = (), *, rank: int = 0) -> None:
    """Each thing the models found wrong, in our words; `at` is where in the file the validated part sits."""
    for error in err.errors(include_url=False, include_context=False):
        if at:
            error = {**error, "loc": (*at, *error["loc"])}
        problems.add(where(error["loc"]), say(error), rank=rank)


def check_header(doc: Any, source: str) -> None:
    """The file is a netjournal export of a version this one reads, or it is refused as a whole."""
    source = visible(source)
    if not isinstance(doc, dict) or "format" not in doc:
        raise ImportRefused(f'{source} is not a netjournal export (no "format": "{FORMAT}"). Nothing was imported.')
    if doc["format"] != FORMAT:
        raise ImportRefused(
            f"{source} is not a netjournal export (its format is {show(doc['format'])}). Nothing was imported."
        )
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise ImportRefused(f"{source} has no export version netjournal knows ({show(version)}). Nothing was imported.")
    if version > VERSION:
        raise ImportRefused(
            f"{source} was written by a newer netjournal (export version {version}; this one reads up to "
            f"{VERSION}). Please update netjournal. Nothing was imported."
        )


def where(loc: tuple[str | int, ...]) -> str:
    """A place in the file as people read it: `events[3].meetings[0].slot`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = visible(part.encode("utf-8", "backslashreplace").decode("utf-8"))
            key = key if len(key) <= 40 else key[:37] + "..."
            out += f".{key}" if out else key
    return out


def say(error: ErrorDetails) -> str:
    """What a validation error means, in the words every other refusal uses."""
    kind, value, loc = error["type"], error.get("input"), error["loc"]
    if kind == "extra_forbidden":
        return "not a part of the export format netjournal knows" if len(loc) == 1 else "not a field netjournal knows"
    if isinstance(value, OutOfRange):
        return f"{value.shown} is out of range"
    if kind == "missing":
        return "is missing"
    if kind == "netjournal":  # raised by our own validators, already in our words
        return error["msg"]
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be an object, not {_json_kind(value)}"
    if kind == "list_type":
        return "should be a list"
    voice = says(loc)
    if voice is not None:
        return f"{show(value)} {voice.not_text if kind == 'string_type' and voice.not_text else voice.wrong}"
    if kind == "string_type":
        return f"should be text, not {_json_kind(value)}"
    return f"{show(value)} can't be read here ({error['msg']})"


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


@dataclass
class EventRecords:
    """One event of a file as records: the event, and its goal, reflection and meetings (each one or none)."""

    event: Record
    goals: list[Record]
    reflections: list[Record]
    meetings: list[Record]


def event_records(i: int, event: EventRecord) -> EventRecords:
    """The checked event at `events[i]` as records: only the fields each one holds, so a merge changes nothing else."""
    at = f"events[{i}]"
    values = held(event)
    for name in NESTED:
        del values[name]
    goal, reflection = event.goal, event.reflection
    return EventRecords(
        Record(at, values),
        [Record(f"{at}.goal", held(goal), event.id)] if goal is not None else [],
        [Record(f"{at}.reflection", held(reflection), event.id)] if reflection is not None else [],
        [Record(f"{at}.meetings[{j}]", held(meeting), event.id) for j, meeting in enumerate(event.meetings)],
    )


def held(record: RecordModel) -> dict[str, Any]:
    """The fields `record` was given in the file, with their checked values."""
    values = dict(record.__dict__)
    given = record.__pydantic_fields_set__
    if len(given) < len(values):  # some left out: they must not overwrite the journal's
        return {name: values[name] for name in given} | {name: values[name] for name in NESTED if name in values}
    return values


def check_event(records: EventRecords, raw: dict[str, Any], latest: datetime, problems: Problems) -> None:
    """What can be checked of one valid event on its own: its meet list's length and every record's times.

    `raw` is the event as the file has it, so a time is named as the file wrote it.
    """
    meetings = records.meetings
    if sum(1 for rec in meetings if live(rec)) > len(SLOTS):
        at = records.event.where
        problems.add(
            f"{at}.meetings", f"has {len(meetings)} people; an event's meet list holds two", rank=RANK_LONG_MEET_LIST
        )
    check_times("events", records.event, raw, latest, problems)
    for rec in records.goals:
        check_times("goals", rec, raw["goal"], latest, problems)
    for rec in records.reflections:
        check_times("reflections", rec, raw["reflection"], latest, problems)
    for j, rec in enumerate(meetings):
        check_times("meetings", rec, raw["meetings"][j], latest, problems)


def check_times(kind: str, rec: Record, raw: dict[str, Any], latest: datetime, problems: Problems) -> None:
    """No record was written after `latest`: a time in the future would win over every later edit, for ever."""
    for name in TIMES:
        if name in rec.values and rec.values[name] > latest:
            problems.add(
                f"{rec.where}.{name}",
                f"{visible(raw[name][:40])} is in the future; netjournal takes times up to a day ahead of now",
                rank=RANK_FUTURE[kind],
            )


def _check_file_as_a_whole(incoming: Incoming, problems: Problems) -> None:
    """Ids are unique per kind, and each event's meet list gives each slot and each person once."""
    for kind in KINDS_OF_RECORD:
        first_seen: dict[str, str] = {}
        for rec in getattr(incoming, kind):
            rid = rec.values["id"]
            if rid in first_seen:
                problems.add(f"{rec.where}.id", f"the same id as {first_seen[rid]}", rank=RANK_SAME_ID[kind])
            else:
                first_seen[rid] = rec.where
    by_event: dict[str | None, list[Record]] = {}
    for rec in incoming.meetings:
        by_event.setdefault(rec.event_id, []).append(rec)
    for recs in by_event.values():
        check_one_meet_list(recs, problems)


def live(rec: Record) -> bool:
    """Whether a record is on its lists: not deleted (only a sync folder's device file holds deleted ones)."""
    return rec.values.get("deleted_at") is None


def check_one_meet_list(recs: list[Record], problems: Problems) -> None:
    """One event's meetings in the file give each slot and each person once (its live ones: a swapped-out
    meeting left its slot)."""
    slots: dict[int, str] = {}
    people: dict[str, str] = {}
    for rec in filter(live, recs):
        slot, person = rec.values["slot"], rec.values["person_id"]
        if slot in slots:
            problems.add(f"{rec.where}.slot", f"slot {slot} is already taken by {slots[slot]}", rank=RANK_MEET_LIST)
        slots.setdefault(slot, rec.where)
        if person in people:
            problems.add(f"{rec.where}.person_id", f"the same person as {people[person]}", rank=RANK_MEET_LIST)
        people.setdefault(person, rec.where)
