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


_REMOUNT = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'


def cli_on_read_only_mount(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m netjournal ARGS` in a private mount namespace where `folder` is mounted read-only.

    The file system itself refuses every write there (EROFS), for root too; nothing outside the
    command sees the read-only mount. Needs unshare and mount rights: see `read_only_mounts`.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NETJOURNAL_DB", None)
    command = ["unshare", "-m", "sh", "-c", _REMOUNT, "sh", str(folder), sys.executable, "-m", "netjournal", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def read_only_mounts(tmp: Path) -> bool:
    """Whether this machine lets a test mount a folder read-only in a namespace of its own."""
    probe = ["unshare", "-m", "sh", "-c", _REMOUNT + " 2>/dev/null", "sh", str(tmp), "sh", "-c", f"! touch {tmp}/x"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
