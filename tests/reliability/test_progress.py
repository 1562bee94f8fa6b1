"""Long work on the command line shows a progress bar on stderr when stderr is a terminal (a real
pseudo-terminal here), and nothing but its closing line on a pipe or with --quiet.

NETJOURNAL_PROGRESS_AFTER=0 shows the bar at once; by default it waits a second, so quick work shows none.
"""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.reliability.faults import ROOT
from tests.reliability.helpers import fill

DESCRIPTIONS = {
    "export": "Exporting the journal",
    "import": "Importing in.json",
    "backup": "Backing up the journal",
    "check": "Looking the journal over",
}


def env(after: str = "0") -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k != "NETJOURNAL_DB"}
    return {**out, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "NETJOURNAL_PROGRESS_AFTER": after}


def command(kind: str, folder: Path) -> list[str]:
    journal = folder / "journal.db"
    return {
        "export": ["--db", str(journal), "export", "-o", str(folder / "out.json")],
        "import": ["--db", str(folder / "other.db"), "import", str(folder / "in.json")],
        "backup": ["--db", str(journal), "backup", str(folder / "backup.db")],
        "check": ["--db", str(journal), "check"],
    }[kind]


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """A journal and its export, made once for the module (each test works on copies)."""
    made = tmp_path_factory.mktemp("filled")
    fill(made / "journal.db")
    done = subprocess.run(
        [sys.executable, "-m", "netjournal", "--db", str(made / "journal.db"), "export", "-o", str(made / "in.json")],
        env=env("5"),
        capture_output=True,
        check=True,
    )
    assert done.returncode == 0
    return made


@pytest.fixture
def folder(filled, tmp_path) -> Path:
    for name in ("journal.db", "in.json"):
        shutil.copy2(filled / name, tmp_path / name)
    return tmp_path


def on_a_terminal(argv: list[str], environment: dict[str, str]) -> tuple[int, str, str]:
    """Run netjournal with stderr on a new pseudo-terminal (80x24): exit code, stdout, what the terminal got."""
    terminal, attached = pty.openpty()
    fcntl.ioctl(attached, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "netjournal", *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=attached,
        env=environment,
    )
    os.close(attached)
    shown = b""
    while True:
        try:
            data = os.read(terminal, 1 << 16)
        except OSError:  # the other side closed: the command is done
            break
        if not data:
            break
        shown += data
    os.close(terminal)
    out = process.stdout.read() if process.stdout else b""
    return process.wait(timeout=60), out.decode(), shown.decode(errors="replace")


@pytest.mark.parametrize("kind", DESCRIPTIONS)
def test_a_terminal_sees_a_bar(folder, kind):
    code, _out, shown = on_a_terminal(command(kind, folder), env())
    assert code == 0, shown
    assert DESCRIPTIONS[kind] in shown
    assert "━" in shown  # the bar itself
    assert "Traceback" not in shown


@pytest.mark.parametrize("kind", DESCRIPTIONS)
def test_quiet_on_a_terminal_shows_no_bar(folder, kind):
    code, _out, shown = on_a_terminal([*command(kind, folder), "--quiet"], env())
    assert code == 0, shown
    assert DESCRIPTIONS[kind] not in shown and "━" not in shown


CLOSING = {"export": "Wrote the journal to {folder}/out.json.\n", "import": "", "backup": "", "check": ""}


@pytest.mark.parametrize("kind", DESCRIPTIONS)
def test_a_pipe_gets_only_the_closing_line(folder, kind):
    done = subprocess.run(
        [sys.executable, "-m", "netjournal", *command(kind, folder)], env=env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == CLOSING[kind].format(folder=folder)
    assert (done.stdout == "") == (kind == "export")  # what each says on stdout is unchanged


def test_work_done_within_a_second_shows_nothing(folder):
    # Work shorter than the delay shows no bar; the delay is set long so a busy machine can't make it look slow.
    environment = {**env(), "NETJOURNAL_PROGRESS_AFTER": "3600"}
    code, _out, shown = on_a_terminal(command("check", folder), environment)
    assert code == 0 and DESCRIPTIONS["check"] not in shown
