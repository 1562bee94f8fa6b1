"""How quick the follow-up ranking and the People list are on the stress journal
(60,000 people, 100,000 meetings at 50,000 events).

    python -m benchmarks.people_speed [PATH]   (default: the cached "stress" journal)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks.generate import FIXED_DAY, cached_journal
from netjournal.store import followups, people
from netjournal.store.engine import open_store


def timed(label: str, fn, repeat: int = 5) -> None:
    """Best wall time and best CPU time of `repeat` runs (CPU time is steadier on a busy machine)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    size = len(result) if hasattr(result, "__len__") else result
    print(f"{label:<34} {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms cpu  ({size})")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else cached_journal("stress").path
    store = open_store(path)
    try:
        with store.session() as s:
            timed("followups()", lambda: followups.followups(session=s, today=FIXED_DAY))
            timed("people_page() first page", lambda: people.people_page(session=s))
            timed("people_page() at 30,000", lambda: people.people_page(session=s, offset=30_000))
            timed("people_page(filter_text='ana')", lambda: people.people_page(session=s, filter_text="ana"))
            timed("count_people(filter_text='ana')", lambda: people.count_people(session=s, filter_text="ana"))
            first = people.people_page(session=s, limit=1)[0].id
            timed("person_timeline() of the deepest", lambda: people.person_timeline(session=s, person_id=first))
    finally:
        store.close()


if __name__ == "__main__":
    main()
