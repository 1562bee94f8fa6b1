"""The command line: `netjournal [--db PATH] [COMMAND ...]`.

Opening the journal imports only what the first frame needs (not even argparse); subcommands load
the store when they run. Each module of this package registers its commands.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, NoReturn

from netjournal import __version__
from netjournal.domain.text import visible
from netjournal.errors import InputError, JournalError

if TYPE_CHECKING:
    import argparse

# The modules of this package that register commands, in the order `netjournal --help` lists them.
# They load only when a command is asked for: opening the journal doesn't wait for them.
COMMAND_MODULES = ("journal", "search", "transfer", "calendar", "trash", "sync", "crypt", "config")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:  # exit 2 with one line, as argparse does, minus the usage dump
            raise InputError(message)

    parser = Parser(prog="netjournal", description="A calm journal for people who find networking draining.")
    parser.add_argument(
        "--db", metavar="PATH", help="the journal file (default: $NETJOURNAL_DB, else your data folder)"
    )
    parser.add_argument("--version", action="version", version=f"netjournal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    for name in COMMAND_MODULES:
        importlib.import_module(f"netjournal.cli.{name}").register(sub)
    return parser


def _just_open(argv: Sequence[str]) -> SimpleNamespace | None:
    """For `netjournal` and `netjournal --db PATH` alone, the arguments they stand for; else None.

    Opening the journal is by far the commonest use, and the one a person waits on: it skips
    building every command's parser. Anything else, a mistake included, goes through the full one.
    """
    if not argv:
        return SimpleNamespace(db=None)
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return SimpleNamespace(db=argv[1])
    return None


def run_app(args: argparse.Namespace | SimpleNamespace) -> int:
    from netjournal.store import cipher
    from netjournal.store.files import inspect_journal_file, resolve_db_path

    path = resolve_db_path(args.db)
    encrypted = cipher.looks_encrypted(path)
    if encrypted:
        from netjournal.cli.crypt import unlock_for_app

        unlock_for_app(path)  # with $NETJOURNAL_PASSPHRASE now, else on the app's first screen
    if not encrypted or cipher.held_key(path) is not None:
        inspect_journal_file(path)  # refuse a file that isn't a journal before drawing anything
    from netjournal.app import make_app
    from netjournal.settings import load_settings

    settings, notes = load_settings()
    app = make_app(db_path=path, settings=settings, settings_notes=notes, sync_folder=settings.sync_folder)
    app.run()
    return int(app.return_code or 0)


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # the journal holds notes about real people: everything we write is owner-only
    try:
        given = sys.argv[1:] if argv is None else list(argv)
        if (opening := _just_open(given)) is not None:
            return run_app(opening)
        try:
            args = build_parser().parse_args(given)
        except SystemExit as done:  # --help and --version have printed and want to stop
            return done.code if isinstance(done.code, int) else 0
        runner: Callable[[argparse.Namespace], int] = getattr(args, "run", run_app)
        if runner is run_app:
            return run_app(args)
        from netjournal.cli.crypt import asking_on_terminal

        with asking_on_terminal():  # an encrypted journal asks for its passphrase once, when first opened
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
