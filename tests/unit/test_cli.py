"""The command line: add, export, --version, where the journal is, and errors in one line."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from datetime import date

import pytest

from netjournal import __version__, cli
from netjournal.store import queries
from netjournal.store.engine import open_store


@pytest.fixture(autouse=True)
def keep_umask():
    """cli.main narrows the process umask; don't let that leak into other tests."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture(autouse=True)
def no_env_journal(monkeypatch):
    monkeypatch.delenv("NETJOURNAL_DB", raising=False)


@pytest.fixture
def journal(journal_path):
    """A journal that already holds one event."""
    store = open_store(journal_path)
    with store.session() as session:
        queries.create_event(session=session, name="Tuesday meetup", date=date(2019, 4, 2), kind="meetup")
    store.close()
    return journal_path


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys, path) -> dict:
    code, out, err = run(capsys, "--db", str(path), "export", "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out)


FOUNDERS = [
    "add",
    "Founders dinner",
    "--date",
    "2019-04-08",
    "--kind",
    "dinner",
    "--goal",
    "Learn how two founders here raised their seed round",
]


def test_add_then_export_shows_the_event_and_its_goal(capsys, journal_path):
    code, out, err = run(capsys, "--db", str(journal_path), *FOUNDERS, "--location", "Rosa's, upstairs")
    assert (code, err) == (0, "")
    assert out.count("\n") == 1
    assert "Founders dinner" in out and "2019-04-08" in out

    doc = export(capsys, journal_path)
    assert doc["format"] == "netjournal" and doc["version"] == 2
    assert doc["people"] == []
    [ev] = doc["events"]
    assert (ev["name"], ev["date"], ev["kind"], ev["location"]) == (
        "Founders dinner",
        "2019-04-08",
        "dinner",
        "Rosa's, upstairs",
    )
    assert ev["goal"]["text"] == "Learn how two founders here raised their seed round"
    assert ev["goal"]["outcome"] == "open"
    assert ev["meetings"] == [] and ev["reflection"] is None
    assert stat.S_IMODE(os.stat(journal_path).st_mode) == 0o600


def test_add_understands_the_ways_people_type_dates(capsys, journal_path):
    code, out, _ = run(capsys, "--db", str(journal_path), "add", "Book launch", "--date", "8 Apr 2019")
    assert code == 0 and "2019-04-08" in out
    code, out, _ = run(capsys, "--db", str(journal_path), "add", "Coffee", "--date", "today")
    assert code == 0 and date.today().isoformat() in out
    events = export(capsys, journal_path)["events"]
    assert [(e["name"], e["kind"], e["goal"]) for e in events] == [
        ("Book launch", "other", None),
        ("Coffee", "other", None),
    ]


def test_two_exports_differ_only_in_when(capsys, journal):
    run(capsys, "--db", str(journal), *FOUNDERS)
    first, second = export(capsys, journal), export(capsys, journal)
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    assert [e["date"] for e in first["events"]] == ["2019-04-02", "2019-04-08"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--date", "the day after the party"], "the day after the party"),
        (["--date", "2019-02-30"], "2019-02-30"),
        (["--date", ""], "date"),
        (["--date", "2019-04-08", "--kind", "party"], "party"),
        (["--date", "2019-04-08", "--kind", "Dinner"], "Dinner"),
    ],
)
def test_bad_input_is_named_in_one_line_and_nothing_is_written(capsys, journal, args, named):
    before = sha256(journal)
    siblings = sorted(p.name for p in journal.parent.iterdir())
    code, out, err = run(capsys, "--db", str(journal), "add", "Founders dinner", *args)
    assert code == 2
    assert out == ""
    assert err.startswith("netjournal: ") and err.count("\n") == 1
    assert named in err
    assert "Traceback" not in err
    assert sha256(journal) == before
    assert sorted(p.name for p in journal.parent.iterdir()) == siblings


@pytest.mark.parametrize("name", ["", "   "])
def test_an_event_needs_a_name(capsys, journal, name):
    before = sha256(journal)
    code, out, err = run(capsys, "--db", str(journal), "add", name, "--date", "2019-04-08")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "name" in err
    assert sha256(journal) == before


def test_bad_input_does_not_create_a_journal(capsys, journal_path):
    code, _, _ = run(capsys, "--db", str(journal_path), "add", "Dinner", "--date", "someday")
    assert code == 2
    assert not journal_path.exists()
    assert not journal_path.parent.exists()


@pytest.mark.parametrize(
    "argv",
    [["add", "Dinner"], ["export", "--format", "xml"], ["frobnicate"], ["--nope"], ["add"]],
)
def test_a_mistyped_command_is_one_line_and_exit_2(capsys, journal_path, argv):
    code, out, err = run(capsys, "--db", str(journal_path), *argv)
    assert code == 2 and out == ""
    assert err.startswith("netjournal: ") and err.count("\n") == 1
    assert not journal_path.exists()


def test_version(capsys):
    code, out, _err = run(capsys, "--version")
    assert code == 0
    assert out == f"netjournal {__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_help_lists_the_commands(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "add" in out and "export" in out and "--db" in out


def test_export_to_a_file_is_owner_only(capsys, journal, tmp_path):
    target = tmp_path / "out" / "journal.json"
    target.parent.mkdir()
    code, out, err = run(capsys, "--db", str(journal), "export", "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert str(target) in err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert [e["name"] for e in json.loads(target.read_text())["events"]] == ["Tuesday meetup"]


def test_export_over_a_readable_file_makes_it_owner_only(capsys, journal, tmp_path):
    target = tmp_path / "journal.json"
    target.write_text("old and much longer than the new document " * 100)
    target.chmod(0o644)
    assert run(capsys, "--db", str(journal), "export", "-o", str(target))[0] == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert json.loads(target.read_text())["format"] == "netjournal"


def test_the_environment_picks_the_journal_when_db_is_absent(capsys, tmp_path, monkeypatch):
    path = tmp_path / "from-env" / "journal.db"
    monkeypatch.setenv("NETJOURNAL_DB", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert run(capsys, *FOUNDERS)[0] == 0
    assert path.exists()
    assert not (tmp_path / "xdg").exists()
    assert [e["name"] for e in export(capsys, path)["events"]] == ["Founders dinner"]


def test_db_wins_over_the_environment(capsys, tmp_path, monkeypatch):
    env_path = tmp_path / "env.db"
    given = tmp_path / "given.db"
    monkeypatch.setenv("NETJOURNAL_DB", str(env_path))
    assert run(capsys, "--db", str(given), *FOUNDERS)[0] == 0
    assert given.exists() and not env_path.exists()


def test_the_data_folder_is_used_when_nothing_is_set(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert run(capsys, *FOUNDERS)[0] == 0
    path = tmp_path / "data" / "netjournal" / "journal.db"
    assert path.exists()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [e["name"] for e in export(capsys, path)["events"]] == ["Founders dinner"]


def test_the_data_folder_follows_home_without_xdg(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert run(capsys, *FOUNDERS)[0] == 0
    assert (tmp_path / "home" / ".local" / "share" / "netjournal" / "journal.db").exists()


def test_something_unexpected_is_one_line_and_exit_1(capsys, journal, monkeypatch):
    def explode(**_kwargs):
        raise RuntimeError("the disk is on fire\nand this is a second line")

    monkeypatch.setattr(queries, "create_event", explode)
    before = sha256(journal)
    code, out, err = run(capsys, "--db", str(journal), *FOUNDERS)
    assert code == 1 and out == ""
    assert err.startswith("netjournal: ") and err.count("\n") == 1
    assert "the disk is on fire" in err
    assert "Traceback" not in err
    assert sha256(journal) == before


def test_something_unexpected_in_export_is_one_line_and_exit_1(capsys, journal, monkeypatch):
    import netjournal.transfer.export

    def explode(**_kwargs):
        raise RuntimeError("no room")

    monkeypatch.setattr(netjournal.transfer.export, "write_export", explode)
    code, out, err = run(capsys, "--db", str(journal), "export")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "no room" in err


def test_a_keyboard_interrupt_is_quiet(capsys, journal, monkeypatch):
    def interrupt(**_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(queries, "create_event", interrupt)
    code, _out, err = run(capsys, "--db", str(journal), *FOUNDERS)
    assert code == 130
    assert "Traceback" not in err


def test_python_dash_m_runs_the_command_line(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "NETJOURNAL_DB": str(tmp_path / "journal.db")}
    result = subprocess.run(
        [sys.executable, "-m", "netjournal", "--version"], capture_output=True, text=True, env=env, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"netjournal {__version__}\n", "")
    result = subprocess.run(
        [sys.executable, "-m", "netjournal", "add", "Dinner", "--date", "someday"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "someday" in result.stderr
    assert not (tmp_path / "journal.db").exists()
