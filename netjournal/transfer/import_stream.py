"""An export read a record at a time: checked in a first pass, merged in batches in a second.

The first pass checks exactly what check_document checks of a whole document, and names the
same first problem: records are validated one by one with the same models, and each problem is
ranked as check_document would meet it. What can only be judged with the whole file in hand
(a key said twice, a key the format doesn't have, an id used twice) raises ReadWhole, and the
file is read whole instead, for the same verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from netjournal.transfer.document import EventRecord, PersonRecord, read_time
from netjournal.transfer.import_checks import (
    KINDS_OF_RECORD,
    TIMES,
    EventRecords,
    Problems,
    Record,
    add_invalid,
    check_event,
    check_header,
    check_one_meet_list,
    check_times,
    event_records,
    held,
    latest_time,
    no_cycle_scans,
)
from netjournal.transfer.json_stream import Event, ReadWhole

LISTED_ORDER = ("people", "events")  # the members read an element at a time, in the order they are merged
LISTED = frozenset(LISTED_ORDER)
_HEADER = frozenset({"format", "version", "exported_at"})
_RANK_INVALID = {"people": 0, "events": 1}  # the models check people before events, wherever they are


@dataclass
class Shape:
    """What the first pass learned of a file that the second needs: in which order its lists come."""

    lists: list[str] = field(default_factory=list)


def check_stream(events: Iterator[Event], *, source: str, now: datetime | None = None) -> Shape:
    """Check every record of the file `events` reads, as check_document checks a document; raises
    ImportRefused (or ReadWhole, see above). Nothing is kept of a record once it is checked but its id."""
    latest = latest_time(now)
    shape = Shape()
    header: dict[str, Any] = {}
    invalid, problems = Problems(), Problems()
    ids: dict[str, set[int]] = {kind: set() for kind in KINDS_OF_RECORD}  # their hashes: a quarter of the memory
    counts = {"people": 0, "events": 0}
    with no_cycle_scans():
        for kind, key, value in events:
            if kind == "value":
                if key not in _HEADER:
                    raise ReadWhole  # a list that isn't one, or a part the format doesn't have
                header[key] = value
                continue
            if kind == "list":
                shape.lists.append(key)
                continue
            i = counts[key]
            counts[key] += 1
            try:
                record = (PersonRecord if key == "people" else EventRecord).model_validate(value)
            except ValidationError as err:
                add_invalid(err, invalid, (key, i), rank=_RANK_INVALID[key])
                continue
            if invalid.count:
                continue  # the rest is judged only once every record is valid
            if isinstance(record, PersonRecord):
                rec = Record(f"people[{i}]", held(record))
                check_times("people", rec, value, latest, problems)
                _one_id(ids["people"], rec)
            else:
                assert isinstance(record, EventRecord)
                records = event_records(i, record)
                check_event(records, value, latest, problems)
                for kind_of_record, recs in _by_kind(records):
                    for rec in recs:
                        _one_id(ids[kind_of_record], rec)
                check_one_meet_list(records.meetings, problems)
    if sorted(shape.lists) != sorted(LISTED):
        raise ReadWhole  # one is missing
    check_header(header, source)
    invalid.raise_if_any(source)
    problems.raise_if_any(source)
    return shape


def _by_kind(records: EventRecords) -> tuple[tuple[str, list[Record]], ...]:
    return (
        ("events", [records.event]),
        ("goals", records.goals),
        ("reflections", records.reflections),
        ("meetings", records.meetings),
    )


def _one_id(seen: set[int], rec: Record) -> None:
    key = hash(rec.values["id"])
    if key in seen:  # the same id (or, once in billions, two with one hash): the whole file names where
        raise ReadWhole
    seen.add(key)


@dataclass
class Batch:
    """Records of one batch of the second pass: people, or events with what belongs to them."""

    people: list[Record] = field(default_factory=list)
    events: list[Record] = field(default_factory=list)
    goals: list[Record] = field(default_factory=list)
    reflections: list[Record] = field(default_factory=list)
    meetings: list[Record] = field(default_factory=list)


def record_batches(
    events: Iterator[Event], keys: frozenset[str], size: int, *, read: Callable[[], int], most: int = 8 << 20
) -> Iterator[Batch]:
    """The records of the lists named in `keys`, in file order, `size` people or events at a time (a batch
    holds people or events, never both), from a file check_stream has passed.

    Each record holds the values the models would give it (see `_values`). A batch also ends once
    `most` bytes of the file were `read` for it, so a file of long notes is held a few MiB at a time.
    """
    batch = Batch()
    start = read()
    counts = {"people": 0, "events": 0}
    with no_cycle_scans():
        for kind, key, value in events:
            if kind != "item" or key not in keys:
                continue
            if (batch.people and key != "people") or (batch.events and key != "events"):
                yield batch
                batch = Batch()
            i = counts[key]
            counts[key] += 1
            if key == "people":
                batch.people.append(Record(f"people[{i}]", _values(value)))
            else:
                _add_event(batch, i, value)
            if len(batch.people) + len(batch.events) >= size or read() - start >= most:
                yield batch
                batch = Batch()
                start = read()
    if batch.people or batch.events:
        yield batch


def _add_event(batch: Batch, i: int, raw: dict[str, Any]) -> None:
    at = f"events[{i}]"
    event_id = raw["id"]
    goal, reflection, meetings = raw.pop("goal", None), raw.pop("reflection", None), raw.pop("meetings", ())
    batch.events.append(Record(at, _values(raw)))
    if goal is not None:
        batch.goals.append(Record(f"{at}.goal", _values(goal), event_id))
    if reflection is not None:
        batch.reflections.append(Record(f"{at}.reflection", _values(reflection), event_id))
    for j, meeting in enumerate(meetings):
        batch.meetings.append(Record(f"{at}.meetings[{j}]", _values(meeting), event_id))


def _values(raw: dict[str, Any]) -> dict[str, Any]:
    """The values of a record (just read, with no record of its own inside) the models have passed, as
    they give them (`held`): the text, numbers, words and days the file gives, as they are, and its
    times. A time as the export writes it is kept as the text the journal stores for it (see
    bulk.time_of); any other as the models read it."""
    for name in TIMES:
        time = raw[name]
        raw[name] = f"{time[:10]} {time[11:26]}" if _AS_EXPORTED.fullmatch(time) else read_time(time)
    return raw


_AS_EXPORTED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", re.ASCII)  # UTC, as the export writes
