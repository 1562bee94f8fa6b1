"""Commands for the Trash: list it, bring something back, delete for good."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from netjournal.cli.common import say, store_for
from netjournal.domain.text import fold_line
from netjournal.errors import InputError

if TYPE_CHECKING:
    from netjournal.cli.common import Commands


def register(sub: Commands) -> None:
    trash = sub.add_parser("trash", help="list deleted events and people (id, kind, name, deleted on)")
    trash.set_defaults(run=cmd_trash)

    restore = sub.add_parser("restore", help="bring a deleted event or person back from the Trash")
    restore.add_argument("id", metavar="ID", help="an id `netjournal trash` lists")
    restore.set_defaults(run=cmd_restore)

    purge = sub.add_parser("purge", help="delete everything in the Trash for good, text and history too")
    purge.add_argument("--yes", action="store_true", help="don't ask first (needed without a terminal)")
    purge.set_defaults(run=cmd_purge)


def cmd_trash(args: argparse.Namespace) -> int:
    from netjournal.store import trash

    store = store_for(args)
    try:
        with store.session() as session:
            rows = trash.trash(session=session)
    finally:
        store.close()
    if not rows:
        say("The Trash is empty.")
    for row in rows:
        say(f"{row.id}  {row.kind:<6}  {fold_line(row.name)}  deleted on {row.deleted_at.date().isoformat()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from netjournal.store import trash

    store = store_for(args, writes=True)
    try:
        with store.session() as session:
            row, kept_off = trash.restore(session=session, record_id=args.id)
    finally:
        store.close()
    off = f" ({kept_off} of their meetings stay off the meet list: someone else has that slot now)" if kept_off else ""
    say(f"Brought back the {row.kind} {fold_line(row.name)}{off}.")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from netjournal.store import trash

    store = store_for(args, writes=True)
    try:
        with store.session() as session:
            count = len(trash.trash(session=session))
        if count and not args.yes:
            things = "the 1 thing" if count == 1 else f"all {count} things"
            question = f"Delete {things} in the Trash for good? Their text is taken out of the journal file. [y/N] "
            if not sys.stdin.isatty():
                raise InputError("purge deletes for good, so it asks first; add --yes to delete without asking.")
            try:
                if input(question).strip().lower() not in ("y", "yes"):
                    say("Nothing was deleted.")
                    return 0
            except EOFError:
                say("\nNothing was deleted.")
                return 0
        purged = trash.purge(engine=store.engine)
    finally:
        store.close()
    events = "1 event" if purged.events == 1 else f"{purged.events} events"
    people = "1 person" if purged.people == 1 else f"{purged.people} people"
    said = f"Deleted {events} and {people} for good." if count else "The Trash is empty; nothing to delete."
    if not purged.cleared:
        said += " The file couldn't be tidied just now (is netjournal open elsewhere?); run purge again to finish."
    say(said)
    return 0
