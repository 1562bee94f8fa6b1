"""`netjournal encrypt` and `decrypt`, and asking for an encrypted journal's passphrase on the terminal."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from netjournal.cli.common import say
from netjournal.domain.text import visible
from netjournal.errors import InputError
from netjournal.store import cipher

if TYPE_CHECKING:
    from netjournal.cli.common import Commands


def register(sub: Commands) -> None:
    encrypt = sub.add_parser("encrypt", help="encrypt the journal with a passphrase (asked twice, never shown)")
    encrypt.set_defaults(run=cmd_encrypt)
    decrypt = sub.add_parser("decrypt", help="turn an encrypted journal back into a plain one")
    decrypt.set_defaults(run=cmd_decrypt)


def ask_passphrase(path: Path, *, twice: bool = False) -> str:
    """The passphrase from $NETJOURNAL_PASSPHRASE, else typed at the terminal (never echoed)."""
    given = os.environ.get(cipher.PASSPHRASE_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        if twice:
            raise InputError(
                f"Encrypting needs a passphrase: run it at a terminal, or set {cipher.PASSPHRASE_VARIABLE}. "
                "Nothing was changed."
            )
        raise _no_terminal(path)
    import getpass

    try:
        first = getpass.getpass(f"Passphrase for {visible(str(path))}: ")
        if twice and getpass.getpass("The same passphrase again: ") != first:
            raise InputError("The two passphrases differ; nothing was changed.")
    except EOFError:
        raise InputError("No passphrase was given; nothing was changed.") from None
    return first


def _no_terminal(path: Path) -> InputError:
    return InputError(
        f"{visible(str(path))} is encrypted: type its passphrase at a terminal, "
        f"or set {cipher.PASSPHRASE_VARIABLE} for scripts. Nothing was changed."
    )


@contextlib.contextmanager
def asking_on_terminal() -> Iterator[None]:
    """While a command runs, an encrypted journal it opens asks for its passphrase (once) here."""
    cipher.set_asker(ask_passphrase)
    try:
        yield
    finally:
        cipher.set_asker(None)


def unlock_for_app(path: Path) -> None:
    """Before the app starts: with $NETJOURNAL_PASSPHRASE set, an encrypted journal is unlocked with it
    (a wrong one is said in one line); without it, the app asks on its first screen, which needs a terminal."""
    if not cipher.looks_encrypted(path):
        return
    cipher.driver(path)
    given = os.environ.get(cipher.PASSPHRASE_VARIABLE)
    if given is None and not sys.stdin.isatty():
        raise _no_terminal(path)
    if given is not None and cipher.held_key(path) is None:
        cipher.unlock(path, given)


def cmd_encrypt(args: argparse.Namespace) -> int:
    from netjournal.store.files import resolve_db_path
    from netjournal.transfer.encrypt import encrypt_journal, ready

    path = resolve_db_path(args.db)
    ready(path, encrypting=True)  # refused before anything is asked
    passphrase = ask_passphrase(path, twice=True)
    if not passphrase.strip() or "\x00" in passphrase:
        raise InputError("That passphrase is empty (or holds a NUL character); nothing was changed.")
    encrypt_journal(path, passphrase)
    say(
        f"Encrypted {path}. netjournal asks for the passphrase each time it opens it; "
        "a forgotten passphrase can't be recovered."
    )
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    from netjournal.store.files import resolve_db_path
    from netjournal.transfer.encrypt import decrypt_journal, ready

    path = resolve_db_path(args.db)
    ready(path, encrypting=False)
    if cipher.held_key(path) is None:
        cipher.unlock(path, ask_passphrase(path))
    decrypt_journal(path)
    say(f"Decrypted {path}: it is a plain journal again, readable by anyone who can read the file.")
    return 0


def unlock_now(path: Path) -> bool:
    """Ask for an encrypted journal's passphrase now, before a progress bar could draw over the prompt;
    whether the journal is encrypted."""
    if not cipher.looks_encrypted(path):
        return False
    cipher.key_for(path)
    return True
