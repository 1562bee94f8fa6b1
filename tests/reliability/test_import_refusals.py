"""3, 6, 10. What import refuses, naming the record, in one line, exit 2, with nothing written:
times more than a day in the future, dates outside the years the journal keeps, numbers no field
could hold, and anything but a regular file of at most 1 GiB (looked at before a byte is read).
File names in messages show their control characters written out.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from netjournal.cli import main
from tests.reliability.helpers import document, fill, sha256, write_json

FUTURE = "9999-12-31T00:00:00Z"


@pytest.fixture
def journals(tmp_path):
    """A journal's export as a document, and another journal (with entries of its own) to import it into."""
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    fill(source)
    fill(target)
    return document(source), target


def _import(db, path, capsys):
    code = main(["--db", str(db), "import", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def _assert_refused(target, path, capsys, message):
    digest, before = sha256(target), document(target)
    code, out, err = _import(target, path, capsys)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and err.startswith("netjournal: ")
    assert message in err, err
    assert err.rstrip().endswith("Nothing was imported.")
    assert sha256(target) == digest and document(target) == before


# 3. A time in the future would win over every later edit, for ever.


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["people"][1].__setitem__("updated_at", FUTURE),
            f"people[1].updated_at: {FUTURE} is in the future",
        ),
        (
            lambda d: d["events"][0]["meetings"][1].__setitem__("created_at", "2999-01-01T00:00:00.000000Z"),
            "events[0].meetings[1].created_at: 2999-01-01T00:00:00.000000Z is in the future",
        ),
        (
            lambda d: d["events"][0]["goal"].__setitem__("updated_at", "1850-01-01T00:00:00+01:00"),
            'events[0].goal.updated_at: "1850-01-01T00:00:00+01:00" is out of range: '
            "netjournal keeps dates between 1900 and 2199",
        ),
        (
            lambda d: d["people"][0].__setitem__("updated_at", "0001-01-01T00:00:00+01:00"),
            'people[0].updated_at: "0001-01-01T00:00:00+01:00" is out of range',
        ),
    ],
)
def test_a_time_in_the_future_or_before_1900_is_refused(journals, tmp_path, capsys, change, message):
    doc, target = journals
    change(doc)
    _assert_refused(target, write_json(tmp_path / "in.json", doc), capsys, message)


def test_a_clock_a_few_hours_ahead_is_fine(journals, tmp_path, capsys):
    doc, target = journals
    ahead = (datetime.now(UTC) + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    doc["people"][1]["updated_at"] = ahead
    code, _, err = _import(target, write_json(tmp_path / "in.json", doc), capsys)
    assert (code, err) == (0, "")
    kept = next(p for p in document(target)["people"] if p["id"] == doc["people"][1]["id"])
    assert kept["updated_at"] == ahead


# 6. Dates outside 1900-2199 broke follow-ups for good.


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["events"][0].__setitem__("date", "9999-12-31"), 'events[0].date: "9999-12-31" is out of range'),
        (lambda d: d["events"][1].__setitem__("date", "1850-01-01"), 'events[1].date: "1850-01-01" is out of range'),
        (
            lambda d: d["events"][0]["meetings"][0].__setitem__("follow_up_due", "2200-01-01"),
            'events[0].meetings[0].follow_up_due: "2200-01-01" is out of range: '
            "netjournal keeps dates between 1900 and 2199",
        ),
        (
            lambda d: d["events"][0]["meetings"][1].__setitem__("followed_up_on", "1899-12-31"),
            'events[0].meetings[1].followed_up_on: "1899-12-31" is out of range',
        ),
    ],
)
def test_a_date_outside_the_years_the_journal_keeps_is_refused(journals, tmp_path, capsys, change, message):
    doc, target = journals
    change(doc)
    _assert_refused(target, write_json(tmp_path / "in.json", doc), capsys, message)


def test_the_first_and_last_days_the_journal_keeps_are_fine(journals, tmp_path, capsys):
    doc, target = journals
    doc["events"][0]["date"] = "1900-01-01"
    doc["events"][0]["meetings"][0]["follow_up_due"] = "2199-12-31"
    code, _, err = _import(target, write_json(tmp_path / "in.json", doc), capsys)
    assert (code, err) == (0, "")


# 10. Numbers no field could hold are named as such, not taken for a file cut short.


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("NaN", "events[0].reflection.energy_after: NaN is out of range"),
        ("Infinity", "events[0].reflection.energy_after: Infinity is out of range"),
        ("-Infinity", "events[0].reflection.energy_after: -Infinity is out of range"),
        ("1e400", "events[0].reflection.energy_after: 1e400 is out of range"),
        ("9" * 5000, "events[0].reflection.energy_after: a number 5000 digits long is out of range"),
        ("-" + "1" * 30, "events[0].reflection.energy_after: a number 30 digits long is out of range"),
        ("7", "events[0].reflection.energy_after: 7 is not a number from 1 to 5"),
    ],
    ids=["nan", "infinity", "-infinity", "1e400", "5000-digits", "30-digits", "energy-7"],
)
def test_a_number_out_of_range_is_named(journals, tmp_path, capsys, number, message):
    doc, target = journals
    doc["events"][0]["reflection"]["energy_after"] = "@NUMBER@"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc).replace('"@NUMBER@"', number), encoding="utf-8")
    _assert_refused(target, path, capsys, message)


def test_a_huge_number_where_a_slot_goes(journals, tmp_path, capsys):
    doc, target = journals
    doc["events"][0]["meetings"][0]["slot"] = "@NUMBER@"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc).replace('"@NUMBER@"', "1" * 5000), encoding="utf-8")
    _assert_refused(target, path, capsys, "events[0].meetings[0].slot: a number 5000 digits long is out of range")


# 10. Anything but a regular file is refused before it is read: run as a real command, with a time
# limit and a memory ceiling, since reading /dev/zero or a pipe would never end on its own.


def _sparse(path, size: int) -> None:
    """A file of `size` bytes that takes no room on the disk."""
    with path.open("wb") as file:
        file.truncate(size)


def _limited() -> None:
    two_gib = 2 << 30
    resource.setrlimit(resource.RLIMIT_AS, (two_gib, two_gib))


def _run_import(db, path, timeout=60):
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "netjournal", "--db", str(db), "import", str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limited,
    )
    return done, time.monotonic() - started


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "is a named pipe, not a file"),
        (lambda p: os.symlink("/dev/zero", p), "is a device, not a file"),
        (lambda p: p.mkdir(), "is a folder, not a file"),
        (lambda p: _sparse(p, (1 << 30) + 1), "is over 1 GiB"),
    ],
    ids=["fifo", "dev-zero", "folder", "over-1-GiB"],
)
def test_anything_but_a_file_is_refused_before_reading(tmp_path, make, message):
    path = tmp_path / "in.json"
    make(path)
    db = tmp_path / "journal.db"
    done, took = _run_import(db, path)
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1
    assert message in done.stderr and done.stderr.rstrip().endswith("Nothing was imported.")
    assert took < 30
    assert not db.exists()  # refused before the journal was even opened


def test_file_names_in_messages_show_control_characters(tmp_path):
    db = tmp_path / "journal.db"
    missing = tmp_path / "in\x1b]0;title\x07.json"
    done, _ = _run_import(db, missing)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "in\\x1b]0;title\\x07.json" in done.stderr
    folder = tmp_path / "dir\x1b[31m"
    folder.mkdir()
    done, _ = _run_import(db, folder)
    assert done.returncode == 2 and "dir\\x1b[31m is a folder" in done.stderr and "\x1b" not in done.stderr
    bad = tmp_path / "bad\x1b[2J.json"
    bad.write_text('{"format": "netjournal", "version": 1, "people": [5], "events": []}', encoding="utf-8")
    done, _ = _run_import(db, bad)
    assert done.returncode == 2 and "bad\\x1b[2J.json can't be imported: people[0]" in done.stderr
    assert "\x1b" not in done.stderr
