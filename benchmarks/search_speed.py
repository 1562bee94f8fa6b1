"""8. Search on the stress journal: `store.search` (the full-text index, ranked, the first 50 with snippets)
against a plain sqlite3 LIKE scan of the same text columns (what finding the words costs without the index).

    python -m benchmarks.search_speed [PATH]   (default: the cached "stress" journal)
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

# Typed as a person would: a surname, the start of a word many conversations hold, two words.
QUERIES = ("tanaka", "boulder", "old town")
GOAL = 0.050

_COLUMNS = {
    "event": ("name", "location", "notes"),
    "person": ("name", "great_at", "contact", "notes"),
    "goal": ("text", "learned"),
    "meeting": ("talked_about", "not_work"),
    "reflection": ("hard", "others_too", "friend_words", "gained", "proud"),
}


def like_scan(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[tuple]:
    """Every word somewhere in a record's text, any case (ASCII): the baseline, without an index."""
    found: list[tuple] = []
    for table, columns in _COLUMNS.items():
        text = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
        where = " AND ".join(f"({text}) LIKE ?" for _ in query.split())
        sql = f"SELECT id FROM {table} WHERE deleted_at IS NULL AND {where} LIMIT ?"
        found += conn.execute(sql, (*(f"%{w}%" for w in query.split()), limit)).fetchall()
    return found[:limit]


def measure(path: Path, samples: int) -> dict[str, tuple[float, float, int]]:
    """query -> (median seconds of store.search, median seconds of the LIKE scan, results found)."""
    import statistics

    from netjournal.store.engine import open_store
    from netjournal.store.search import search

    store = open_store(path)
    raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    got = {}
    try:
        with store.session() as session:
            for query in QUERIES:
                ours, base, n = [], [], 0
                for i in range(samples + 1):
                    t0 = time.perf_counter()
                    n = len(search(session=session, query=query))
                    t1 = time.perf_counter()
                    like_scan(raw, query)
                    t2 = time.perf_counter()
                    if i:  # the first is a warm-up
                        ours.append(t1 - t0)
                        base.append(t2 - t1)
                got[query] = (statistics.median(ours), statistics.median(base), n)
    finally:
        raw.close()
        store.close()
    return got


def main() -> None:
    from benchmarks.generate import cached_journal

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else cached_journal("stress").path
    for query, (ours, base, n) in measure(path, 5).items():
        print(f"{query!r:<12} search {ours * 1000:7.1f} ms  LIKE scan {base * 1000:7.1f} ms  ({n} shown)")


if __name__ == "__main__":
    main()
