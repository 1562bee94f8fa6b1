"""`netjournal import-ics FILE [--from DATE] [--to DATE]`: events from a calendar file."""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from netjournal.cli.common import say, store_for
from netjournal.domain.text import visible
from netjournal.errors import InputError

if TYPE_CHECKING:
    from netjournal.cli.common import Commands


def register(sub: Commands) -> None:
    ics = sub.add_parser("import-ics", help="add events from a calendar file (.ics); importing again adds nothing")
    ics.add_argument("file", metavar="FILE")
    ics.add_argument("--from", dest="start", metavar="DATE", help="the first day to take (default: 30 days ago)")
    ics.add_argument("--to", dest="end", metavar="DATE", help="the last day to take (default: 180 days ahead)")
    ics.add_argument("--today", help=argparse.SUPPRESS)  # a fixed day, for tests
    ics.add_argument("--quiet", action="store_true", help="show no progress bar, even on a terminal")
    ics.set_defaults(run=cmd_import_ics)


def _day(text: str | None, fallback: date, today: date) -> date:
    from netjournal.domain.dates import DateParseError, parse_date

    if text is None:
        return fallback
    try:
        return parse_date(text, today=today)
    except DateParseError as err:
        raise InputError(str(err)) from None


def cmd_import_ics(args: argparse.Namespace) -> int:
    from netjournal.progress import Progress
    from netjournal.transfer.calendar import AHEAD, BACK, NotACalendarError, merge_calendar, read_calendar

    today = _day(args.today, date.today(), date.today())
    start, end = _day(args.start, today - BACK, today), _day(args.end, today + AHEAD, today)
    if end < start:
        raise InputError(f"--to ({end.isoformat()}) comes before --from ({start.isoformat()}); nothing was imported.")
    source = Path(args.file)
    name = visible(str(source))
    try:
        data = source.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{name} is a folder, not a calendar file; nothing was imported.") from None
    except OSError as err:
        raise InputError(f"{name} can't be read ({err.strerror or err}); nothing was imported.") from None
    progress = Progress(f"Importing {visible(source.name)}", quiet=args.quiet)
    with progress:
        try:
            events = read_calendar(data, start=start, end=end)
        except NotACalendarError as err:  # before the journal is even opened: nothing written
            raise InputError(f"{name} is not a calendar netjournal can read: {err}. Nothing was imported.") from None
        store = store_for(args, writes=True)
        try:
            with store.session() as session:
                count = merge_calendar(
                    session=session, events=events, visit=f"import-ics-{uuid.uuid4()}", progress=progress
                )
        finally:
            store.close()
    say(count.line())
    return 0
