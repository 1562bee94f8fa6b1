"""`netjournal sync DIR`: merge the other devices' files in a shared folder, then write this device's there."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from netjournal.cli.common import say, store_for
from netjournal.domain.text import visible

if TYPE_CHECKING:
    from netjournal.cli.common import Commands


def register(sub: Commands) -> None:
    sync = sub.add_parser(
        "sync",
        help="sync with your other devices through a shared folder (Syncthing, Dropbox, git); "
        "never put the journal itself there",
    )
    sync.add_argument("folder", metavar="DIR", help="the folder your devices share")
    sync.add_argument("--name", help="call this device NAME in the folder (default: its host name)")
    sync.set_defaults(run=cmd_sync)


def cmd_sync(args: argparse.Namespace) -> int:
    """Exit 0 when every device file merged; 1 when one was left out (named on stderr; the rest merged)."""
    from netjournal.cli.crypt import unlock_now
    from netjournal.store.files import resolve_db_path
    from netjournal.transfer.sync import name_device, sync_folder

    encrypted = unlock_now(resolve_db_path(args.db))
    store = store_for(args, writes=True)
    try:
        if args.name is not None:
            name_device(store=store, name=args.name)
        report = sync_folder(store=store, folder=Path(args.folder))
    finally:
        store.close()
    for line in report.lines():
        say(line, file=sys.stderr if line in report.left_out else None)
    if encrypted:
        say(
            f"{visible(str(Path(args.folder) / report.wrote))} is readable text: the journal is encrypted, "
            "but a device's file is not.",
            file=sys.stderr,
        )
    return 1 if report.left_out else 0
