"""Commands for the journal itself: add an event, list follow-ups, write the demo."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from netjournal.cli.common import KIND_CHOICES, say, settings, store_for
from netjournal.domain.text import fold_line, visible
from netjournal.errors import InputError

if TYPE_CHECKING:
    from netjournal.cli.common import Commands


def register(sub: Commands) -> None:
    add = sub.add_parser("add", help="add an event (and its goal)")
    add.add_argument("name")
    add.add_argument("--date", required=True, help='e.g. 2019-04-08, "8 Apr 2019", "last fri"')
    add.add_argument(
        "--kind", help=f"one of {', '.join(KIND_CHOICES)} (default: default_kind in your settings, else other)"
    )
    add.add_argument("--location", default="")
    add.add_argument("--goal", default=None, help="the one thing you'd like from this event")
    add.set_defaults(run=cmd_add)

    followups = sub.add_parser("followups", help="the few people worth a follow-up, soonest first")
    followups.add_argument("--json", action="store_true", help="print a JSON list instead of lines")
    followups.add_argument("--today", help=argparse.SUPPRESS)  # a fixed day, for tests
    followups.set_defaults(run=cmd_followups)

    demo = sub.add_parser("demo", help="write a demo journal to explore (into a new or empty journal)")
    demo.set_defaults(run=cmd_demo)


def cmd_add(args: argparse.Namespace) -> int:
    from netjournal.domain.dates import DateParseError, parse_date

    try:
        when = parse_date(args.date)
    except DateParseError as err:
        raise InputError(str(err)) from None
    kind = args.kind
    if kind is None:
        chosen = settings()
        kind = chosen.default_kind if "default_kind" in chosen.from_file else "other"
    if kind not in KIND_CHOICES:
        raise InputError(f'"{visible(kind)}" is not a kind of event; pick one of {", ".join(KIND_CHOICES)}.')
    if not args.name.strip():
        raise InputError("An event needs a name.")
    from netjournal.store import queries

    store = store_for(args, writes=True)
    try:
        with store.session() as session:
            ev = queries.create_event(
                session=session,
                name=args.name,
                date=when,
                kind=kind,
                location=args.location,
                goal_text=args.goal,
            )
    finally:
        store.close()
    say(f"Added {fold_line(ev.name)} on {ev.date.isoformat()}.")
    return 0


NO_FOLLOW_UPS = (
    "No follow-ups right now. Only people you can't stop thinking about, or chose to follow up with, come here."
)


def cmd_followups(args: argparse.Namespace) -> int:
    import json
    from datetime import date

    from netjournal.domain.dates import DateParseError, parse_date

    try:
        today = parse_date(args.today) if args.today else date.today()
    except DateParseError as err:
        raise InputError(str(err)) from None
    days = settings().follow_up_days
    from netjournal.store.followups import followups

    store = store_for(args)
    try:
        store.bring_to(today)  # only meetings up to this day count
        with store.session() as session:
            entries = followups(session=session, today=today, limit=None, follow_up_days=days)
    finally:
        store.close()
    if args.json:
        rows = [
            {
                "person_id": e.person_id,
                "name": e.name,
                "due": e.due.isoformat(),
                "reason": e.reason,
                "event_id": e.event_id or None,  # none for someone to keep in touch with, never met
                "kind": "keep_in_touch" if e.keep_in_touch else "meeting",
            }
            for e in entries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not entries:
        print(NO_FOLLOW_UPS)
    else:
        for e in entries:
            say(fold_line(f"{e.due.isoformat()}  {e.name}  {e.reason}"))
    return 0


def _has_entries(path: Path) -> bool:
    """Whether the journal at `path` holds any event or person, read without changing a byte."""
    from netjournal.store.files import connect_read_only

    conn = connect_read_only(path)
    try:
        row = conn.execute("SELECT EXISTS (SELECT 1 FROM event) OR EXISTS (SELECT 1 FROM person)").fetchone()
        return bool(row[0])
    finally:
        conn.close()


def cmd_demo(args: argparse.Namespace) -> int:
    import shlex
    from datetime import date

    from netjournal.store.files import inspect_journal_file, resolve_db_path

    path = resolve_db_path(args.db)
    if inspect_journal_file(path) is not None and _has_entries(path):
        raise InputError(
            f"{visible(str(path))} already has entries; the demo only goes into a new or empty journal. "
            "Try another --db PATH."
        )
    from netjournal.transfer.demo import write_demo

    store = store_for(args, writes=True)
    try:
        with store.session() as session:
            write_demo(session=session, today=date.today())
    finally:
        store.close()
    say(f"Wrote a demo journal to {path}. Open it with: netjournal --db {shlex.quote(str(path))}")
    return 0
