"""Schema upgrades, keyed by the version they bring a journal to.

A small `PRAGMA user_version` runner rather than Alembic: one file, no extra
dependency or import cost at start-up, and SQLite keeps the version in the
file header where the command line can read it without opening the database.
Each step gets a connection inside a transaction; steps that reshape a table
use SQLite's create-copy-rename recipe.
"""

from collections.abc import Callable

from sqlalchemy import Connection

# Version 1 is the first schema; a fresh journal is created at the newest
# version directly from the models, so it needs no step here.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}
