"""Real faults for the file-safety tests: the command line in a second process, under a cap on file size."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(
    *args: str, fsize: int | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python -m netjournal ARGS` in its own process; with `fsize`, no file it writes may grow past that many bytes.

    Python ignores SIGXFSZ, so a write past the cap fails with EFBIG as it would on a full disk.
    Output goes through pipes, which the cap doesn't touch.
    """

    def cap() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NETJOURNAL_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "netjournal", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        preexec_fn=cap,
        timeout=timeout,
        check=False,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def listing(folder: Path) -> list[str]:
    """Every name in `folder`, hidden ones too (a temporary file left behind would be one)."""
    return sorted(p.name for p in folder.iterdir())
