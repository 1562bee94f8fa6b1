"""Errors that carry a message meant for the person using netjournal."""


class JournalError(Exception):
    """Something the user can act on; `str(err)` is one line for them."""

    exit_code = 1


class NotAJournalError(JournalError):
    """The file is not a netjournal journal (or not a database at all)."""

    exit_code = 2


class NewerJournalError(JournalError):
    """The journal was written by a newer netjournal than this one."""

    exit_code = 2


class InputError(JournalError):
    """Something typed or given on the command line can't be used as it is."""

    exit_code = 2


class ReadOnlyJournalError(JournalError):
    """The journal can be read but not written (its file or folder is read-only to us)."""

    exit_code = 2


class UnreadableError(JournalError):
    """The file is there but can't be read: no permission, or the disk reported an error."""

    exit_code = 2


class DiskFullError(JournalError):
    """There was no room to write (the disk is full, or a file can't grow that large here); nothing was changed."""

    exit_code = 1


class EncryptedJournalError(JournalError):
    """The journal is encrypted and can't be read as it stands: its passphrase wasn't given, or the extra that
    reads encrypted journals isn't installed."""

    exit_code = 2


class WrongPassphraseError(JournalError):
    """The passphrase given doesn't open the encrypted journal; nothing was read or changed."""

    exit_code = 2
