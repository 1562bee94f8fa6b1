"""9. CSV: formula-looking cells, commas, quotes and newlines survive a csv.reader round trip,
and no cell starts a formula."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.cli import main
from netjournal.domain.text import clean_text
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.transfer.export import CSV_COLUMNS, dumps_csv, neutralise_cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TRICKY = st.lists(
    st.sampled_from(
        [
            "=",
            "+",
            "-",
            "@",
            "\t",
            "\r",
            "\r\n",
            "\n",
            ",",
            '"',
            "'",
            ";",
            "1+1",
            "SUM(A1:A9)",
            "cmd|' /C calc'!A0",
            'HYPERLINK("https://x")',
            " ",
            "é",
            "🙂",
        ]
    )
    | st.text(max_size=5),
    max_size=8,
).map("".join)


def _rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    return [dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]]


@settings(max_examples=15, deadline=None)
@given(name=TRICKY, talked=TRICKY, location=TRICKY)
def test_tricky_cells_survive_and_never_start_a_formula(name, talked, location):
    name = "=" + name  # always at least one formula-looking cell
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.db"
        store = open_store(path)
        try:
            with store.session() as s:
                ev = queries.create_event(session=s, name="Meetup", date=date(2019, 4, 8), location=location)
                person = queries.create_person(session=s, name=name)
                queries.add_meeting(session=s, event_id=ev.id, person_id=person.id, slot=2, talked_about=talked)
            with store.session() as s:
                stored = (
                    queries.get_person(session=s, person_id=person.id).name,
                    queries.get_event(session=s, event_id=ev.id).location,
                )
        finally:
            store.close()
        out = Path(folder) / "journal.csv"
        assert main(["--db", str(path), "export", "--format", "csv", "-o", str(out)]) == 0
        text = out.read_bytes().decode("utf-8")
    (row,) = _rows(text)
    for cell in row.values():
        assert not cell.startswith(FORMULA_START)
    assert row["person_name"] == neutralise_cell(stored[0])
    assert row["talked_about"] == neutralise_cell(clean_text(talked))
    assert row["event_location"] == neutralise_cell(stored[1])
    assert row["slot"] == "2"


@given(st.lists(TRICKY, min_size=1, max_size=5))
def test_the_writer_alone_round_trips_any_cells(cells):
    doc = {
        "exported_at": "",
        "people": [{"id": "p", "name": cells[0], "great_at": "", "contact": ""}],
        "events": [
            {
                "id": "e",
                "date": "2019-04-08",
                "name": "\n".join(cells),
                "kind": "other",
                "location": cells[-1],
                "goal": None,
                "meetings": [
                    {
                        "id": "m",
                        "person_id": "p",
                        "slot": 1,
                        "status": "met",
                        "talked_about": ",".join(cells),
                        "not_work": '"'.join(cells),
                        "still_thinking": "a_little",
                        "follow_up": "undecided",
                        "follow_up_due": None,
                        "followed_up_on": None,
                    }
                ],
                "reflection": None,
            }
        ],
    }
    (row,) = _rows(dumps_csv(doc))
    assert row["person_name"] == neutralise_cell(cells[0])
    assert row["event_name"] == neutralise_cell("\n".join(cells))
    assert row["talked_about"] == neutralise_cell(",".join(cells))
    assert row["not_work"] == neutralise_cell('"'.join(cells))
    assert not any(cell.startswith(FORMULA_START) for cell in row.values())
