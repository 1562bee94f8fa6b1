"""6. `--db` opens exactly the file named, whatever its name holds; names that can't be a journal file are refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.store.engine import open_store
from tests.reliability.faults import listing

NAMES = [
    "My%20Journal.db",
    "x?.db",
    "x?mode=ro.db",
    "a#b.db",
    "with two  spaces.db",
    "journée ☕ 日記.db",
    "file:j.db",
    "file:x?mode=memory.db",
    "%3F%23%25.db",
]


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NETJOURNAL_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return folder


def events_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM event ORDER BY date")]
    finally:
        conn.close()


@pytest.mark.parametrize("name", NAMES)
def test_every_command_uses_exactly_the_file_named(here, capsys, name):
    assert main(["--db", name, "add", "Founders dinner", "--date", "2019-04-08"]) == 0
    assert main(["--db", name, "add", "Tuesday meetup", "--date", "2019-04-09"]) == 0
    assert listing(here) == [name]
    assert events_in(here / name) == ["Founders dinner", "Tuesday meetup"]

    capsys.readouterr()
    assert main(["--db", name, "export", "-o", "out.json"]) == 0
    assert "Tuesday meetup" in (here / "out.json").read_text()
    assert main(["--db", name, "check"]) == 0
    assert "All good" in capsys.readouterr().out
    assert main(["--db", name, "backup", "copy.db"]) == 0
    assert events_in(here / "copy.db") == ["Founders dinner", "Tuesday meetup"]
    assert main(["--db", name, "followups"]) == 0
    assert listing(here) == sorted([name, "out.json", "copy.db"])


@pytest.mark.parametrize("name", ["My%20Journal.db", "x?.db", "file:j.db"])
def test_the_store_opens_exactly_the_file_named(here, name):
    open_store(Path(name)).close()
    assert listing(here) == [name]


def test_a_journal_whose_name_says_another_file_never_touches_that_file(here, capsys):
    """`My%20Journal.db` and `My Journal.db` are two journals; writing one leaves the other as it was."""
    assert main(["--db", "My Journal.db", "add", "The other one", "--date", "2019-01-01"]) == 0
    before = (here / "My Journal.db").read_bytes()
    assert main(["--db", "My%20Journal.db", "add", "Founders dinner", "--date", "2019-04-08"]) == 0
    assert (here / "My Journal.db").read_bytes() == before
    assert events_in(here / "My%20Journal.db") == ["Founders dinner"]


@pytest.mark.parametrize("given", [":memory:", "", "a folder"])
@pytest.mark.parametrize("command", [["add", "Founders dinner", "--date", "2019-04-08"], ["export"], ["check"], []])
def test_names_that_cant_be_a_journal_file_are_refused_in_one_line(here, tmp_path, capsys, monkeypatch, given, command):
    import netjournal.app

    started = []
    monkeypatch.setattr(netjournal.app, "make_app", lambda **kw: started.append(kw))
    if given == "a folder":
        (here / given).mkdir()
    before = listing(here)
    code = main(["--db", given, *command])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == "" and err.startswith("netjournal: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert listing(here) == before
    assert not (tmp_path / "data").exists() and not (tmp_path / "home").exists()  # not the default journal either
    assert started == []


def test_netjournal_db_set_to_memory_is_refused(here, capsys, monkeypatch):
    monkeypatch.setenv("NETJOURNAL_DB", ":memory:")
    assert main(["add", "Founders dinner", "--date", "2019-04-08"]) == 2
    assert ":memory:" in capsys.readouterr().err
    assert listing(here) == []
