"""Commands that move the journal in and out: export, import, backup, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from netjournal.cli.common import say, store_for
from netjournal.domain.text import visible
from netjournal.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlmodel import Session

    from netjournal.cli.common import Commands
    from netjournal.transfer.journal_rows import Write


def register(sub: Commands) -> None:
    export = sub.add_parser("export", help="write the whole journal as one document")
    export.add_argument(
        "--format",
        default="json",
        choices=("json", "markdown", "csv", "vcard"),
        help="json (default), markdown, csv, or vcard (your people, for an address book)",
    )
    export.add_argument("--circle", action="store_true", help="with --format vcard: only the people in your circle")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of to the screen")
    export.add_argument("--quiet", action="store_true", help="show no progress bar, even on a terminal")
    export.set_defaults(run=cmd_export)

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


def cmd_export(args: argparse.Namespace) -> int:
    from netjournal.store.files import refuse_output, resolve_db_path

    if args.circle and args.format != "vcard":
        raise InputError("--circle goes with --format vcard: the other formats hold the whole journal.")

    journal = resolve_db_path(args.db)
    output = Path(args.output) if args.output is not None else None
    if output is not None:
        refuse_output(output, journal=journal)  # before anything is read: the journal, a link, a device...
    from netjournal.cli.crypt import unlock_now
    from netjournal.progress import Progress
    from netjournal.store.files import writing_user_file
    from netjournal.transfer.export import write_export

    encrypted = unlock_now(journal)

    if args.format == "vcard":
        write_export = _write_vcards(args.circle)
    with Progress("Exporting the journal", quiet=args.quiet) as progress:
        store = store_for(args)
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
        said = (
            "the people in your circle" if args.circle else "your people" if args.format == "vcard" else "the journal"
        )
        say(f"Wrote {said} to {output}.", file=sys.stderr)
    if encrypted:
        where = output if output is not None else "What was written"
        say(f"{where} is readable text: the journal is encrypted, but an export is not.", file=sys.stderr)
    return 0


def _write_vcards(circle: bool) -> Callable[..., None]:
    """`write_export`'s shape, writing vCards: one per person, or per person in your circle."""
    from netjournal.transfer.vcard import write_vcards

    def write(*, session: Session, fmt: str, write: Write, progress: Callable[[int, int], object]) -> None:
        write_vcards(session=session, write=write, circle=circle, progress=progress)

    return write


def cmd_import(args: argparse.Namespace) -> int:
    from netjournal.progress import Progress
    from netjournal.transfer.importer import ImportFile

    source = Path(args.file)
    progress = Progress(f"Checking {visible(source.name)}", quiet=args.quiet)
    with progress, ImportFile(source, progress=progress) as file:
        file.check()  # the whole file, before the journal opens
        progress.next(f"Importing {visible(source.name)}")
        store = store_for(args, writes=True)
        try:
            with store.session() as session:
                report = file.merge(session=session)
        finally:
            store.close()
    say(report.summary())
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from netjournal.cli.crypt import unlock_now
    from netjournal.progress import Progress
    from netjournal.store.files import resolve_db_path
    from netjournal.transfer.backup import backup_journal

    source = resolve_db_path(args.db)
    encrypted = unlock_now(source)
    with Progress("Backing up the journal", quiet=args.quiet):
        dest = backup_journal(source, Path(args.dest).expanduser())
    say(f"Backed up the journal to {dest}{', encrypted with its passphrase' if encrypted else ''}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from netjournal.cli.crypt import unlock_now
    from netjournal.progress import Progress
    from netjournal.store.files import resolve_db_path

    path = resolve_db_path(args.db)
    unlock_now(path)
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
