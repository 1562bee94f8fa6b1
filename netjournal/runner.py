"""The one way the app reaches the journal: reads beside each other, writes one at a time, in order.

A job is a function of a session, `Job[T] = Callable[[Session], T]`; it imports the store functions it
needs inside itself, so SQLModel loads in a worker thread after the first frame is on screen.

- `read(job, done)` runs in a thread worker of its own and never waits for a write (the journal is in
  WAL mode); with `latest=key`, only the newest read made with that key is answered.
- `write(job, done)` queues the job; one writer runs the queue in the order the writes were made,
  each job in a transaction of its own.
- Answers come back to typed callbacks on the UI thread; problems are told to the person here, in
  one place. "The journal changed" is a `JournalChanged` message, posted to the screen on top after
  each write and to any screen that asks with `check`.
- Staleness is SQLite's own `PRAGMA data_version`, read on the runner's connection, plus the writes
  this window made: `JournalVersion`.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.message import Message

if TYPE_CHECKING:
    from sqlalchemy.pool import PoolProxiedConnection
    from sqlmodel import Session
    from textual.app import App
    from textual.message_pump import MessagePump

    from netjournal.store.engine import Store

T = TypeVar("T")
Job = Callable[["Session"], T]
"""Work on the journal: runs in a worker thread, in a session that commits when it returns."""
Opener = Callable[[Path], "Store"]

NOT_SAVED = "This wasn't saved. Your text is still on screen; netjournal tries again as you type, or press ctrl+s."
NOT_READ = "The journal couldn't be read just now. `netjournal check` looks the file over."
READ_ONLY = "This journal is read-only, so changes can't be saved. Your text is still on screen."


@dataclass(frozen=True)
class JournalVersion:
    """Where the journal stands; two equal versions mean nothing was committed in between."""

    data_version: (
        int  # SQLite's PRAGMA data_version on the runner's connection: moves when any other connection commits
    )
    writes: int  # the writes this window has committed


class JournalChanged(Message, bubble=False):
    """The journal is at `version`: a screen showing what it read earlier reads again if it differs."""

    def __init__(self, version: JournalVersion) -> None:
        super().__init__()
        self.version = version


class JournalIsReadOnly(Message, bubble=False):
    """The journal may be read but not written (found when it is opened, or when a write is refused)."""


class _Refused(Exception):
    """A write asked of a journal opened read-only: never run."""


@dataclass(frozen=True)
class _Write(Generic[T]):
    job: Job[T]
    done: Callable[[T], object] | None
    on_error: Callable[[Exception], object] | None


@dataclass(frozen=True)
class _Ticket:
    key: Hashable | None
    number: int


class JournalRunner:
    """Every piece of database work of one app window, on the journal at `db_path`."""

    def __init__(
        self, app: App[Any], db_path: Path, *, opener: Opener | None = None, today: Callable[[], date] | None = None
    ) -> None:
        self._app = app
        self.db_path = db_path
        self._opener = opener
        self._today = today  # the day the journal treats as today: the summaries count meetings up to it
        self._brought: date | None = None
        self._store: Store | None = None
        self._open_lock = threading.Lock()
        self._connection: PoolProxiedConnection | None = None  # the runner's own, for PRAGMA data_version only
        self._version_lock = threading.Lock()
        self._writes = 0  # committed by the writer, which alone changes it
        self.version: JournalVersion | None = None
        """The journal's version as last measured (after each write and each `check`); None until then."""
        self.read_only = False
        """The journal was opened read-only: every write is refused with one kind line."""
        self._queue: deque[_Write[Any]] = deque()
        self._queue_lock = threading.Lock()
        self._writing = False  # a writer worker is running the queue
        self._asked = 0
        self._latest: dict[Hashable, int] = {}  # key -> the number of the newest read made with it, until answered
        self._ahead: dict[Hashable, tuple[JournalVersion, Any]] = {}  # read ahead: key -> (as of, what was read)

    # What screens ask ------------------------------------------------------

    def read(
        self,
        job: Job[T],
        done: Callable[[T], object],
        *,
        on_error: Callable[[Exception], object] | None = None,
        latest: Hashable | None = None,
    ) -> None:
        """Run `job` in a thread, beside any other read or write; `done(result)` on the UI thread.

        With `latest`, an older read made with the same key that is still on its way is dropped when
        this one is made: its `done` and `on_error` are never called.
        """
        self._asked += 1
        if latest is not None:
            self._latest[latest] = self._asked
        ticket = _Ticket(latest, self._asked)
        self._app.run_worker(
            lambda: self._run(job, done, on_error, ticket=ticket, writing=False),
            thread=True,
            group="journal-reads",
        )

    def reading(self, latest: Hashable) -> bool:
        """Whether a read made with the key `latest` is still on its way."""
        return latest in self._latest

    def write(
        self,
        job: Job[T],
        done: Callable[[T], object] | None = None,
        *,
        on_error: Callable[[Exception], object] | None = None,
    ) -> None:
        """Queue `job` behind every write made before it; `done(result)` on the UI thread once it is committed.

        If it can't be written, the person is told that it wasn't saved and that their text is
        still on screen, and `on_error(err)` is called.
        """
        with self._queue_lock:
            self._queue.append(_Write(job, done, on_error))
            if self._writing:
                return
            self._writing = True
        self._app.run_worker(self._write_queue, thread=True, group="journal-writes", name="journal writer")

    async def ask(self, job: Job[T]) -> T | None:
        """Run a read `job` in a thread and return what it found; None if it couldn't be read."""

        def work() -> T:
            with self._open().session() as session:
                return job(session)

        worker = self._app.run_worker(work, thread=True, group="journal-reads", exit_on_error=False)
        try:
            return await worker.wait()
        except Exception:  # noqa: BLE001  (a palette search that can't read shows nothing more)
            return None

    def read_ahead(self, key: Hashable, job: Job[Any]) -> None:
        """Read now, quietly, what a screen not shown yet will first need; `read_before(key)` hands it over."""

        def work() -> tuple[JournalVersion | None, Any]:
            store = self._open()
            version = self._measure()  # before reading: what is read is as of this version, or newer
            with store.session() as session:
                return version, job(session)

        async def ahead() -> None:
            worker = self._app.run_worker(work, thread=True, group="journal-ahead", exit_on_error=False)
            try:
                version, found = await worker.wait()
            except Exception:  # noqa: BLE001  (the screen reads for itself, and says so if it can't)
                return
            if version is not None:
                self._ahead[key] = (version, found)

        self._app.run_worker(ahead(), group="journal-ahead")

    def read_before(self, key: Hashable) -> tuple[JournalVersion, Any] | None:
        """What `read_ahead(key)` read and the journal's version it is as of, once; None if the journal has
        changed since (or it isn't there yet): the screen reads for itself."""
        found = self._ahead.pop(key, None)
        return found if found is not None and found[0] == self.version else None

    def check(self, screen: MessagePump) -> None:
        """Measure the journal's version in a thread and post `JournalChanged` to `screen`."""

        def work() -> None:
            if self._open_or_say(None, writing=False, ticket=_Ticket(None, 0)) is not None:
                version = self._measure()
                if version is not None:
                    screen.post_message(JournalChanged(version))

        self._app.run_worker(work, thread=True, group="journal-reads")

    def say_read_only(self) -> None:
        """The one kind line for an edit a read-only journal can't keep."""
        self._app.notify(READ_ONLY, markup=False)

    def close(self) -> None:
        with self._version_lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        with self._open_lock:
            if self._store is not None:
                self._store.close()

    # In worker threads -----------------------------------------------------

    def _open(self) -> Store:
        """The open journal, opened on first use."""
        with self._open_lock:
            if self._store is None:
                opener = self._opener
                if opener is None:
                    from netjournal.store.engine import open_store

                    opener = open_store
                store = opener(self.db_path)
                self._connection = store.engine.raw_connection()
                self._store = store
                if store.read_only:
                    self._found_read_only()
            if self._today is not None and (today := self._today()) != self._brought:
                self._store.bring_to(today)  # once on opening, and again if the day moves on
                self._brought = today
            return self._store

    def _found_read_only(self) -> None:
        self.read_only = True
        self._app.post_message(JournalIsReadOnly())

    def _open_or_say(
        self, on_error: Callable[[Exception], object] | None, *, writing: bool, ticket: _Ticket
    ) -> Store | None:
        """The open journal; None, once the person has been told why, if it can't be opened."""
        from netjournal.errors import NewerJournalError, NotAJournalError

        try:
            return self._open()
        except (NotAJournalError, NewerJournalError) as err:
            # The header looked right but the file can't be used: leave it untouched and say so.
            from rich.text import Text

            self._app.call_from_thread(self._app.exit, None, err.exit_code, Text(f"netjournal: {err}"))
        except Exception as err:  # noqa: BLE001  (told in the app, never a traceback)
            self._app.call_from_thread(self._problem, err, on_error, writing, ticket)
        return None

    def _measure(self) -> JournalVersion | None:
        """The journal's version now: SQLite's data_version on the runner's connection, and the writes made here."""
        with self._version_lock:
            connection = self._connection
            if connection is None:
                return None
            cursor = connection.cursor()
            try:
                cursor.execute("PRAGMA data_version")
                # fetchall steps the statement to its end, so no read is left open to pin an old snapshot.
                rows = cursor.fetchall()
            except Exception:  # noqa: BLE001  (the next check measures again)
                return None
            finally:
                cursor.close()
            self.version = JournalVersion(int(rows[0][0]), self._writes)
            return self.version

    def _run(
        self,
        job: Job[T],
        done: Callable[[T], object] | None,
        on_error: Callable[[Exception], object] | None,
        *,
        ticket: _Ticket,
        writing: bool,
    ) -> None:
        store = self._open_or_say(on_error, writing=writing, ticket=ticket)
        if store is None:
            return
        try:
            if writing and store.read_only:
                raise _Refused()
            with store.session() as session:
                result = job(session)
        except Exception as err:  # noqa: BLE001  (told in the app, never a traceback)
            self._app.call_from_thread(self._problem, err, on_error, writing, ticket)
            return
        version = None
        if writing:
            self._writes += 1
            version = self._measure()
        self._app.call_from_thread(self._answer, done, result, ticket, version)

    def _write_queue(self) -> None:
        """The one writer: each queued write in turn, until the queue is empty."""
        try:
            while True:
                with self._queue_lock:
                    if not self._queue:
                        self._writing = False
                        return
                    write = self._queue.popleft()
                self._run(write.job, write.done, write.on_error, ticket=_Ticket(None, 0), writing=True)
        except BaseException:
            with self._queue_lock:
                self._writing = False  # the next write starts a writer for whatever is still queued
            raise

    # Back on the UI thread ---------------------------------------------------

    def _answered(self, ticket: _Ticket) -> bool:
        """Whether the read with `ticket` is to be answered (it is not, if a newer one with its key was made)."""
        if ticket.key is None:
            return True
        if self._latest.get(ticket.key) != ticket.number:
            return False
        del self._latest[ticket.key]
        return True

    def _answer(
        self, done: Callable[[T], object] | None, result: T, ticket: _Ticket, version: JournalVersion | None
    ) -> None:
        if self._answered(ticket) and done is not None:
            done(result)
        if version is not None and self._app.screen_stack:
            self._app.screen_stack[-1].post_message(JournalChanged(version))

    def _problem(
        self, err: Exception, on_error: Callable[[Exception], object] | None, writing: bool, ticket: _Ticket
    ) -> None:
        from netjournal.errors import JournalError, ReadOnlyJournalError

        detail = str(err) if isinstance(err, JournalError) else ""
        if isinstance(err, (_Refused, ReadOnlyJournalError)):
            if not self.read_only:
                self._found_read_only()
            self.say_read_only()
        elif writing:
            self._app.notify(
                f"{detail} {NOT_SAVED}".strip(), title="Not saved", severity="error", timeout=8, markup=False
            )
        else:
            self._app.notify(detail or NOT_READ, severity="error", markup=False)
        if self._answered(ticket) and on_error is not None:
            on_error(err)
