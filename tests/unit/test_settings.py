"""Your settings: config.toml read setting by setting, bad ones named in one line each, and `netjournal config`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.settings import Settings, SettingsFileError, load_settings, with_theme
from tests.unit.test_followups import CANT_STOP, build

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
# my settings
theme = "nord"  # easy on the eyes
default_kind = "dinner"
follow_up_days = 5
sync_folder = "~/Sync/netjournal"

[keys]
go-people = "P"
"""


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "settings" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("NETJOURNAL_CONFIG", str(path))
    return path


def test_every_setting_is_read_from_the_file(config):
    config.write_text(GOOD)
    settings, notes = load_settings()
    assert notes == []
    assert settings == Settings(
        theme="nord",
        keys={"go-people": "P"},
        default_kind="dinner",
        follow_up_days=5,
        sync_folder=Path.home() / "Sync" / "netjournal",
        path=config,
        from_file=frozenset({"theme", "keys", "default_kind", "follow_up_days", "sync_folder"}),
    )


def test_no_file_is_every_default_and_nothing_to_say(config):
    assert load_settings() == (Settings(path=config), [])


BAD = {
    'theme = 42\ndefault_kind = "dinner"': "theme = 42 isn't a theme name; using the default.",
    'default_kind = "party"\ntheme = "nord"': 'default_kind = "party" isn\'t a kind of event',
    "follow_up_days = 0": "follow_up_days = 0 isn't a number of days from 1 to 365; using the default, 2.",
    "follow_up_days = true": "follow_up_days = true isn't a number of days",
    'sync_folder = "relative/dir"': 'sync_folder = "relative/dir" isn\'t a full folder path',
    'keys = "P"': 'keys = "P" isn\'t a table of keys',
    '[keys]\ngo-people = "a b"\ngo-events = "E"': 'keys.go-people = "a b" isn\'t a key',
    'colour = "blue"': "colour isn't a setting netjournal has",
}


@pytest.mark.parametrize("text", BAD)
def test_a_bad_setting_is_one_line_naming_it_and_the_rest_still_count(config, text):
    config.write_text(text + "\n")
    settings, notes = load_settings()
    [note] = notes
    assert note.startswith(BAD[text]) and "\n" not in note
    assert "default" in note or "left out" in note
    if "theme" in text and not text.startswith("theme"):
        assert settings.theme == "nord"  # the good setting beside the bad one is kept
    if text.startswith("theme"):
        assert (settings.theme, settings.default_kind) == (None, "dinner")
    if "go-events" in text:
        assert settings.keys == {"go-events": "E"}
    default = Settings()
    assert settings.follow_up_days == default.follow_up_days and settings.sync_folder is None


def test_a_file_that_is_not_toml_names_the_file_and_line(config):
    config.write_text('theme = "nord"\nfollow_up_days = \n')
    assert load_settings() == (
        Settings(path=config),
        [f"{config} line 2 isn't TOML (invalid value); using the default settings."],
    )


def test_a_folder_where_the_file_should_be_is_one_line(config):
    config.mkdir()
    settings, notes = load_settings()
    assert settings == Settings(path=config)
    assert notes == [f"{config} is a folder, not a settings file; using the default settings."]


def test_an_unreadable_file_is_one_line_and_the_defaults(config):
    config.write_text(GOOD)
    config.chmod(0o000)
    # Root reads any file: the command runs without the capabilities that let it (as anyone else would be).
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [*drop, sys.executable, "-m", "netjournal", "config"], capture_output=True, text=True, env=env, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert f"{config} can't be read (permission denied); using the default settings." in result.stdout
    assert 'theme = "textual-dark" (the default)' in " ".join(result.stdout.split())


def test_the_theme_is_set_keeping_every_other_line():
    text = GOOD.replace('theme = "nord"  # easy on the eyes\n', "")
    added = with_theme(text, "gruvbox")
    assert added == text.replace('netjournal"\n', 'netjournal"\ntheme = "gruvbox"\n')  # after the last setting
    changed = with_theme(GOOD, "dracula")
    assert changed == GOOD.replace('"nord"', '"dracula"')  # the comment on its line stays
    with pytest.raises(SettingsFileError):
        with_theme("theme = \n", "nord")  # what a person is still writing is never overwritten


# netjournal config ------------------------------------------------------------------


def test_config_prints_the_path_each_setting_and_where_it_comes_from(config, capsys):
    config.write_text('follow_up_days = 5\ntheme = "no-such-theme"\n[keys]\ngo-people = "P"\ngo-peple = "x"\n')
    before = config.read_bytes()
    assert main(["config"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"Settings file: {config}"
    shown = [" ".join(line.split()) for line in lines[2:]]
    assert shown[:6] == [
        'theme = "textual-dark" (the default)',
        'keys.go-people = "P" (from the file)',
        'default_kind = "meetup" (the default)',
        "follow_up_days = 5 (from the file)",
        "sync_folder: none, this journal doesn't sync (the default)",
        "",
    ]
    assert shown[6:] == [
        "Settings that can't be used as they are:",
        'theme = "no-such-theme" isn\'t a theme name (netjournal config --themes lists them); using the default.',
        "keys.go-peple isn't one of netjournal's keys (netjournal config --keys lists them); it is left out.",
    ]
    assert config.read_bytes() == before and sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]

    assert main(["config", "--path"]) == 0
    assert capsys.readouterr().out == f"{config}\n"


def test_config_says_when_there_is_no_file_and_writes_none(config, capsys):
    assert main(["config"]) == 0
    assert capsys.readouterr().out.startswith(f"Settings file: {config} (there is none yet")
    assert not config.exists()


# Commands that use a setting --------------------------------------------------------


def test_follow_up_days_changes_when_people_come_up_on_follow_ups(config, journal_path, capsys):
    store, _ = build(
        journal_path,
        events={"Meetup": date(2024, 5, 18), "Dinner": date(2024, 5, 10)},
        people_={"Ana": "", "Ben": ""},
        meetings=[("Meetup", "Ana", CANT_STOP), ("Dinner", "Ben", {**CANT_STOP, "follow_up_due": date(2024, 5, 25)})],
    )
    store.close()

    def listed() -> list[tuple[str, str]]:
        assert main(["--db", str(journal_path), "followups", "--json", "--today", "2024-05-20"]) == 0
        return [(e["name"], e["due"]) for e in json.loads(capsys.readouterr().out)]

    assert listed() == [("Ana", "2024-05-21"), ("Ben", "2024-05-25")]
    config.write_text("follow_up_days = 14\n")
    assert listed() == [("Ben", "2024-05-25"), ("Ana", "2024-06-01")]  # two weeks after the meetup


def test_add_takes_the_default_kind_unless_one_is_given(config, journal_path, capsys):
    config.write_text('default_kind = "talk"\n')
    assert main(["--db", str(journal_path), "add", "Keynote", "--date", "2019-04-08"]) == 0
    assert main(["--db", str(journal_path), "add", "Supper", "--date", "2019-04-08", "--kind", "dinner"]) == 0
    config.write_text('default_kind = "party"\n')
    assert main(["--db", str(journal_path), "add", "Drinks", "--date", "2019-04-08"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        'netjournal: default_kind = "party" isn\'t a kind of event (conference, meetup, dinner, talk, other); '
        "using the default."
    ]
    assert main(["--db", str(journal_path), "export"]) == 0
    kinds = {e["name"]: e["kind"] for e in json.loads(capsys.readouterr().out)["events"]}
    assert kinds == {"Keynote": "talk", "Supper": "dinner", "Drinks": "other"}
