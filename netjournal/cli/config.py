"""`netjournal config`: where the settings file is, and what is in force. It writes nothing."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from netjournal.cli.common import say

if TYPE_CHECKING:
    from netjournal.cli.common import Commands
    from netjournal.settings import Settings


def register(sub: Commands) -> None:
    config = sub.add_parser("config", help="where your settings file is, and the settings in force")
    shows = config.add_mutually_exclusive_group()
    shows.add_argument("--path", action="store_true", help="print only the settings file's path")
    shows.add_argument("--keys", action="store_true", help="list the keys you can change, by id")
    shows.add_argument("--themes", action="store_true", help="list the theme names")
    config.set_defaults(run=cmd_config)


def cmd_config(args: argparse.Namespace) -> int:
    from netjournal.settings import config_path, load_settings

    path = config_path()
    if args.path:
        say(str(path))
        return 0
    if args.keys:
        return _list_keys()
    if args.themes:
        from textual.theme import BUILTIN_THEMES

        say("\n".join(sorted(BUILTIN_THEMES)))
        return 0
    settings, notes = load_settings(path)
    settings, more = _checked(settings)
    exists = "" if path.exists() or path.is_symlink() else " (there is none yet: every setting is its default)"
    say(f"Settings file: {path}{exists}\n")
    lines = _in_force(settings)
    width = max(len(shown) for shown, _ in lines)
    for shown, where in lines:
        say(f"  {shown.ljust(width)}  ({where})")
    if notes or more:
        say("\nSettings that can't be used as they are:")
        for note in [*notes, *more]:
            say(f"  {note}")
    return 0


def _checked(settings: Settings) -> tuple[Settings, list[str]]:
    """What the app would make of `settings`: a theme it doesn't have is left out; keys it doesn't have get a line."""
    from dataclasses import replace

    from textual.theme import BUILTIN_THEMES

    from netjournal.bindings import key_note, theme_note, unknown_keys

    notes = []
    if (note := theme_note(settings.theme, BUILTIN_THEMES)) is not None:
        notes.append(note)
        settings = replace(settings, theme=None, from_file=settings.from_file - {"theme"})
    unknown = unknown_keys(settings.keys) if settings.keys else []
    if unknown:
        notes += [key_note(binding) for binding in unknown]
        keys = {binding: key for binding, key in settings.keys.items() if binding not in unknown}
        settings = replace(settings, keys=keys, from_file=settings.from_file - ({"keys"} if not keys else set()))
    return settings, notes


def _in_force(settings: Settings) -> list[tuple[str, str]]:
    """Each setting as a line of config.toml would set it, and where it comes from."""
    from textual.constants import DEFAULT_THEME

    def where(key: str) -> str:
        return "from the file" if key in settings.from_file else "the default"

    lines = [(f"theme = {_toml(settings.theme or DEFAULT_THEME)}", where("theme"))]
    lines += [(f"keys.{key} = {_toml(value)}", where("keys")) for key, value in settings.keys.items()]
    if not settings.keys:
        lines.append(("keys: none changed", where("keys")))
    lines.append((f"default_kind = {_toml(settings.default_kind)}", where("default_kind")))
    lines.append((f"follow_up_days = {settings.follow_up_days}", where("follow_up_days")))
    if settings.sync_folder is None:
        lines.append(("sync_folder: none, this journal doesn't sync", where("sync_folder")))
    else:
        lines.append((f"sync_folder = {_toml(str(settings.sync_folder))}", where("sync_folder")))
    return lines


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _list_keys() -> int:
    from netjournal.bindings import all_bindings

    bindings = all_bindings()
    width = max(len(binding_id) for binding_id in bindings)
    for binding_id, binding in sorted(bindings.items()):
        say(f"{binding_id.ljust(width)}  {binding.key_display or binding.key:<12}  {binding.description}")
    return 0
