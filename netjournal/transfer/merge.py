"""Merging checked records into the journal, in one transaction, a batch at a time.

Records are matched by id. A record the journal lacks is added; one whose
`updated_at` is newer than the journal's copy replaces it; anything else is
left alone, so importing the same file twice changes nothing.

People come first, then events a batch at a time, each with its goal, reflection and meetings:
all that a check against the journal needs of one event is in its own batch. The first problem
stops the writing (the transaction is rolled back in the end), not the checking, so a refusal
names the same first problem, and counts the same problems, as if everything were planned first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Executable, bindparam, update
from sqlmodel import Session, SQLModel, select

from netjournal.domain.text import count
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection, table_of, utcnow
from netjournal.store.tags import replace_tags
from netjournal.transfer.bulk import Upkeep, in_chunks, insert_rows, time_of, update_rows
from netjournal.transfer.document import TAGS
from netjournal.transfer.import_checks import KINDS_OF_RECORD, Incoming, Problems, Record, no_cycle_scans

IMPORT_CACHE_SIZE = -16384  # KiB (16 MiB), as PRAGMA cache_size counts them when negative
BATCH = 500  # events (with what belongs to them) or people per batch
# The journal's problems are named in this order: a goal or a reflection of another event, a meeting
# whose person is nowhere or that belongs to another event, then meet lists that would clash.
_RANK = {"goals": 0, "reflections": 1, "meetings": 2, "meet list": 3}


@dataclass
class ImportReport:
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0

    def summary(self) -> str:
        added = ", ".join(_count(self.added[k], k) for k in KINDS_OF_RECORD)
        updated = ", ".join(_count(self.updated[k], k) for k in KINDS_OF_RECORD)
        line = f"Added {added}; updated {updated}."
        if self.unchanged:
            line += f" {self.unchanged} already up to date."
        return line


def _count(n: int, kind: str) -> str:
    return count(n, "person", "people") if kind == "people" else count(n, kind[:-1])


@dataclass(frozen=True)
class Existing:
    """What the journal holds for one record, as far as merging needs to know."""

    id: str
    updated_at: datetime
    event_id: str | None = None
    person_id: str | None = None


Pair = tuple[Record, Existing | None]  # a record, and the journal's row it replaces (None: it is added)


Wins = Callable[[Record, Existing], bool]  # whether a record takes the place of the journal's copy


@dataclass
class Plan:
    """What one batch will write: for each kind, the records to add or to put in place of the journal's."""

    writes: dict[str, list[Pair]] = field(default_factory=lambda: {kind: [] for kind in KINDS_OF_RECORD})
    unchanged: int = 0
    wins: Wins = field(default=lambda rec, existing: _newer(rec, existing))

    def decide(self, kind: str, rec: Record, existing: Existing | None) -> None:
        if existing is None or self.wins(rec, existing):
            self.writes[kind].append((rec, existing))
        else:
            self.unchanged += 1


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _newer(incoming: Record, existing: Existing) -> bool:
    newer: bool = time_of(incoming.values["updated_at"]) > _aware(existing.updated_at)
    return newer


def merge(*, session: Session, incoming: Incoming, source: str = "The file") -> ImportReport:
    """Check `incoming` against the journal, then write it; raises ImportRefused, and nothing is written.

    `session` must not have written yet; see Merge.
    """
    by_event: dict[str, dict[str, list[Record]]] = {kind: {} for kind in ("goals", "reflections", "meetings")}
    for kind, records in by_event.items():
        for rec in getattr(incoming, kind):
            records.setdefault(str(rec.event_id), []).append(rec)
    with Merge(session, source=source) as merging:
        for i in range(0, len(incoming.people), BATCH):
            merging.people(incoming.people[i : i + BATCH])
        for i in range(0, len(incoming.events), BATCH):
            events = incoming.events[i : i + BATCH]
            belonging = ([r for e in events for r in by_event[kind].get(e.values["id"], [])] for kind in by_event)
            merging.events(events, *belonging)
        return merging.finish()


class Merge:
    """One import into the journal: all of it in the session's transaction, which holds the journal's
    write lock from its start.

    What the journal holds is read only once no one else can change it, so an edit saved while the
    import waited for the lock is compared with the file's copy, not overwritten. Give it every
    person (`people`) before any event (`events`), then `finish`.
    """

    def __init__(
        self, session: Session, *, source: str = "The file", wins: Wins | None = None, noting: bool = False
    ) -> None:
        self._session = session
        self._wins: Wins = wins or _newer  # a sync breaks a tie of times its own way
        self._noting = noting  # a sync is told what was written (an import of millions of records isn't)
        self.written: list[tuple[str, Record, Existing | None]] = []  # (kind, record, the row it replaced)
        self._source = source
        self._conn = conn = session.connection()
        take_write_lock(conn)
        # A big import touches pages all over the file: a larger page cache for this
        # connection, for the length of the import, keeps that from going to disk.
        self._cache_size = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
        conn.exec_driver_sql(f"PRAGMA cache_size={IMPORT_CACHE_SIZE}")
        # A table empty when the import began holds only rows this import added, each a record of
        # the file (whose ids are its own): looking up the file's ids there can find nothing.
        self._empty: dict[type[SQLModel], bool] = {
            model: bool(conn.exec_driver_sql(f"SELECT NOT EXISTS (SELECT 1 FROM {table_of(model).name})").scalar())
            for model in (Person, Event, Goal, Reflection, Meeting)
        }
        self._people_in_file: set[str] = set()
        self._upkeep = Upkeep(conn, fresh=[table_of(model).name for model, empty in self._empty.items() if empty])
        self._problems = Problems()
        self.report = ImportReport()
        self._quiet = no_cycle_scans()

    def __enter__(self) -> Merge:
        self._quiet.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self._quiet.__exit__(kind, err, tb)
        self._conn.exec_driver_sql(f"PRAGMA cache_size={self._cache_size}")

    def people(self, records: list[Record]) -> None:
        self._people_in_file.update(rec.values["id"] for rec in records)
        plan = Plan(wins=self._wins)
        existing = self._existing_by_id(Person, (rec.values["id"] for rec in records))
        for rec in records:
            plan.decide("people", rec, existing.get(rec.values["id"]))
        self._write(plan)

    def events(
        self, events: list[Record], goals: list[Record], reflections: list[Record], meetings: list[Record]
    ) -> None:
        """A batch of events with every goal, reflection and meeting they hold in the file."""
        plan = Plan(wins=self._wins)
        existing = self._existing_by_id(Event, (rec.values["id"] for rec in events))
        for rec in events:
            plan.decide("events", rec, existing.get(rec.values["id"]))
        self._plan_one_per_event(plan, "goals", Goal, goals)
        self._plan_one_per_event(plan, "reflections", Reflection, reflections)
        self._plan_meetings(plan, meetings)
        self._write(plan)
        updated = [existing.id for rec, existing in plan.writes["events"] if existing is not None]
        if updated and not self._problems.count:
            self._upkeep.people_at(updated)

    def finish(self) -> ImportReport:
        """Refuse (ImportRefused) if anything clashed with the journal; else the summaries, and the report."""
        self._problems.raise_if_any(self._source)
        self._upkeep.finish()
        return self.report

    # Reading the journal --------------------------------------------------------------

    def _in_chunks(self, stmt_for: Callable[[list[str]], Executable], keys: Iterable[str]) -> list[Any]:
        """Rows of `stmt_for(chunk)` for `keys` a chunk at a time."""
        rows: list[Any] = []
        for chunk in in_chunks(keys):
            rows.extend(self._conn.execute(stmt_for(chunk)).all())
        return rows

    def _existing_by_id(self, model: type[SQLModel], ids: Iterable[str]) -> dict[str, Existing]:
        """The journal's rows (soft-deleted ones too) among `ids`."""
        if self._empty[model]:
            return {}
        table = table_of(model)
        columns = [table.c.id, table.c.updated_at]
        columns += [table.c[name] for name in ("event_id", "person_id") if name in table.c]
        rows = self._in_chunks(lambda chunk: select(*columns).where(table.c.id.in_(chunk)), ids)
        return {r[0]: Existing(*r) for r in rows}

    def _plan_one_per_event(self, plan: Plan, kind: str, model: type[SQLModel], records: list[Record]) -> None:
        """Goals and reflections: one per event, so a different id for the same event's merges into the journal's."""
        table = table_of(model)
        by_id = self._existing_by_id(model, (rec.values["id"] for rec in records))
        by_event = {
            r[2]: Existing(*r)
            for r in self._in_chunks(
                lambda chunk: select(table.c.id, table.c.updated_at, table.c.event_id).where(
                    table.c.event_id.in_(chunk)
                ),
                (str(rec.event_id) for rec in records if rec.values["id"] not in by_id and not self._empty[model]),
            )
        }
        for rec in records:
            existing = by_id.get(rec.values["id"])
            if existing is not None and existing.event_id != rec.event_id:
                self._problems.add(f"{rec.where}.id", "belongs to another event in this journal", rank=_RANK[kind])
                continue
            if existing is None:
                existing = by_event.get(rec.event_id)
                if existing is not None:
                    rec = Record(rec.where, {**rec.values, "id": existing.id}, rec.event_id)
            plan.decide(kind, rec, existing)

    def _plan_meetings(self, plan: Plan, records: list[Record]) -> None:
        rank = _RANK["meetings"]
        person = table_of(Person)
        in_file = self._people_in_file
        elsewhere = [] if self._empty[Person] else [r.values["person_id"] for r in records]
        in_journal = {  # soft-deleted or not
            r[0]
            for r in self._in_chunks(
                lambda chunk: select(person.c.id).where(person.c.id.in_(chunk)),
                (person_id for person_id in elsewhere if person_id not in in_file),
            )
        }
        meetings = self._existing_by_id(Meeting, (rec.values["id"] for rec in records))
        by_event: dict[str, list[Pair]] = {}
        for rec in records:
            person_id = rec.values["person_id"]
            if person_id not in in_file and person_id not in in_journal:
                self._problems.add(
                    f"{rec.where}.person_id", f"no person with id {person_id} in this file or the journal", rank=rank
                )
                continue
            existing = meetings.get(rec.values["id"])
            if existing is not None and existing.event_id != rec.event_id:
                self._problems.add(f"{rec.where}.id", "belongs to another event in this journal", rank=rank)
                continue
            by_event.setdefault(str(rec.event_id), []).append((rec, existing))
        meeting = table_of(Meeting)
        live_lists: dict[str, list[tuple[str, int, str]]] = {}
        for mid, event_id, slot, person_id in (
            []
            if self._empty[Meeting]
            else self._in_chunks(
                lambda chunk: (
                    select(meeting.c.id, meeting.c.event_id, meeting.c.slot, meeting.c.person_id)
                    .where(meeting.c.event_id.in_(chunk), meeting.c.deleted_at.is_(None))
                    .order_by(meeting.c.event_id, meeting.c.slot)
                ),
                by_event,
            )
        ):
            live_lists.setdefault(event_id, []).append((mid, slot, person_id))
        for event_id, pairs in by_event.items():
            _check_merged_meet_list(live_lists.get(event_id, []), pairs, self._problems, self._wins)
            for rec, existing in pairs:
                plan.decide("meetings", rec, existing)

    # Writing ----------------------------------------------------------------------------

    def _write(self, plan: Plan) -> None:
        """Write what `plan` holds, unless a problem was found: then nothing more is written (all is rolled back)."""
        self.report.unchanged += plan.unchanged
        if self._problems.count or not any(plan.writes.values()):
            return
        self._upkeep.hold()
        conn = self._conn
        # Meetings that change place are first taken off the meet list, so swapping
        # two slots never trips the one-person-per-slot index halfway through.
        moving = [{"_id": existing.id, "deleted_at": utcnow()} for _, existing in plan.writes["meetings"] if existing]
        if moving:
            table = table_of(Meeting)
            conn.execute(update(table).where(table.c.id == bindparam("_id")), moving)
        self._upkeep.touch(rec.values["person_id"] for rec, _ in plan.writes["meetings"])
        self._upkeep.touch(e.person_id for _, e in plan.writes["meetings"] if e is not None and e.person_id is not None)
        for kind, model in _WRITE_ORDER:
            if plan.writes[kind]:
                _write_kind(conn, kind, model, plan.writes[kind], self.report)
                if self._noting:
                    self.written.extend((kind, rec, existing) for rec, existing in plan.writes[kind])


def take_write_lock(conn: Connection) -> None:
    """Begin `conn`'s transaction holding the journal's write lock (waiting for it, up to the busy timeout)."""
    if not getattr(conn.connection.dbapi_connection, "in_transaction", False):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:  # a transaction someone else began: a write that changes nothing takes the lock before any read
        conn.exec_driver_sql("UPDATE event SET id = id WHERE 0")


_WRITE_ORDER: tuple[tuple[str, type[SQLModel]], ...] = (
    ("people", Person),
    ("events", Event),
    ("goals", Goal),
    ("reflections", Reflection),
    ("meetings", Meeting),
)


def _defaults(model: type[SQLModel]) -> dict[str, Any]:
    """The values a new row of `model` gets for fields a record leaves out."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            out[name] = info.default_factory()  # type: ignore[call-arg]
        elif not info.is_required():
            out[name] = info.default
    return out


def _write_kind(conn: Connection, kind: str, model: type[SQLModel], pairs: list[Pair], report: ImportReport) -> None:
    defaults = _defaults(model)
    added: list[dict[str, Any]] = []
    updated: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    tagged: dict[str, list[str]] = {}  # a record's tags come with it (a version-1 file's records bring none)
    for rec, existing in pairs:
        values = dict(rec.values)
        if TAGS in values:
            tagged[values["id"]] = values.pop(TAGS)
        if rec.event_id is not None:
            values["event_id"] = rec.event_id
        if existing is None:
            added.append({**defaults, **values})  # text is cleaned as its column binds it
            continue
        # Only the fields the record holds change; the rest of the journal's row stays. A record
        # in a file is live, unless it says when it was deleted (a sync folder's device file does).
        values.setdefault("deleted_at", None)
        updated.setdefault(tuple(sorted(name for name in values if name != "id")), []).append(values)
    if added:
        insert_rows(conn, model, added)
    for names, rows in updated.items():
        update_rows(conn, model, names, rows)
    replace_tags(conn, table=table_of(model).name, tags_by_id=tagged)
    report.added[kind] += len(added)
    report.updated[kind] += sum(len(rows) for rows in updated.values())


def _check_merged_meet_list(
    live: list[tuple[str, int, str]], pairs: list[Pair], problems: Problems, wins: Wins
) -> None:
    """The meet list as it would be after the import still has two slots, one person each.

    `live` is the event's meet list in the journal now: (meeting id, slot, person id).
    """
    rank = _RANK["meet list"]
    final: dict[str, tuple[int, str, str]] = {}
    for mid, slot, person_id in live:
        final[mid] = (slot, person_id, "a meeting already in the journal")
    for rec, existing in pairs:
        if existing is not None and not wins(rec, existing):
            continue
        if rec.values.get("deleted_at") is not None:  # a swapped-out meeting (from a sync) leaves its slot
            final.pop(rec.values["id"], None)
        else:
            final[rec.values["id"]] = (rec.values["slot"], rec.values["person_id"], rec.where)
    wheres = {rec.values["id"]: rec.where for rec, _ in pairs}
    slots: dict[int, str] = {}
    people: dict[str, str] = {}
    # The journal's own meetings claim their places first, so a clash is named at the file's record.
    for mid, (slot, person, at) in sorted(final.items(), key=lambda kv: kv[0] in wheres):
        here = wheres.get(mid)
        if slot in slots and here:
            problems.add(f"{here}.slot", f"slot {slot} of this event already holds {slots[slot]}", rank=rank)
        if person in people and here:
            problems.add(
                f"{here}.person_id", f"this person is already on the event's meet list ({people[person]})", rank=rank
            )
        slots.setdefault(slot, at)
        people.setdefault(person, at)
