"""10. What the command line says: text from a person or a file is shown with its control characters written
out, a full disk is called a full disk, and nothing half-made is left behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netjournal.cli import main
from tests.reliability.faults import cli, listing
from tests.reliability.helpers import document, fill, sha256

OSC52 = "\x1b]52;c;AAA\x07"  # "put AAA on the clipboard", to a terminal that obeys


def no_control_characters(*texts: str) -> None:
    for text in texts:
        assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)


def test_a_kind_holding_an_escape_sequence_is_shown_not_sent(journal_path):
    result = cli("--db", str(journal_path), "add", "Meetup", "--date", "2019-04-08", "--kind", OSC52)
    assert result.returncode == 2
    no_control_characters(result.stdout, result.stderr)
    assert "\\x1b]52;c;AAA\\x07" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--format", OSC52],
        ["add", "Meetup", "--date", f"2019-04-08{OSC52}"],
        ["followups", "--today", OSC52],
        [OSC52],
        ["import", f"/no/such/file{OSC52}.json"],
        ["backup", "{tmp}/" + OSC52],
        ["export", "-o", "{tmp}/" + OSC52],
    ],
)
def test_arguments_are_shown_with_their_control_characters_written_out(journal_path, tmp_path, capsys, argv):
    fill(journal_path)
    if argv[0] == "backup":
        (tmp_path / OSC52).write_text("already here")
    code = main(["--db", str(journal_path), *[a.replace("{tmp}", str(tmp_path)) for a in argv]])
    out, err = capsys.readouterr()
    no_control_characters(out, err)
    assert "\\x1b]52;c;AAA\\x07" in out + err
    assert code == (0 if argv[0] == "export" and argv[1] == "-o" else 2)


def test_a_journal_name_with_an_escape_sequence_is_shown_not_sent(tmp_path, capsys):
    path = tmp_path / f"evil{OSC52}.db"
    path.write_bytes(b"not a journal at all, just some text\n" * 10)
    assert main(["--db", str(path), "export"]) == 2
    out, err = capsys.readouterr()
    no_control_characters(out, err)
    assert "evil\\x1b]52;c;AAA\\x07.db" in err


def test_a_name_on_two_lines_is_added_and_said_on_one(journal_path, capsys):
    assert main(["--db", str(journal_path), "add", "Line one\nLine two\n## Fake", "--date", "2019-04-08"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1 and out.startswith("Added Line one")
    [event] = document(journal_path)["events"]
    assert event["name"].startswith("Line one") and "Line two" in event["name"]


def test_a_full_disk_while_making_a_journal_leaves_nothing_behind(tmp_path):
    """`ulimit -f 8`: a new journal can't be written; no half-made journal, no .journal.db.new-PID file."""
    journal = tmp_path / "journal.db"
    result = cli("--db", str(journal), "add", "Founders dinner", "--date", "2019-04-08", fsize=8 * 1024)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"netjournal: Can't write {journal}: the disk is full; nothing was changed.\n"
    assert listing(tmp_path) == []


def test_a_full_disk_while_adding_changes_nothing(journal_path):
    """Room for the journal's own -shm (32 KiB) but not for a 90 KB goal: said plainly, the journal as it was."""
    fill(journal_path)
    before, digest, folder = document(journal_path), sha256(journal_path), listing(journal_path.parent)
    goal = "a goal written at great length " * 3000
    result = cli("--db", str(journal_path), "add", "Dinner", "--date", "2019-05-09", "--goal", goal, fsize=40 * 1024)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"netjournal: Can't write {journal_path}: the disk is full; nothing was changed.\n"
    assert document(journal_path) == before and sha256(journal_path) == digest
    assert listing(journal_path.parent) == folder


def test_followups_lines_stay_one_line_each(journal_path, capsys):
    fill(journal_path)
    assert main(["--db", str(journal_path), "followups", "--today", "2019-04-09", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert main(["--db", str(journal_path), "followups", "--today", "2019-04-09"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == len(rows) >= 1
    no_control_characters(out)


def test_messages_name_paths_as_given(tmp_path, capsys):
    """The one-line refusals keep naming the file the person gave, so they know which one it was."""
    path = tmp_path / "a folder" / "journal.db"
    path.mkdir(parents=True)
    assert main(["--db", str(path), "check"]) == 2
    assert str(Path(path)) in capsys.readouterr().err
