"""Screenshots for the README: the demo journal at 120x36, one SVG per screen.

    python -m netjournal.screenshots [--out DIR]

The demo journal is written for its fixed day (DEMO_TODAY) into a temporary
folder and the app is driven by key presses, so the same code gives the same
pictures every time.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

SIZE = (120, 36)
SHOTS = (
    "events",
    "before",
    "before-meet",
    "goal",
    "meet",
    "reflection",
    "details",
    "followups",
    "people",
    "person",
    "insights",
    "help",
)
DEFAULT_OUT = Path("screenshots")


def build_demo_journal(path: Path) -> None:
    from netjournal.store.engine import open_store
    from netjournal.transfer.demo import write_demo

    store = open_store(path)
    try:
        with store.session() as session:
            write_demo(session=session)
    finally:
        store.close()


async def take_screenshots(out: Path) -> list[Path]:
    """Write every screenshot the app can show now into `out`; returns the files written."""
    from netjournal.app import make_app
    from netjournal.screens.places import PLACES
    from netjournal.transfer.demo import DEMO_TODAY
    from netjournal.widgets.fields import is_field

    out.mkdir(parents=True, exist_ok=True)
    places = {p.name for p in PLACES}
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="netjournal-screenshots-") as folder:
        db_path = Path(folder) / "demo.db"
        build_demo_journal(db_path)
        app = make_app(db_path=db_path, today=DEMO_TODAY, blink=False)
        async with app.run_test(size=SIZE) as pilot:

            async def settle() -> None:
                for _ in range(3):
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                await pilot.pause()

            async def press(*keys: str) -> None:
                await pilot.press(*keys)
                await settle()

            async def leave_field() -> None:
                if is_field(app.focused):
                    await press("escape")

            def shoot(name: str) -> None:
                app.save_screenshot(filename=f"{name}.svg", path=str(out))
                written.append(out / f"{name}.svg")

            await settle()
            shoot("events")

            # The coming-up event (first on the list): its pages speak ahead.
            await press("enter")
            shoot("before")
            await leave_field()
            await press("m")
            shoot("before-meet")
            await leave_field()
            await press("e")

            # The newest event that has already happened: Events lists newest first.
            past = next(i for i, (_id, _name, day) in enumerate(app.known_events) if day <= DEMO_TODAY)
            await press(*["j"] * past, "enter")
            shoot("goal")
            await leave_field()
            await press("m")
            shoot("meet")
            await leave_field()
            await press("r")
            shoot("reflection")
            await leave_field()
            await press("d")
            shoot("details")

            if "followups" in places:
                await press("f")
                shoot("followups")
            if "people" in places:
                await press("p")
                shoot("people")
                people_screen = app.screen
                await press("enter")  # the first person, the one met most deeply
                if app.screen is not people_screen:
                    shoot("person")
                await leave_field()
            await press("i")
            shoot("insights")
            await press("e", "question_mark")
            shoot("help")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m netjournal.screenshots", description="Write the README screenshots from the demo journal."
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the SVGs (default: screenshots)")
    args = parser.parse_args(argv)
    written = asyncio.run(take_screenshots(args.out))
    for path in written:
        print(path)
    missing = [name for name in SHOTS if args.out / f"{name}.svg" not in written]
    if missing:
        print(f"Not written (no such screen yet): {', '.join(missing)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
