"""Deterministic journals of several sizes for the benchmark.

`build_journal(path, size)` creates the file through the real `open_store`
(schema, application_id, PRAGMAs), then bulk-inserts every row in one
transaction with SQLAlchemy Core. The same size always gives the same file
contents: a seeded `random.Random`, dates relative to FIXED_DAY, uuid5 ids.

    python -m benchmarks.generate [--cache DIR] SIZE ...
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import os
import random
import sqlite3
import sys
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

FIXED_DAY = date(2026, 11, 20)
SEED = 7
ID_NAMESPACE = uuid.UUID("6f1c3a52-6a0e-5b8e-9d1c-2f64b1f0a7e1")
# Bump when the generated contents change, so cached journals are rebuilt.
GENERATOR_VERSION = 2


@dataclass(frozen=True)
class Shape:
    """How many live rows a journal holds, spread over `years` before FIXED_DAY."""

    events: int
    meetings: int
    people: int
    years: int = 10
    goals: float = 0.9  # share of events with a goal
    reflections: float = 0.8  # share of past events with a reflection
    upcoming: float = 0.01  # share of events in the month after FIXED_DAY
    swapped: float = 0.01  # extra soft-deleted meetings, as a share of events
    deleted_events: float = 0.005  # extra soft-deleted events, as a share of events


SIZES: dict[str, Shape] = {
    "empty": Shape(events=0, meetings=0, people=0),
    "one": Shape(
        events=1, meetings=0, people=0, goals=1.0, reflections=1.0, upcoming=0.0, swapped=0.0, deleted_events=0.0
    ),
    "tiny": Shape(events=40, meetings=60, people=50, years=2, swapped=0.1, deleted_events=0.05, upcoming=0.1),
    "busy": Shape(events=500, meetings=1_000, people=800),
    "stress": Shape(events=50_000, meetings=100_000, people=60_000),
}


@dataclass(frozen=True)
class Built:
    path: Path
    shape: Shape
    newest_event_name: str


# Words -----------------------------------------------------------------------

CITIES = (
    "Lisbon",
    "Berlin",
    "Leeds",
    "Porto",
    "Utrecht",
    "Ghent",
    "Lyon",
    "Bristol",
    "Turin",
    "Aarhus",
    "Kraków",
    "Bilbao",
    "Tartu",
    "Graz",
    "Brno",
    "Cork",
)
TOPICS = (
    "Python",
    "design systems",
    "data",
    "product",
    "accessibility",
    "open source",
    "security",
    "climate tech",
    "devops",
    "UX research",
    "Rust",
    "analytics",
    "testing",
    "careers",
)
KIND_WORDS = {
    "conference": "conference",
    "meetup": "meetup",
    "dinner": "dinner",
    "talk": "talk",
    "other": "get-together",
}
KIND_WEIGHTS = (("meetup", 40), ("conference", 15), ("talk", 20), ("dinner", 15), ("other", 10))
OUTCOME_WEIGHTS = (("met", 40), ("partly", 30), ("not_this_time", 15), ("open", 15))
VENUES = (
    "the library",
    "a co-working space",
    "the university",
    "a small café",
    "the old brewery",
    "a community hall",
    "the museum",
    "online",
)
FIRST = (
    "Ana",
    "Ben",
    "Chiara",
    "Dev",
    "Elif",
    "Femi",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kai",
    "Lena",
    "Malik",
    "Nora",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
    "Zoë",
    "Aoife",
    "Bruno",
    "Carmen",
    "Dara",
    "Emil",
    "Farah",
    "Gil",
    "Hana",
    "Ivo",
    "Jun",
    "Kofi",
    "Lior",
    "Mei",
    "Nils",
    "Olu",
)
LAST = (
    "Almeida",
    "Brandt",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Horvat",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rossi",
    "Santos",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Murphy",
    "Nguyen",
    "Haddad",
    "Silva",
)
GREAT_AT = (
    "explaining hard things simply",
    "testing strategy",
    "hiring well",
    "accessibility audits",
    "making slides people remember",
    "databases",
    "running small teams",
    "writing docs",
    "user interviews",
    "type systems",
    "community building",
    "performance work",
)
TALKED = (
    "their move into research",
    "how they run retros",
    "a talk idea for next spring",
    "what makes a good first issue",
    "pairing across time zones",
    "a library they maintain",
    "onboarding without burning out",
    "why they left consulting",
)
NOT_WORK = (
    "walked the old town together",
    "both love bouldering",
    "swapped bread recipes",
    "talked about their dog",
    "same favourite band",
    "grew up near the sea too",
    "learning Portuguese as well",
    "recommended a novel",
)
GOALS = (
    "Ask two speakers one question each about {t}",
    "Find one person who uses {t} at work",
    "Learn how others onboard people into {t}",
    "Leave with one idea for our {t} work",
    "Say hello to the organiser and thank them",
)
LEARNED = (
    "Most people were nervous too",
    "Smaller tables are easier for me",
    "The hallway track mattered most",
    "Arriving early helps",
    "",
)
HARD = ("Walking into a full room", "The first ten minutes", "Leaving a conversation politely", "")
OTHERS = ("Probably half the room", "The person by the coffee urn", "Most first-timers", "")
FRIEND = ("You came, and that was the hard part", "Two good talks is plenty", "Rest tomorrow, you earned it")
GAINED = ("A new contact for testing questions", "Confidence to go again", "A reading list", "")
PROUD = ("I asked a question in the Q&A", "I stayed for an hour", "I introduced myself first", "")


def _pick_from(weighted):
    """A fast picker for one weighted table (the generator draws millions of times)."""
    values, weights = zip(*weighted, strict=True)
    total = sum(weights)
    cumulative = [sum(weights[: i + 1]) / total for i in range(len(weights))]
    return lambda rng: values[bisect.bisect(cumulative, rng.random())]


_KIND = _pick_from(KIND_WEIGHTS)
_OUTCOME = _pick_from(OUTCOME_WEIGHTS)
_THINKING = _pick_from((("not_really", 35), ("a_little", 45), ("cant_stop", 20)))
# Planned follow-ups are mostly recent: older ones were done or let go, a few linger.
RECENT = timedelta(days=60)
_FOLLOW_UP_KEEN = _pick_from((("planned", 70), ("done", 20), ("let_go", 10)))
_FOLLOW_UP_KEEN_OLD = _pick_from((("planned", 5), ("done", 60), ("let_go", 35)))
_FOLLOW_UP_CALM = _pick_from((("undecided", 60), ("let_go", 30), ("done", 10)))


def _id(kind: str, n: int) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{SEED}:{kind}:{n}"))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


# Rows ------------------------------------------------------------------------


def _rows(shape: Shape) -> dict[str, list[dict]]:
    """Every row of the journal as plain dicts, ready for Core inserts."""
    if shape.meetings > 2 * shape.events:
        raise ValueError("An event holds at most two meetings.")
    if shape.meetings and shape.people < 2:
        raise ValueError("Meetings need at least two people.")
    rng = random.Random(SEED)
    span = max(1, shape.years * 365)
    events, goals, reflections, people, meetings = [], [], [], [], []

    person_ids = [_id("person", i) for i in range(shape.people)]
    for i, person_id in enumerate(person_ids):
        joined = FIXED_DAY - timedelta(days=rng.randrange(span))
        people.append(
            {
                "id": person_id,
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "great_at": rng.choice(GREAT_AT),
                "contact": f"person{i}@example.org" if rng.random() < 0.6 else "",
                "notes": "",
                "created_at": _at(joined, 21),
                "updated_at": _at(joined, 21, 30),
                "deleted_at": None,
            }
        )

    upcoming = round(shape.events * shape.upcoming)
    # How many live meetings each event gets: two each, fewer on some, to the exact total.
    per_event = [2] * shape.events
    both_slots = [i for i in range(shape.events) for _ in (1, 2)]
    for i in rng.sample(both_slots, 2 * shape.events - shape.meetings):
        per_event[i] -= 1

    meeting_n = 0
    for i in range(shape.events):
        event_id = _id("event", i)
        if i < upcoming:
            day = FIXED_DAY + timedelta(days=1 + rng.randrange(30))
        elif shape.events == 1:
            day = FIXED_DAY - timedelta(days=1)
        else:
            day = FIXED_DAY - timedelta(days=rng.randrange(span))
        past = day <= FIXED_DAY
        kind = _KIND(rng)
        topic = rng.choice(TOPICS)
        events.append(
            {
                "id": event_id,
                "name": f"{rng.choice(CITIES)} {topic} {KIND_WORDS[kind]}",
                "date": day,
                "kind": kind,
                "location": rng.choice(VENUES),
                "notes": "",
                "created_at": _at(day - timedelta(days=7), 19),
                "updated_at": _at(day + timedelta(days=1) if past else day - timedelta(days=1), 9),
                "deleted_at": None,
            }
        )
        if rng.random() < shape.goals:
            goals.append(
                {
                    "id": _id("goal", i),
                    "event_id": event_id,
                    "text": rng.choice(GOALS).format(t=topic),
                    "outcome": _OUTCOME(rng) if past else "open",
                    "learned": rng.choice(LEARNED) if past else "",
                    "created_at": _at(day - timedelta(days=7), 19, 5),
                    "updated_at": _at(day + timedelta(days=1) if past else day - timedelta(days=1), 9, 5),
                    "deleted_at": None,
                }
            )
        if past and rng.random() < shape.reflections:
            reflections.append(
                {
                    "id": _id("reflection", i),
                    "event_id": event_id,
                    "showed_up": True,
                    "energy_before": rng.randint(1, 5),
                    "energy_after": rng.randint(1, 5),
                    "hard": rng.choice(HARD),
                    "others_too": rng.choice(OTHERS),
                    "friend_words": rng.choice(FRIEND),
                    "gained": rng.choice(GAINED),
                    "proud": rng.choice(PROUD),
                    "created_at": _at(day + timedelta(days=1), 8),
                    "updated_at": _at(day + timedelta(days=1), 8, 20),
                    "deleted_at": None,
                }
            )
        chosen: list[str] = []
        for slot in range(1, per_event[i] + 1):
            person = rng.choice(person_ids)
            while person in chosen:
                person = rng.choice(person_ids)
            chosen.append(person)
            meetings.append(_meeting(rng, _id("meeting", meeting_n), event_id, person, slot, day, past))
            meeting_n += 1
        if per_event[i] == 2 and rng.random() < shape.swapped:
            # Someone swapped out for a later conversation: soft-deleted, their slot reused.
            person = rng.choice(person_ids)
            swapped = _meeting(rng, _id("swapped", i), event_id, person, 1, day, past)
            swapped["deleted_at"] = _at(day, 23)
            meetings.append(swapped)

    for i in range(round(shape.events * shape.deleted_events)):
        day = FIXED_DAY - timedelta(days=rng.randrange(span))
        events.append(
            {
                "id": _id("deleted-event", i),
                "name": f"{rng.choice(CITIES)} cancelled meetup",
                "date": day,
                "kind": "meetup",
                "location": "",
                "notes": "",
                "created_at": _at(day, 10),
                "updated_at": _at(day, 11),
                "deleted_at": _at(day, 11),
            }
        )
    return {"event": events, "goal": goals, "reflection": reflections, "person": people, "meeting": meetings}


def _meeting(
    rng: random.Random, meeting_id: str, event_id: str, person_id: str, slot: int, day: date, past: bool
) -> dict:
    status, thinking, follow_up, due, done_on = "hoping", "a_little", "undecided", None, None
    talked = not_work = ""
    if past:
        status = "met"
        talked, not_work = rng.choice(TALKED), rng.choice(NOT_WORK)
        thinking = _THINKING(rng)
        if thinking != "cant_stop":
            follow_up = _FOLLOW_UP_CALM(rng)
        elif FIXED_DAY - day <= RECENT:
            follow_up = _FOLLOW_UP_KEEN(rng)
        else:
            follow_up = _FOLLOW_UP_KEEN_OLD(rng)
        if follow_up == "planned":
            due = day + timedelta(days=rng.randint(1, 7))
        elif follow_up == "done":
            done_on = day + timedelta(days=rng.randint(1, 10))
    return {
        "id": meeting_id,
        "event_id": event_id,
        "person_id": person_id,
        "slot": slot,
        "status": status,
        "talked_about": talked,
        "not_work": not_work,
        "still_thinking": thinking,
        "follow_up": follow_up,
        "follow_up_due": due,
        "followed_up_on": done_on,
        "created_at": _at(day, 22),
        "updated_at": _at(day + timedelta(days=1), 9, 10),
        "deleted_at": None,
    }


# Building and caching ----------------------------------------------------------


def shape_of(size: str | Shape) -> Shape:
    if isinstance(size, Shape):
        return size
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"unknown size {size!r}; pick one of {', '.join(SIZES)}") from None


def build_journal(path: Path, size: str | Shape) -> Built:
    """Create a journal at `path` (which must not exist yet) holding the rows of `size`."""
    from sqlalchemy import insert

    from netjournal.store.engine import open_store
    from netjournal.store.models import Event, Goal, Meeting, Person, Reflection

    shape = shape_of(size)
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    rows = _rows(shape)
    store = open_store(path)
    try:
        with store.engine.begin() as conn:
            # For this connection only: a large page cache (random uuid keys touch every index
            # page) and no fsync (a half-built file is never used: it is built aside, then renamed).
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            # Parents before children, so foreign keys hold at every insert.
            for model in (Person, Event, Goal, Reflection, Meeting):
                batch = rows[model.__tablename__]
                if batch:
                    conn.execute(insert(model.__table__), batch)
    finally:
        store.close()
    return Built(path=path, shape=shape, newest_event_name=newest_event_name(path))


def newest_event_name(path: Path) -> str:
    """The name the Events list shows on its first row ("" for an empty journal)."""
    con = sqlite3.connect(path)  # read-write, so closing it removes the -wal and -shm files
    try:
        row = con.execute(
            "SELECT name FROM event WHERE deleted_at IS NULL ORDER BY date DESC, id DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    return row[0] if row else ""


def default_cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "netjournal-bench"


def schema_fingerprint() -> str:
    """A short hash of the tables and indexes the models declare, so a schema change rebuilds the cache."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from netjournal.store import models, search_index
    from netjournal.store.files import SCHEMA_VERSION

    dialect = sqlite.dialect()
    parts = [str(SCHEMA_VERSION)]
    for table in sorted(SQLModel.metadata.tables.values(), key=lambda t: t.name):
        parts.append(str(CreateTable(table).compile(dialect=dialect)))
        parts.extend(sorted(str(CreateIndex(ix).compile(dialect=dialect)) for ix in table.indexes))
    parts.extend(models.SUMMARY_TRIGGERS)
    parts.extend(search_index.BUILD)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:10]


def cached_journal(size: str, cache_dir: Path | None = None) -> Built:
    """The journal of `size` in `cache_dir`, built once (per generator and schema) and reused afterwards."""
    cache_dir = Path(cache_dir or default_cache_dir())
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = f"{size}-v{GENERATOR_VERSION}-{schema_fingerprint()}"
    path = cache_dir / f"{key}.db"
    if not path.exists():
        partial = cache_dir / f".{key}.{os.getpid()}.building.db"
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        build_journal(partial, size)
        os.replace(partial, path)
    return Built(path=path, shape=shape_of(size), newest_event_name=newest_event_name(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cache", type=Path, default=None, help=f"folder for the journals (default {default_cache_dir()})"
    )
    parser.add_argument("sizes", nargs="*", help=f"any of {', '.join(SIZES)} (default: empty one busy stress)")
    args = parser.parse_args(argv)
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; pick from {', '.join(SIZES)}")
    for size in args.sizes or ["empty", "one", "busy", "stress"]:
        built = cached_journal(size, args.cache)
        print(f"{size:>7}: {built.path} ({built.path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
