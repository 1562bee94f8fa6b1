"""Markdown and CSV exports, and the export command's formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from netjournal.cli import main
from netjournal.transfer.export import CSV_COLUMNS, dumps_csv, dumps_markdown, neutralise_cell
from tests.reliability.helpers import document, fill


@pytest.fixture
def filled(journal_path):
    ids = fill(journal_path)
    doc = document(journal_path)
    doc["exported_at"] = "2026-11-25T19:00:00.000000Z"
    return doc, ids


def test_markdown_has_a_section_per_live_event_in_words(filled):
    doc, _ = filled
    text = dumps_markdown(doc)
    assert text.count("\n## ") == 2
    assert "## 2019-04-08 PyCon Lille" in text and "## 2019-05-02 Founders dinner" in text
    assert "Cancelled meetup" not in text
    assert "2019-04-08 · Conference · Lille" in text
    assert "Ask two people how they test data migrations" in text
    assert "Outcome: partly." in text and "Test on real files." in text
    assert "#### 1. Ana (met)" in text and "#### 2. Ben [bold]Ross[/] (met)" in text
    assert "- Still thinking about it: can't stop thinking about it" in text
    assert "- Follow-up: planned, around 2019-04-10" in text
    assert "- Not about work: walked the old town together" in text
    assert "Cleo" not in text  # swapped out of the meet list
    assert "I showed up." in text and "Energy before: 2 of 5. After: 4 of 5." in text
    assert "What I'd tell a friend in my place:\n\nYou came, that counts." in text
    assert "#### 1. Ana (hoping to meet)" in text
    assert "No reflection yet." in text


def test_csv_is_one_row_per_live_meeting(filled):
    doc, ids = filled
    text = dumps_csv(doc)
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [(r["event_id"], r["slot"], r["person_id"]) for r in body] == [
        (ids["pycon"], "1", ids["ana"]),
        (ids["pycon"], "2", ids["ben"]),
        (ids["dinner"], "1", ids["ana"]),
    ]
    assert body[0]["still_thinking"] == "can't stop thinking about it"
    assert body[0]["goal_outcome"] == "partly"
    assert body[1]["talked_about"] == '\'=1+1, "wheels"\nand sdists'
    assert body[2]["status"] == "hoping to meet"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_neutralised(start):
    assert neutralise_cell(start + "cmd") == "'" + start + "cmd"


@pytest.mark.parametrize("plain", ["", "Ana", "'quoted", "1+1", " =x", "2019-04-08"])
def test_other_cells_are_left_alone(plain):
    assert neutralise_cell(plain) == plain


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_export_command_writes_each_format(journal_path, tmp_path, capsys, fmt):
    fill(journal_path)
    out = tmp_path / f"out.{fmt}"
    assert main(["--db", str(journal_path), "export", "--format", fmt, "-o", str(out)]) == 0
    _, err = capsys.readouterr()
    assert err == f"Wrote the journal to {out}.\n"
    text = out.read_bytes().decode("utf-8")
    assert main(["--db", str(journal_path), "export", "--format", fmt]) == 0
    shown = capsys.readouterr().out
    if fmt == "json":
        assert json.loads(text)["format"] == "netjournal"
    elif fmt == "markdown":
        assert text.startswith("# My networking journal\n")
    else:
        assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")

    def timeless(t):
        return [line for line in t.split("\n") if "xported" not in line]

    assert timeless(shown) == timeless(text)


def test_an_unknown_format_is_one_line(journal_path, capsys):
    assert main(["--db", str(journal_path), "export", "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "xml" in err


def test_the_markdown_heading_counts_one_event_and_one_person_in_the_singular():
    from netjournal.transfer.markdown import dumps_markdown

    doc = {
        "exported_at": "2026-11-30T12:00:00Z",
        "people": [{"id": "p", "name": "Ada", "great_at": "", "contact": "", "notes": ""}],
        "events": [],
    }
    assert "0 events, 1 person." in dumps_markdown(doc)
