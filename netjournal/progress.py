"""A progress bar on stderr for the command line's long work: only on a terminal, only after a second.

rich (which Textual brings) draws it, and is imported only when a bar is shown; a pipe, a file,
or `--quiet` get nothing at all.
"""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType
from typing import Any, TextIO

SHOW_AFTER = 1.0  # seconds: work done sooner shows no bar


class Progress:
    """How far some long work is, told with `progress(done, total)`.

    Once the work has taken SHOW_AFTER seconds (NETJOURNAL_PROGRESS_AFTER overrides it), a bar is
    drawn on `stream` if that is a terminal and not `quiet`, and taken away when the work ends.
    Work that can't say how far it is (total None) shows a bar that moves to and fro.
    """

    def __init__(self, what: str, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._what = what
        self._on = not quiet and _is_terminal(self._stream)
        self._done = 0
        self._total: int | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Any = None  # a rich.progress.Progress, once shown
        self._task: Any = None
        self._over = False

    def __enter__(self) -> Progress:
        if self._on:
            delay = _delay()
            if delay == 0:
                self._show()
            else:
                self._timer = threading.Timer(delay, self._show)
                self._timer.daemon = True
                self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        with self._lock:
            self._over = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()

    def __call__(self, done: int, total: int | None = None) -> None:
        self._done, self._total = done, total
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total)

    def next(self, what: str) -> None:
        """A new stage of the work, told in new words, from zero."""
        self._what, self._done, self._total = what, 0, None
        if self._bar is not None:
            self._bar.update(self._task, description=what, completed=0, total=None)

    def _show(self) -> None:
        with self._lock:
            if self._over:
                return
            from rich.console import Console
            from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=Console(file=self._stream),
                transient=True,
                redirect_stdout=False,  # what the command writes to stdout (an export, say) stays exactly that
                redirect_stderr=False,
            )
            self._task = bar.add_task(self._what, total=self._total, completed=self._done)
            bar.start()
            self._bar = bar


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _delay() -> float:
    try:
        return max(0.0, float(os.environ.get("NETJOURNAL_PROGRESS_AFTER", SHOW_AFTER)))
    except ValueError:
        return SHOW_AFTER
