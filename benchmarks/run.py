"""Build the benchmark journals, measure netjournal against its goals, print one table.

    python -m benchmarks.run [--runs 5] [--cache DIR] [--only 1,2,5]

Needs tmux (the start-up figures are taken in a real terminal). Each figure is
the median of --runs runs; the quick ones (3, 4, 5 and 8) take many more samples,
export and import of stress (7, each against its plain sqlite3 + json baseline, and their
peak memory) --transfer-runs runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python benchmarks/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import FIXED_DAY, Built, cached_journal

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 120, 36
QUICK_SAMPLES = 50  # for measures of a few milliseconds


@dataclass
class Result:
    measure: str
    figure: str
    baseline: str = "—"
    ratio: str = "—"
    goal: str = "—"
    holds: str = "—"


def not_measured_yet(measure: str, goal: str, why: str) -> Result:
    return Result(measure, f"not measured yet ({why})", goal=goal)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# A real terminal ---------------------------------------------------------------


class Tmux:
    """A private tmux server (its own socket), so nothing else running in tmux is touched."""

    def __init__(self) -> None:
        if shutil.which("tmux") is None:
            raise SystemExit("The benchmark needs tmux (apt install tmux / brew install tmux).")
        self.socket = f"netjournal-bench-{os.getpid()}"
        self._n = 0
        # A session that stays for the whole run keeps the server up between measurements.
        self._tmux("new-session", "-d", "-s", "keep", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 86400")
        self._tmux("set-option", "-g", "remain-on-exit", "on")  # so a crash can still be read

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check)

    def start(self, argv: list[str]) -> str:
        self._n += 1
        name = f"s{self._n}"
        self._tmux(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-c",
            str(HERE.parent),
            shlex.join(argv),
        )
        return name

    def screen(self, name: str) -> str:
        return self._tmux("capture-pane", "-p", "-t", name, check=False).stdout

    def send(self, name: str, key: str) -> None:
        self._tmux("send-keys", "-t", name, key)

    def kill(self, name: str) -> None:
        self._tmux("kill-session", "-t", name, check=False)

    def close(self) -> None:
        self._tmux("kill-server", check=False)

    def seconds_until(
        self, argv: list[str], text: str, *, timeout: float = 30.0, then: Callable | None = None
    ) -> float:
        """Start `argv` in a fresh 120x36 pane; seconds until `text` is on screen."""
        t0 = time.perf_counter()
        name = self.start(argv)
        try:
            while True:
                screen = self.screen(name)
                if text in screen:
                    elapsed = time.perf_counter() - t0
                    if then is not None:
                        then(name)
                    return elapsed
                if time.perf_counter() - t0 > timeout:
                    tail = "\n".join(screen.rstrip().splitlines()[-8:])
                    raise RuntimeError(f"{text!r} did not appear within {timeout:.0f} s; the screen shows:\n{tail}")
                time.sleep(0.004)
        finally:
            self.kill(name)


def netjournal_argv(path: Path) -> list[str]:
    return [sys.executable, "-m", "netjournal", "--db", str(path)]


def medians(runs: int, measures: dict[str, Callable[[], float]], warmup: bool = True) -> dict[str, float]:
    """Run each measure `runs` times, interleaved, so drift on the machine hits them all alike."""
    if warmup:  # compiles bytecode and warms the file cache; not counted
        for fn in measures.values():
            fn()
    samples: dict[str, list[float]] = {key: [] for key in measures}
    for _ in range(runs):
        for key, fn in measures.items():
            samples[key].append(fn())
    return {key: statistics.median(v) for key, v in samples.items()}


# 1. Time to first paint ------------------------------------------------------------


FIRST_PAINT_GOAL = 1.15  # netjournal's first frame, against a bare Textual app's
ROWS_GOAL = 1.3  # the Events rows on screen, against the same bare app's first frame


def _bare(tmux: Tmux) -> float:
    return tmux.seconds_until([sys.executable, str(HERE / "bare_app.py")], "netjournal")


def first_paint(tmux: Tmux, journals: dict[str, Built], runs: int) -> list[Result]:
    empty = journals["empty"].path
    got = medians(
        runs,
        {"bare": lambda: _bare(tmux), "app": lambda: tmux.seconds_until(netjournal_argv(empty), "netjournal")},
    )
    ratio = got["app"] / got["bare"]
    return [
        Result(
            "1. first paint, empty journal (vs. bare Textual app)",
            ms(got["app"]),
            ms(got["bare"]),
            f"{ratio:.2f}",
            f"ratio ≤ {FIRST_PAINT_GOAL}",
            yes(ratio <= FIRST_PAINT_GOAL),
        )
    ]


# 2. Time until the Events list shows rows ----------------------------------------------


def rows_shown(tmux: Tmux, journals: dict[str, Built], runs: int) -> list[Result]:
    sizes = ("one", "busy", "stress")
    measures: dict[str, Callable[[], float]] = {"bare": lambda: _bare(tmux)}
    for size in sizes:
        measures[size] = lambda b=journals[size]: tmux.seconds_until(netjournal_argv(b.path), b.newest_event_name)
    got = medians(runs, measures)
    bare = got["bare"]
    return [
        Result(
            f"2. Events rows on screen, {size} (vs. bare Textual app's first paint)",
            ms(got[size]),
            ms(bare),
            f"{got[size] / bare:.2f}",
            f"ratio ≤ {ROWS_GOAL}",
            yes(got[size] / bare <= ROWS_GOAL),
        )
        for size in sizes
    ]


# 3. Switching screens (pilot) ------------------------------------------------------


SWITCH_KEYS = ("p", "f", "i", "e")  # Events -> People -> Follow-ups -> Insights -> Events
SWITCH_CYCLES = 5  # cycles per --runs: a switch takes milliseconds
SWITCH_SCREENS = {"p": "PeopleScreen", "f": "FollowupsScreen", "i": "InsightsScreen", "e": "EventsScreen"}


def screen_switching(journals: dict[str, Built], runs: int) -> list[Result]:
    """Per switch: from the key press until the new screen shows, in a drawn frame, what it read from the
    journal as it is now, with nothing left to draw and no store work it started still running."""
    goal = "≤ 20 ms per switch"
    measure = "3. switch screens E→P→F→I→E, stress (pilot)"
    first_goal, first_measure = "≤ 100 ms each", "3. first visit to People, Follow-ups, Insights, stress (pilot)"
    from netjournal.screens.places import PLACES

    missing = [k for k in SWITCH_KEYS[:-1] if not any(p.key == k for p in PLACES)]
    if missing:
        return [not_measured_yet(measure, goal, f"no screen on {', '.join(missing)} yet")]
    # The first visit builds each screen and reads its data once; later switches show it kept.
    first, by_key = asyncio.run(_switches(journals["stress"].path, runs * SWITCH_CYCLES))
    median = statistics.median(t for samples in by_key.values() for t in samples)
    each = ", ".join(f"{k} {ms(statistics.median(v))}" for k, v in by_key.items())
    firsts = {k: t for k, t in first.items() if k != "e"}  # Events is built at start
    slowest = max(firsts.values())
    return [
        Result(measure, f"{ms(median)} ({each})", goal=goal, holds=yes(median <= 0.020)),
        Result(
            first_measure,
            f"{ms(slowest)} slowest ({', '.join(f'{k} {ms(t)}' for k, t in firsts.items())})",
            goal=first_goal,
            holds=yes(slowest <= 0.100),
        ),
    ]


class _Frames:
    """Counts the frames the app draws of its current screen, doing the work a real terminal's would
    (turning the update into escape codes), which the test driver skips."""

    def __init__(self, app) -> None:
        from textual._compositor import CompositorUpdate

        self.count = 0
        display = app._display

        def counted(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None and screen is app.screen:
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)
                self.count += 1

        app._display = counted


def _shown(app, key: str, frames: _Frames, frames_before: int) -> bool:
    """The screen for `key` is current, shows the journal as it is now, and has nothing left to draw."""
    screen = app.screen
    if type(screen).__name__ != SWITCH_SCREENS[key] or frames.count == frames_before:
        return False
    if hasattr(screen, "shown") and (screen.shown != app.journal.version or app.journal.reading(screen)):
        return False
    if any(w.is_running for w in app.workers if w.group.startswith("journal")):
        return False
    if screen._layout_required or screen._repaint_required or screen._scroll_required or screen._dirty_widgets:
        return False
    nodes = [app, screen, *screen.walk_children()]
    return all(
        n._message_queue.empty()
        and not getattr(n, "_repaint_required", False)
        and not getattr(n, "_layout_required", False)
        for n in nodes
    )


async def _until_shown(app, key: str, frames: _Frames, t0: float, timeout: float = 60.0) -> float:
    before = frames.count
    while True:
        await asyncio.sleep(0.001)
        if _shown(app, key, frames, before):
            elapsed = time.perf_counter() - t0
            await asyncio.sleep(0.001)
            if _shown(app, key, frames, before):  # and it stays so
                return elapsed
        if time.perf_counter() - t0 > timeout:
            screen = app.screen
            raise RuntimeError(
                f"after {key!r}, {type(screen).__name__} never showed its data "
                f"({frames.count - before} frames drawn since)"
            )


async def _switches(path: Path, switches: int) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Seconds of the first visit to each screen, and of `switches` later cycles, by the key that made it.

    The key goes to the app as a terminal's would; the pilot's own waits for idleness are not counted.
    """
    from textual import events

    from netjournal.app import make_app

    app = make_app(db_path=path, today=FIXED_DAY)
    first: dict[str, float] = {}
    samples: dict[str, list[float]] = {key: [] for key in SWITCH_KEYS}
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        frames = _Frames(app)
        await _until_shown(app, "e", frames, time.perf_counter())
        await pilot.pause()
        for cycle in range(switches + 1):
            for key in SWITCH_KEYS:
                t0 = time.perf_counter()
                app.post_message(events.Key(key, key))
                elapsed = await _until_shown(app, key, frames, t0)
                if cycle:
                    samples[key].append(elapsed)
                else:  # the first cycle builds each screen once: shown on its own
                    first[key] = elapsed
                await pilot.pause()  # a moment between key presses, as a person's would be
    return first, samples


# 4. Follow-up ranking and People first page -------------------------------------------


def followups_and_people(journals: dict[str, Built], runs: int) -> list[Result]:
    goal = "≤ 20 ms"
    try:
        from netjournal.store.followups import followups
        from netjournal.store.people import people_page
    except ImportError:
        return [
            not_measured_yet("4. follow-up ranking, stress", goal, "netjournal.store.followups not there"),
            not_measured_yet("4. People first page, stress", goal, "netjournal.store.people not there"),
        ]
    from netjournal.store.engine import open_store

    store = open_store(journals["stress"].path)
    try:
        with store.session() as session:
            got = medians(
                QUICK_SAMPLES,
                {
                    "followups": lambda: timed(lambda: followups(session=session, today=FIXED_DAY)),
                    "people": lambda: timed(lambda: people_page(session=session)),
                },
            )
    finally:
        store.close()
    return [
        Result(
            "4. follow-up ranking, stress", ms(got["followups"]), goal="≤ 10 ms", holds=yes(got["followups"] <= 0.010)
        ),
        Result("4. People first page, stress", ms(got["people"]), goal=goal, holds=yes(got["people"] <= 0.020)),
    ]


# 8. Search ------------------------------------------------------------------------------


def search_speed(journals: dict[str, Built]) -> list[Result]:
    from benchmarks.search_speed import GOAL, QUERIES, measure

    got = measure(journals["stress"].path, QUICK_SAMPLES)
    worst = max(QUERIES, key=lambda q: got[q][0])
    ours, base, _n = got[worst]
    each = ", ".join(f"{q!r} {ms(got[q][0])}" for q in QUERIES)
    return [
        Result(
            f"8. search, stress, slowest of {len(QUERIES)} queries (vs. a sqlite3 LIKE scan of the same text)",
            f"{ms(ours)} ({each})",
            ms(base),
            f"{ours / base:.2f}",
            "≤ 50 ms",
            yes(ours <= GOAL),
        )
    ]


# 5. One autosave -----------------------------------------------------------------------


def autosave(journals: dict[str, Built], scratch: Path) -> list[Result]:
    """What the Goal page writes ~0.6 s after the last keystroke: save_goal in one session."""
    from netjournal.store import queries
    from netjournal.store.engine import open_store

    path = copy_journal(journals["busy"].path, scratch / "autosave.db")
    store = open_store(path)
    try:
        with store.session() as session:
            event_id = queries.list_event_rows(session=session, limit=1)[0].id
            goal = queries.get_goal(session=session, event_id=event_id)
            fields = (
                {"text": goal.text, "outcome": goal.outcome, "learned": goal.learned}
                if goal
                else {"text": "", "outcome": "open", "learned": ""}
            )
        n = 0

        def save_once() -> float:
            nonlocal n
            n += 1
            values = {**fields, "text": f"Ask two speakers one question each ({n})"}
            t0 = time.perf_counter()
            with store.session() as session:
                queries.save_goal(session=session, event_id=event_id, **values)
            return time.perf_counter() - t0

        median = medians(QUICK_SAMPLES * 2, {"save": save_once})["save"]
    finally:
        store.close()
    return [Result("5. one autosave (one goal field), busy", ms(median), goal="≤ 5 ms", holds=yes(median <= 0.005))]


# 6. Peak memory -------------------------------------------------------------------------


def peak_memory(tmux: Tmux, journals: dict[str, Built], runs: int, scratch: Path) -> list[Result]:
    def once(built: Built) -> float:
        out = scratch / f"maxrss-{time.monotonic_ns()}.txt"
        argv = [sys.executable, str(HERE / "peak_memory.py"), str(out), "--db", str(built.path)]
        tmux.seconds_until(argv, built.newest_event_name, then=lambda name: _quit_and_wait(tmux, name, out))
        kib = int(out.read_text().strip())
        out.unlink()
        return kib / 1024

    got = medians(runs, {size: (lambda b=journals[size]: once(b)) for size in ("one", "stress")}, warmup=False)
    ratio = got["stress"] / got["one"]
    return [
        Result(
            "6. peak memory, stress (vs. one event)",
            f"{got['stress']:.0f} MiB",
            f"{got['one']:.0f} MiB",
            f"{ratio:.2f}",
            "ratio ≤ 1.3",
            yes(ratio <= 1.3),
        )
    ]


def _quit_and_wait(tmux: Tmux, name: str, out: Path, timeout: float = 30.0) -> None:
    time.sleep(0.3)  # let the rows settle, as a person would glance at them
    tmux.send(name, "C-q")
    t0 = time.perf_counter()
    while not (out.exists() and out.read_text().strip()):
        if time.perf_counter() - t0 > timeout:
            raise RuntimeError("netjournal did not quit on ctrl+q")
        time.sleep(0.02)


# 7. Export and import, against sqlite3 and json doing the same plainly -------------------


def export_and_import(journals: dict[str, Built], runs: int, scratch: Path) -> list[Result]:
    """Each side in a process of its own (benchmarks/transfer.py), ours and the baseline taking turns.

    Times are from the work's start to its end, once the modules it needs are loaded; the peak
    memory is the whole process's (VmHWM).
    """
    source = journals["stress"].path
    exported = scratch / "stress-export.json"
    samples: dict[str, list[dict]] = {kind: [] for kind in ("export", "raw-export", "import", "raw-import")}
    for _ in range(runs):
        for kind in samples:
            if kind.endswith("export"):
                target = exported if kind == "export" else scratch / "raw-export.json"
                samples[kind].append(_transfer(kind, source, target))
            else:
                target = scratch / f"{kind}-{time.monotonic_ns()}.db"
                samples[kind].append(_transfer(kind, exported, target))
                remove_journal(target)
    got = {kind: _medians(s) for kind, s in samples.items()}
    results = []
    for what, ours, raw, baseline in (
        ("export stress to JSON", "export", "raw-export", "sqlite3 read + json.dumps"),
        ("import stress JSON into a new journal", "import", "raw-import", "json.load + sqlite3 executemany"),
    ):
        ratio = got[raw]["seconds"] / got[ours]["seconds"]  # our speed as a share of the baseline's
        results.append(
            Result(
                f"7. {what} (vs. {baseline})",
                _speed(got[ours]),
                _speed(got[raw]),
                f"{ratio:.2f}",
                "≥ 0.8 of the baseline's speed",
                yes(ratio >= 0.8),
            )
        )
    for what, ours, raw in (("export", "export", "raw-export"), ("import", "import", "raw-import")):
        peak = got[ours]["peak"]
        results.append(
            Result(
                f"7. peak memory, {what} of stress",
                f"{peak / 1e6:.0f} MB",
                f"{got[raw]['peak'] / 1e6:.0f} MB",
                f"{peak / got[raw]['peak']:.2f}",
                "≤ 150 MB",
                yes(peak <= 150e6),
            )
        )
    return results


def _transfer(kind: str, source: Path, target: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.transfer", kind, str(source), str(target)],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.transfer {kind} stopped:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _medians(samples: list[dict]) -> dict:
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def _speed(got: dict) -> str:
    return f"{got['seconds']:.2f} s ({got['rows'] / got['seconds']:,.0f} rows/s)"


# The run ----------------------------------------------------------------------------------


def copy_journal(source: Path, target: Path) -> Path:
    remove_journal(target)
    shutil.copyfile(source, target)
    return target


def remove_journal(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual

    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Textual {textual.__version__}, tmux {_tmux_version()}"
    )


def _tmux_version() -> str:
    try:
        return subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.split()[-1]
    except (OSError, IndexError):
        return "?"


def table(results: list[Result]) -> str:
    head = ("measure", "figure", "baseline", "ratio", "goal", "holds?")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for r in results:
        lines.append(f"| {r.measure} | {r.figure} | {r.baseline} | {r.ratio} | {r.goal} | {r.holds} |")
    return "\n".join(lines)


def compiled_as_installed() -> None:
    """netjournal's modules compiled to bytecode, as `pip install` leaves them (and as any run leaves them,
    unless PYTHONDONTWRITEBYTECODE is set): without it each start would compile every module again."""
    import compileall

    import netjournal

    compileall.compile_dir(Path(netjournal.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median is shown (default 5)")
    parser.add_argument("--cache", type=Path, default=None, help="where built journals are kept between runs")
    parser.add_argument(
        "--transfer-runs",
        type=int,
        default=3,
        help="runs of export and import of stress and their baselines, about 20 s each (default 3)",
    )
    parser.add_argument("--only", default="1,2,3,4,5,6,7,8", help="which measures, e.g. 1,2 (default: all)")
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",")}

    compiled_as_installed()
    t0 = time.perf_counter()
    journals: dict[str, Built] = {}
    for size in ("empty", "one", "busy", "stress"):
        journals[size] = cached_journal(size, args.cache)
        print(f"journal {size}: {journals[size].path}", file=sys.stderr)
    print(f"journals ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="netjournal-bench-") as tmp:
        scratch = Path(tmp)
        # The app runs on copies: the cached journals stay exactly as generated.
        for size in ("empty", "one", "busy", "stress"):
            journals[size] = Built(
                copy_journal(journals[size].path, scratch / f"{size}.db"),
                journals[size].shape,
                journals[size].newest_event_name,
            )
        tmux = Tmux() if only & {"1", "2", "6"} else None
        try:
            steps: list[tuple[str, Callable[[], list[Result]]]] = [
                ("1", lambda: first_paint(tmux, journals, args.runs)),
                ("2", lambda: rows_shown(tmux, journals, args.runs)),
                ("3", lambda: screen_switching(journals, args.runs)),
                ("4", lambda: followups_and_people(journals, args.runs)),
                ("5", lambda: autosave(journals, scratch)),
                ("6", lambda: peak_memory(tmux, journals, args.runs, scratch)),
                ("7", lambda: export_and_import(journals, args.transfer_runs, scratch)),
                ("8", lambda: search_speed(journals)),
            ]
            for key, step in steps:
                if key in only:
                    print(f"measuring {key} ...", file=sys.stderr)
                    results.extend(step())
        finally:
            if tmux is not None:
                tmux.close()
    print(f"\nMeasured on: {machine()}")
    print(
        f"Median of {args.runs} runs (3: of {args.runs * SWITCH_CYCLES} cycles; "
        f"4, 5 and 8: of {QUICK_SAMPLES}, {QUICK_SAMPLES * 2} and {QUICK_SAMPLES} samples; "
        f"7: of {args.transfer_runs}).\n"
    )
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
