"""What every command shares: printing safely, and opening the journal `--db` names."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from netjournal.domain.text import visible

if TYPE_CHECKING:
    from netjournal.settings import Settings
    from netjournal.store.engine import Store


class Commands(Protocol):
    """Where a module of commands adds its own: what `add_subparsers` returns."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


KIND_CHOICES = ("conference", "meetup", "dinner", "talk", "other")


def say(text: str, *, file: TextIO | None = None) -> None:
    """Print a message: every line of it with its control characters written out, so none reach the terminal."""
    print("\n".join(visible(line) for line in text.split("\n")), file=file or sys.stdout)


def settings() -> Settings:
    """The person's settings; a line on stderr for each that can't be used (its default is used instead)."""
    from netjournal.settings import load_settings

    found, notes = load_settings()
    for note in notes:
        say(f"netjournal: {note}", file=sys.stderr)
    return found


def store_for(args: argparse.Namespace, *, writes: bool = False) -> Store:
    """The journal `--db` names; for a command that `writes`, refused in one line if it may only be read."""
    from netjournal.store.engine import open_store
    from netjournal.store.files import read_only_error, read_only_reason, resolve_db_path

    store = open_store(resolve_db_path(args.db))
    if writes and store.read_only:
        store.close()
        raise read_only_error(store.path, read_only_reason(store.path) or "is read-only")
    return store
