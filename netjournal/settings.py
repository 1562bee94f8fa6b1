"""Your settings: `config.toml` in the platform's config folder (or `$NETJOURNAL_CONFIG`).

Read before the first frame, so stdlib and platformdirs only. A bad setting never stops
anything: it gets one plain line naming it and the default used instead, and every other
setting still counts. The app remembers one thing here itself: the theme picked in the
command palette (`remember_theme`), written so the rest of the file, comments and all, stays.
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from netjournal.domain.text import visible
from netjournal.domain.vocab import FOLLOW_UP_DAYS, KINDS

DEFAULT_KIND = "meetup"  # what the new-event form starts with
MOST_DAYS = 365
MAX_BYTES = 1 << 20  # a settings file is a few lines; anything this big is something else
SETTINGS = ("theme", "keys", "default_kind", "follow_up_days", "sync_folder")
_P, _CTRL_E, _SYNC = '"P"', '"ctrl+e"', '"~/Sync/netjournal"'
_KEY = re.compile(r"[^\s,]+(,[^\s,]+)*")  # Textual's key strings: "ctrl+e", "P", "f2,ctrl+n"


@dataclass(frozen=True)
class Settings:
    """What is in force. `Settings()` is every default: what tests and screenshots use."""

    theme: str | None = None  # a Textual theme name; None is Textual's own default
    keys: Mapping[str, str] = field(default_factory=dict)  # binding id -> key(s), for App.set_keymap
    default_kind: str = DEFAULT_KIND  # the kind the new-event form starts with
    follow_up_days: int = FOLLOW_UP_DAYS  # how many days after an event a follow-up is suggested
    sync_folder: Path | None = None  # where this journal syncs; None: it doesn't
    path: Path | None = None  # the file these came from, where a theme picked in the app is kept; None: nowhere
    from_file: frozenset[str] = frozenset()  # the settings the file set (the rest are defaults)


def config_path() -> Path:
    """`$NETJOURNAL_CONFIG` if set, else `config.toml` in the platform's user config folder."""
    env = os.environ.get("NETJOURNAL_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("netjournal", appauthor=False) / "config.toml"


class SettingsFileError(Exception):
    """The settings file can't be used as it is; the message says why, in one line."""


def _shown(path: Path) -> str:
    return visible(os.fspath(path))


def read_config(path: Path) -> dict[str, Any] | None:
    """What the file holds, or None when there is no file; `SettingsFileError` when it can't be used."""
    text = _read_text(path)
    try:
        return None if text is None else tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsFileError(f"{_shown(path)} {_where(str(err))}") from None


def _read_text(path: Path) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))  # a pipe mustn't hang us
    except FileNotFoundError:
        return None
    except OSError as err:
        raise SettingsFileError(f"{_shown(path)} can't be read ({_reason(err)})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise SettingsFileError(f"{_shown(path)} is a folder, not a settings file")
        if not stat.S_ISREG(mode):
            raise SettingsFileError(f"{_shown(path)} isn't a plain file")
        data = b""
        while len(data) <= MAX_BYTES and (piece := os.read(fd, MAX_BYTES + 1 - len(data) or 1)):
            data += piece
    except OSError as err:
        raise SettingsFileError(f"{_shown(path)} can't be read ({_reason(err)})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise SettingsFileError(f"{_shown(path)} is too big to be a settings file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsFileError(f"{_shown(path)} isn't UTF-8 text") from None


def _reason(err: OSError) -> str:
    reason = err.strerror or str(err)
    return reason[:1].lower() + reason[1:]


def _where(message: str) -> str:
    """tomllib's "Invalid value (at line 3, column 9)" as "line 3 isn't TOML (invalid value)"."""
    found = re.search(r"\s*\(at line (\d+), column \d+\)", message)
    what = (message[: found.start()] if found else message).strip().rstrip(".")
    what = what[:1].lower() + what[1:]
    return f"line {found.group(1)} isn't TOML ({what})" if found else f"isn't TOML ({what})"


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in `path` (default: `config_path()`), and one line for each that can't be used.

    Never raises: a missing file is every default, with no note; a file that can't be read or
    isn't TOML is every default and one note naming the file (and the line).
    """
    path = config_path() if path is None else path
    try:
        data = read_config(path)
    except SettingsFileError as err:
        return Settings(path=path), [f"{err}; using the default settings."]
    if data is None:
        return Settings(path=path), []
    return settings_from(data, path=path)


def settings_from(data: Mapping[str, Any], *, path: Path | None = None) -> tuple[Settings, list[str]]:
    """`data` (a parsed config.toml) checked setting by setting: the good ones, and a line per bad one."""
    notes: list[str] = []
    found: dict[str, Any] = {}
    for key, value in data.items():
        if key not in SETTINGS:
            notes.append(f"{_key(key)} isn't a setting netjournal has ({', '.join(SETTINGS)}); it is left out.")
            continue
        good = _CHECKS[key](value, notes)
        if good is not None:
            found[key] = good
    return replace(Settings(path=path), **found, from_file=frozenset(found)), notes


def _key(key: str) -> str:
    return visible(key) if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    """A value as the file has it, short: `42`, `"party"`, `a table`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value if len(value) <= 40 else value[:39] + "…", ensure_ascii=False)
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "a list"
    elif isinstance(value, (date, datetime, time)):
        text = value.isoformat()
    else:
        text = str(value)
    return visible(text if len(text) <= 42 else text[:41] + "…")


def _theme(value: Any, notes: list[str]) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[\w.-]{1,60}", value):
        return value
    notes.append(f"theme = {_value(value)} isn't a theme name; using the default.")
    return None


def _keys(value: Any, notes: list[str]) -> dict[str, str] | None:
    if not isinstance(value, dict):
        shown = _value(value)
        notes.append(f"keys = {shown} isn't a table of keys (like [keys] go-people = {_P}); using the defaults.")
        return None
    keys = {}
    for binding, key in value.items():
        if isinstance(key, str) and _KEY.fullmatch(key) and key.isprintable():
            keys[binding] = key
        else:
            said = f"keys.{_key(binding)} = {_value(key)}"
            notes.append(f"{said} isn't a key (like {_P} or {_CTRL_E}); using the default.")
    return keys or None


def _default_kind(value: Any, notes: list[str]) -> str | None:
    if isinstance(value, str) and value in KINDS:
        return value
    kinds = ", ".join(KINDS)
    notes.append(f"default_kind = {_value(value)} isn't a kind of event ({kinds}); using the default.")
    return None


def _follow_up_days(value: Any, notes: list[str]) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MOST_DAYS:
        return value
    notes.append(
        f"follow_up_days = {_value(value)} isn't a number of days from 1 to {MOST_DAYS}; "
        f"using the default, {FOLLOW_UP_DAYS}."
    )
    return None


def _sync_folder(value: Any, notes: list[str]) -> Path | None:
    if isinstance(value, str) and value.strip() and value.isprintable():
        folder = Path(value).expanduser()
        if folder.is_absolute():
            return folder
    shown = _value(value)
    notes.append(f"sync_folder = {shown} isn't a full folder path (like {_SYNC}); using the default, no syncing.")
    return None


_CHECKS = {
    "theme": _theme,
    "keys": _keys,
    "default_kind": _default_kind,
    "follow_up_days": _follow_up_days,
    "sync_folder": _sync_folder,
}


# Remembering the theme -----------------------------------------------------------------------

_NEW_FILE = "# netjournal's settings. `netjournal config` shows what is in force; the README lists them all.\n"
_THEME_LINE = re.compile(r"""^(\s*theme\s*=\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s#]*)(.*)$""", re.DOTALL)
_TABLE = re.compile(r"^\s*\[")
_writing = threading.Lock()


def with_theme(text: str, theme: str) -> str:
    """`text` (a config.toml) with `theme = "..."` set and every other line as it was.

    Raises `SettingsFileError` when that can't be done without changing anything else.
    """
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsFileError(f"the settings file {_where(str(err))}") from None
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    new = f"theme = {json.dumps(theme)}\n"
    at = next((i for i in range(first_table) if re.match(r"\s*theme\s*=", lines[i])), None)
    if at is not None:
        old = _THEME_LINE.match(lines[at])
        lines[at] = f"{old.group(1)}{json.dumps(theme)}{old.group(3)}" if old else new
    else:
        at = first_table
        while at and not lines[at - 1].strip():  # after the last setting, the blank lines before a table kept
            at -= 1
        if at and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines.insert(at, new)
    after = "".join(lines)
    try:
        same = tomllib.loads(after) == {**before, "theme": theme}
    except tomllib.TOMLDecodeError:
        same = False
    if not same:
        raise SettingsFileError("the settings file is laid out in a way netjournal can't change safely")
    return after


def remember_theme(path: Path, theme: str) -> None:
    """Keep `theme` in the settings file at `path` (made, owner-only, if there is none), all at once.

    Raises `SettingsFileError` (one line) when it can't; the file is then as it was.
    """
    from netjournal.errors import JournalError
    from netjournal.store.files import make_private_dir, write_user_file

    with _writing:  # two quick changes: each reads what the one before wrote
        target = path.resolve() if path.is_symlink() else path  # a linked dotfile is written where it lives
        updated = with_theme(_read_text(target) or _NEW_FILE, theme)
        try:
            make_private_dir(target.parent)
            write_user_file(target, updated.encode("utf-8"))
        except (OSError, JournalError) as err:
            raise SettingsFileError(str(err).rstrip(".")) from None
