"""`netjournal search TEXT [--json]`: one line per match, best first; JSON with nulls where a field doesn't apply."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from netjournal.cli import main
from netjournal.store import queries
from netjournal.store.engine import open_store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    return str(path)


def test_the_demo_journal_finds_the_embedded_person_and_ines(demo, capsys):
    code, out, err = run(capsys, "--db", demo, "search", "embed")
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[0]
        == "person                  Tomás Ferreira  embedded Rust, soldering tiny boards @tomasf on Mastodon"
    )

    code, out, _ = run(capsys, "--db", demo, "search", "ines")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "person                  Inès Moreau  energy grid data, organising volunteers ines@example.net"
    assert any(line.startswith("goal        2026-11-01  Autumn data guild dinner  ") for line in lines[1:])


def test_json_gives_every_field_with_nulls_where_they_dont_apply(demo, capsys):
    code, out, _ = run(capsys, "--db", demo, "search", "bakery", "--json")
    assert code == 0
    found = json.loads(out)
    assert found and all(set(r) == {"kind", "id", "event_id", "person_id", "title", "date", "snippet"} for r in found)
    meeting = found[0]
    assert meeting["kind"] == "meeting" and meeting["event_id"] and meeting["person_id"]
    assert date.fromisoformat(meeting["date"]) and "bakery" in meeting["snippet"]

    (person,) = json.loads(run(capsys, "--db", demo, "search", "tomás", "--json")[1])
    assert person == {
        "kind": "person",
        "id": person["id"],
        "event_id": None,
        "person_id": person["id"],
        "title": "Tomás Ferreira",
        "date": None,
        "snippet": "embedded Rust, soldering tiny boards @tomasf on Mastodon",  # "@tomasf" matches too
    }


def test_no_match_is_one_kind_line(demo, capsys):
    assert run(capsys, "--db", demo, "search", "zeppelin") == (0, 'Nothing in the journal matches "zeppelin".\n', "")
    assert run(capsys, "--db", demo, "search", '" * -') == (0, 'Nothing in the journal matches "" * -".\n', "")
    assert run(capsys, "--db", demo, "search", "zeppelin", "--json") == (0, "[]\n", "")


def test_hostile_text_is_printed_as_text(journal_path, capsys):
    """Markup is only text; control characters a hand edit put in the journal are written out, never sent."""
    store = open_store(journal_path)
    try:
        with store.session() as s:
            person = queries.create_person(
                session=s, name="Ben [bold]Ross[/]", notes="[link=https://x]y[/link] hostile"
            )
    finally:
        store.close()
    conn = sqlite3.connect(journal_path)
    try:
        conn.execute("UPDATE person SET notes = ? WHERE id = ?", ("hostile \x1b]0;pwned\x07 \x1b[2J end", person.id))
        conn.commit()
    finally:
        conn.close()

    code, out, _ = run(capsys, "--db", str(journal_path), "search", "hostile")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert out == "person                  Ben [bold]Ross[/]  hostile \\x1b]0;pwned\\x07 \\x1b[2J end\n"
    (found,) = json.loads(run(capsys, "--db", str(journal_path), "search", "hostile", "--json")[1])
    assert found["snippet"] == "hostile \x1b]0;pwned\x07 \x1b[2J end"  # JSON escapes it: "\u001b"
