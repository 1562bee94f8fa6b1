"""The command line: `netjournal [--db PATH] [COMMAND ...]`.

Opening the journal imports only what the first frame needs; subcommands load
the store when they run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from netjournal import __version__
from netjournal.domain.text import fold_line, visible
from netjournal.errors import InputError, JournalError

if TYPE_CHECKING:
    from netjournal.store.engine import Store

KIND_CHOICES = ("conference", "meetup", "dinner", "talk", "other")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with one line, as argparse does, minus the usage dump
        raise InputError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="netjournal", description="A calm journal for people who find networking draining.")
    parser.add_argument(
        "--db", metavar="PATH", help="the journal file (default: $NETJOURNAL_DB, else your data folder)"
    )
    parser.add_argument("--version", action="version", version=f"netjournal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    add = sub.add_parser("add", help="add an event (and its goal)")
    add.add_argument("name")
    add.add_argument("--date", required=True, help='e.g. 2019-04-08, "8 Apr 2019", "last fri"')
    add.add_argument("--kind", default="other", help=f"one of {', '.join(KIND_CHOICES)} (default: other)")
    add.add_argument("--location", default="")
    add.add_argument("--goal", default=None, help="the one thing you'd like from this event")
    add.set_defaults(run=cmd_add)

    export = sub.add_parser("export", help="write the whole journal as one document")
    export.add_argument(
        "--format", default="json", choices=("json", "markdown", "csv"), help="json (default), markdown or csv"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of to the screen")
    export.add_argument("--quiet", action="store_true", help="show no progress bar, even on a terminal")
    export.set_defaults(run=cmd_export)

    followups = sub.add_parser("followups", help="the few people worth a follow-up, soonest first")
    followups.add_argument("--json", action="store_true", help="print a JSON list instead of lines")
    followups.add_argument("--today", help=argparse.SUPPRESS)  # a fixed day, for tests
    followups.set_defaults(run=cmd_followups)

    imp = sub.add_parser("import", help="merge a JSON export into the journal")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--quiet", action="store_true", help="show no progress bar, even on a terminal")
    imp.set_defaults(run=cmd_import)

    backup = sub.add_parser("backup", help="copy the journal to a new file, safely even while it is open")
    backup.add_argument("dest", metavar="DEST")
    backup.add_argument("--quiet", action="store_true", help="show no progress bar, even on a terminal")
    backup.set_defaults(run=cmd_backup)

    check = sub.add_parser("check", help="compare the journal with what this netjournal makes (changes nothing)")
    check.add_argument(
        "--repair",
        action="store_true",
        help="back it up beside itself, then make netjournal's indexes, triggers and summaries again",
    )
    check.add_argument("--quiet", action="store_true", help="show no progress bar, even on a terminal")
    check.set_defaults(run=cmd_check)

    trash = sub.add_parser("trash", help="list deleted events and people (id, kind, name, deleted on)")
    trash.set_defaults(run=cmd_trash)

    restore = sub.add_parser("restore", help="bring a deleted event or person back from the Trash")
    restore.add_argument("id", metavar="ID", help="an id `netjournal trash` lists")
    restore.set_defaults(run=cmd_restore)

    purge = sub.add_parser("purge", help="delete everything in the Trash for good, text and history too")
    purge.add_argument("--yes", action="store_true", help="don't ask first (needed without a terminal)")
    purge.set_defaults(run=cmd_purge)

    demo = sub.add_parser("demo", help="write a demo journal to explore (into a new or empty journal)")
    demo.set_defaults(run=cmd_demo)
    return parser


def say(text: str, *, file: TextIO | None = None) -> None:
    """Print a message: every line of it with its control characters written out, so none reach the terminal."""
    print("\n".join(visible(line) for line in text.split("\n")), file=file or sys.stdout)


def _store(args: argparse.Namespace, *, writes: bool = False) -> Store:
    """The journal `--db` names; for a command that `writes`, refused in one line if it may only be read."""
    from netjournal.store.engine import open_store
    from netjournal.store.files import read_only_error, read_only_reason, resolve_db_path

    store = open_store(resolve_db_path(args.db))
    if writes and store.read_only:
        store.close()
        raise read_only_error(store.path, read_only_reason(store.path) or "is read-only")
    return store


def cmd_add(args: argparse.Namespace) -> int:
    from netjournal.domain.dates import DateParseError, parse_date

    try:
        when = parse_date(args.date)
    except DateParseError as err:
        raise InputError(str(err)) from None
    if args.kind not in KIND_CHOICES:
        raise InputError(f'"{visible(args.kind)}" is not a kind of event; pick one of {", ".join(KIND_CHOICES)}.')
    if not args.name.strip():
        raise InputError("An event needs a name.")
    from netjournal.store import queries

    store = _store(args, writes=True)
    try:
        with store.session() as session:
            ev = queries.create_event(
                session=session,
                name=args.name,
                date=when,
                kind=args.kind,
                location=args.location,
                goal_text=args.goal,
            )
    finally:
        store.close()
    say(f"Added {fold_line(ev.name)} on {ev.date.isoformat()}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from netjournal.store.files import refuse_output, resolve_db_path

    journal = resolve_db_path(args.db)
    output = Path(args.output) if args.output is not None else None
    if output is not None:
        refuse_output(output, journal=journal)  # before anything is read: the journal, a link, a device...
    from netjournal.progress import Progress
    from netjournal.store.files import writing_user_file
    from netjournal.transfer.export import write_export

    with Progress("Exporting the journal", quiet=args.quiet) as progress:
        store = _store(args)
        try:
            with store.session() as session:
                if output is None:

                    def write(data: bytes | memoryview) -> None:
                        sys.stdout.write(str(data, "utf-8"))

                    write_export(session=session, fmt=args.format, write=write, progress=progress)
                else:  # written as it is read, into a new file that takes the name once it is whole
                    with writing_user_file(output, journal=journal) as out:
                        write_export(session=session, fmt=args.format, write=out.write, progress=progress)
        finally:
            store.close()
    if output is not None:
        say(f"Wrote the journal to {output}.", file=sys.stderr)
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

    store = _store(args, writes=True)
    try:
        with store.session() as session:
            write_demo(session=session, today=date.today())
    finally:
        store.close()
    say(f"Wrote a demo journal to {path}. Open it with: netjournal --db {shlex.quote(str(path))}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from netjournal.progress import Progress
    from netjournal.transfer.importer import ImportFile

    source = Path(args.file)
    progress = Progress(f"Checking {visible(source.name)}", quiet=args.quiet)
    with progress, ImportFile(source, progress=progress) as file:
        file.check()  # the whole file, before the journal opens
        progress.next(f"Importing {visible(source.name)}")
        store = _store(args, writes=True)
        try:
            with store.session() as session:
                report = file.merge(session=session)
        finally:
            store.close()
    say(report.summary())
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from netjournal.progress import Progress
    from netjournal.store.files import resolve_db_path
    from netjournal.transfer.backup import backup_journal

    with Progress("Backing up the journal", quiet=args.quiet):
        dest = backup_journal(resolve_db_path(args.db), Path(args.dest).expanduser())
    say(f"Backed up the journal to {dest}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from netjournal.progress import Progress
    from netjournal.store.files import resolve_db_path

    path = resolve_db_path(args.db)
    with Progress("Looking the journal over", quiet=args.quiet):
        if args.repair:
            from netjournal.transfer.repair import repair_journal

            repaired = repair_journal(path)
            result = repaired.after
        else:
            from netjournal.transfer.check import check_journal

            result = check_journal(path)
    if args.repair:
        say("\n".join(repaired.done))
    say("\n".join(result.lines))
    if result.healthy:
        say("All good: the journal is healthy.")
    elif args.repair:
        say("Some of this --repair can't mend; the backup above holds the journal as it was.")
    else:
        say("Something needs a look; keep a copy of the file as it is before changing anything.")
    return 0 if result.healthy else 1


def cmd_followups(args: argparse.Namespace) -> int:
    import json
    from datetime import date

    from netjournal.domain.dates import DateParseError, parse_date

    try:
        today = parse_date(args.today) if args.today else date.today()
    except DateParseError as err:
        raise InputError(str(err)) from None
    from netjournal.store.followups import followups

    store = _store(args)
    try:
        with store.session() as session:
            entries = followups(session=session, today=today, limit=None)
    finally:
        store.close()
    if args.json:
        rows = [
            {
                "person_id": e.person_id,
                "name": e.name,
                "due": e.due.isoformat(),
                "reason": e.reason,
                "event_id": e.event_id,
            }
            for e in entries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not entries:
        print("No follow-ups right now. Everyone else is quietly let go, on purpose.")
    else:
        for e in entries:
            say(fold_line(f"{e.due.isoformat()}  {e.name}  {e.reason}"))
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    from netjournal.store import trash

    store = _store(args)
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

    store = _store(args, writes=True)
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

    store = _store(args, writes=True)
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


def run_app(args: argparse.Namespace) -> int:
    from netjournal.store.files import inspect_journal_file, resolve_db_path

    path = resolve_db_path(args.db)
    inspect_journal_file(path)  # refuse a file that isn't a journal before drawing anything
    from netjournal.app import make_app

    app = make_app(db_path=path)
    app.run()
    return int(app.return_code or 0)


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # the journal holds notes about real people: everything we write is owner-only
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:  # --help and --version have printed and want to stop
            return done.code if isinstance(done.code, int) else 0
        runner: Callable[[argparse.Namespace], int] = getattr(args, "run", run_app)
        return runner(args)
    except JournalError as err:
        print(f"netjournal: {visible(_one_line(str(err)))}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001  (no traceback ever reaches the user)
        said = visible(_one_line(str(err)))
        print(f"netjournal: something unexpected happened: {type(err).__name__}: {said}", file=sys.stderr)
        return 1


def _one_line(message: str) -> str:
    """Messages from deeper down (SQLAlchemy's, say) can span lines; the user gets the first."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[0] if lines else ""
