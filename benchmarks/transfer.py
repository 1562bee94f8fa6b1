"""One export or import of a journal, timed, in a process of its own (so its peak memory is its own).

    python -m benchmarks.transfer {export,import,raw-export,raw-import} SOURCE TARGET

`export` and `import` are netjournal's own, as `netjournal export -o` and `netjournal import` run
them; the clock import checks times against is the benchmark's fixed day, since the generated
journals are dated around it. `raw-export` and `raw-import` are the baselines: the standard
library's sqlite3 and json doing the same work plainly (see their docstrings). Prints one line of
JSON: the seconds the work took (after the modules it needs are loaded), the rows it moved and
the process's peak memory in bytes.
"""

from __future__ import annotations

import importlib
import json
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from pathlib import Path

from benchmarks.generate import FIXED_DAY

NOW = datetime.combine(FIXED_DAY, datetime.min.time(), tzinfo=UTC) + timedelta(days=60)  # after every generated time
TABLES = ("person", "event", "goal", "reflection", "meeting")


def export(source: Path, target: Path) -> None:
    """`netjournal --db SOURCE export -o TARGET --quiet`, as the command line runs it."""
    from netjournal.cli import main

    if main(["--db", str(source), "export", "-o", str(target), "--quiet"]) != 0:
        raise SystemExit("the export stopped")


def import_(source: Path, target: Path) -> None:
    """`netjournal --db TARGET import SOURCE --quiet`, as the command line runs it, with the benchmark's clock."""
    from netjournal.store.engine import open_store
    from netjournal.transfer.importer import ImportFile

    with ImportFile(source) as file:
        file.check(now=NOW)
        store = open_store(target)
        try:
            with store.session() as session:
                file.merge(session=session)
        finally:
            store.close()


def raw_export(source: Path, target: Path) -> None:
    """Every live row read with sqlite3, put together as the export's document (people; events, each with
    its goal, meetings and reflection) and written with json.dumps (its C encoder: no indent)."""
    conn = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    try:
        goals = {r.pop("event_id"): r for r in _rows(conn, "goal", "event_id, id, text, outcome, learned")}
        reflections = {
            r.pop("event_id"): r
            for r in _rows(
                conn,
                "reflection",
                "event_id, id, showed_up, energy_before, energy_after, hard, others_too, friend_words, gained, proud",
            )
        }
        meetings: dict[str, list[dict]] = {}
        for r in _rows(
            conn,
            "meeting",
            "event_id, id, person_id, slot, status, talked_about, not_work, still_thinking, follow_up, "
            "follow_up_due, followed_up_on",
            "ORDER BY event_id, slot, id",
        ):
            meetings.setdefault(r.pop("event_id"), []).append(r)
        people = _rows(conn, "person", "id, name, great_at, contact, notes", "ORDER BY id")
        events = _rows(conn, "event", "id, name, date, kind, location, notes", "ORDER BY date, id")
    finally:
        conn.close()
    for event in events:
        event["goal"] = goals.get(event["id"])
        event["meetings"] = meetings.get(event["id"], [])
        event["reflection"] = reflections.get(event["id"])
    document = {"format": "netjournal", "version": 1, "people": people, "events": events}
    with target.open("w", encoding="utf-8") as out:
        out.write(json.dumps(document, ensure_ascii=False))


def _rows(conn: sqlite3.Connection, table: str, columns: str, order: str = "") -> list[dict]:
    cursor = conn.execute(f"SELECT {columns}, created_at, updated_at FROM {table} WHERE deleted_at IS NULL {order}")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def raw_import(source: Path, target: Path) -> None:
    """The file read with json.load, every record inserted with sqlite3's executemany into a new journal
    (the same schema and connection settings as netjournal's import), the summary triggers off, the
    summaries made once at the end, the triggers back, the search index built once, all in one transaction."""
    from netjournal.store import search_index
    from netjournal.store.engine import PRAGMAS, open_store
    from netjournal.store.models import RECOMPUTE_ALL_SUMMARIES
    from netjournal.transfer.merge import IMPORT_CACHE_SIZE

    open_store(target).close()  # a new journal, made by netjournal
    with source.open(encoding="utf-8") as file:
        document = json.load(file)
    conn = sqlite3.connect(target, isolation_level=None)
    for pragma in (*PRAGMAS, f"PRAGMA cache_size={IMPORT_CACHE_SIZE}"):
        conn.execute(pragma)
    conn.execute("BEGIN IMMEDIATE")
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    events = document["events"]
    for table, names, records in (
        ("person", _COLUMNS["person"], [((), p) for p in document["people"]]),
        ("event", _COLUMNS["event"], [((), e) for e in events]),
        ("goal", _COLUMNS["goal"], [((e["id"],), e["goal"]) for e in events if e.get("goal")]),
        ("reflection", _COLUMNS["reflection"], [((e["id"],), e["reflection"]) for e in events if e.get("reflection")]),
        ("meeting", _COLUMNS["meeting"], [((e["id"],), m) for e in events for m in e.get("meetings", ())]),
    ):
        get = itemgetter(*names)
        values = [  # the two times last, as the journal stores them
            (*event_id, *get(r), f"{c[:10]} {c[11:26]}", f"{u[:10]} {u[11:26]}")
            for event_id, r in records
            for c, u in ((r["created_at"], r["updated_at"]),)
        ]
        columns = [*(("event_id",) if table not in ("person", "event") else ()), *names, "created_at", "updated_at"]
        summary = ("events_met", "followed_up", "follow_ups_done", "not_work_moments")
        fixed = dict.fromkeys(summary, 0) if table == "person" else {}
        sql = (
            f"INSERT INTO {table} ({', '.join([*columns, *fixed])}) "
            f"VALUES ({', '.join(['?'] * len(columns) + [str(v) for v in fixed.values()])})"
        )
        conn.executemany(sql, values)
    conn.execute(RECOMPUTE_ALL_SUMMARIES)
    for name, sql in triggers:
        if not search_index.is_search_object(name):
            conn.execute(sql)
    # The search index filled once, from what the journal now holds (its triggers come back with it).
    names = [(str(t), str(n)) for t, n in conn.execute("SELECT type, name FROM sqlite_master")]
    for sql in search_index.drop_statements(names):
        conn.execute(sql)
    search_index.build(conn.execute)
    conn.execute("COMMIT")
    conn.close()


_COLUMNS = {
    "person": ("id", "name", "great_at", "contact", "notes", "keep_in_touch"),
    "event": ("id", "name", "date", "kind", "location", "notes"),
    "goal": ("id", "text", "outcome", "learned"),
    "reflection": (
        "id",
        "showed_up",
        "energy_before",
        "energy_after",
        "hard",
        "others_too",
        "friend_words",
        "gained",
        "proud",
    ),
    "meeting": (
        "id",
        "person_id",
        "slot",
        "status",
        "talked_about",
        "not_work",
        "still_thinking",
        "follow_up",
        "follow_up_due",
        "followed_up_on",
    ),
}


def rows_in(journal: Path) -> int:
    conn = sqlite3.connect(f"{journal.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return sum(conn.execute(f"SELECT count(*) FROM {t} WHERE deleted_at IS NULL").fetchone()[0] for t in TABLES)
    finally:
        conn.close()


def _report(seconds: float, rows: int) -> None:
    print(json.dumps({"seconds": seconds, "rows": rows, "peak": _peak_bytes()}), flush=True)


def _peak_bytes() -> int:
    """This process's peak resident memory (VmHWM): ru_maxrss would count the parent's too, copied by the fork."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str]) -> None:
    kind, source, target = argv[0], Path(argv[1]), Path(argv[2])
    work = {"export": export, "import": import_, "raw-export": raw_export, "raw-import": raw_import}[kind]
    if kind != "raw-export":  # what each loads, loaded before the clock starts
        for module in ("cli", "store.engine", "transfer.export", "transfer.importer"):
            importlib.import_module(f"netjournal.{module}")
    t0 = time.perf_counter()
    work(source, target)
    seconds = time.perf_counter() - t0
    _report(seconds, rows_in(source if kind.endswith("export") else target))


if __name__ == "__main__":
    main(sys.argv[1:])
