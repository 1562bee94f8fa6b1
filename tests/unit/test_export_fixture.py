"""The export's bytes are held by fixtures: the demo journal plus hostile text, exported at a fixed moment.

Any change to how the JSON is written (a new writer, models describing the format) must give
exactly these bytes. Regenerate only on purpose: `PYTHONPATH=$PWD python -m tests.unit.test_export_fixture`.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netjournal.store.engine import open_store
from netjournal.transfer.demo import DEMO_TODAY, write_demo
from netjournal.transfer.document import ExportDocument
from netjournal.transfer.export import journal_document, render
from netjournal.transfer.importer import import_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPORTED_AT = datetime(2026, 11, 25, 19, 0, 0, 250000, tzinfo=UTC)
FORMATS = {"json": "export_v2.json", "markdown": "export_v2.md", "csv": "export_v2.csv"}
VERSION_1 = FIXTURES / "export_v1.json"  # the same journal as version 1 wrote it

T1, T2 = "2026-10-01T08:00:00.000000Z", "2026-10-02T21:30:15.123456Z"
PERSON = "0d3c1a55-8f0e-4b8e-9a37-5c1f0b6a7e01"
EVENT = "0d3c1a55-8f0e-4b8e-9a37-5c1f0b6a7e02"

# Line breaks only in text kept over several lines: one-line fields hold one line.
HOSTILE = {
    "format": "netjournal",
    "version": 1,
    "people": [
        {
            "id": PERSON,
            "name": 'Zoë "Z" O\'Brien [bold]née[/] <b>x</b> 🙂 שלום',
            "great_at": '=SUM(A1) & "quotes", commas',
            "contact": "@zoe; +44 (0) 20 \\ back\\slash",
            "notes": "Line one\nLine two\n## Fake heading\n- not a list\n```\n> quoted\r\nwindows line\x1b[2J",
            "created_at": T1,
            "updated_at": T2,
        }
    ],
    "events": [
        {
            "id": EVENT,
            "name": "## Not a heading [link=https://x]y[/link] 👩🏽‍💻",
            "date": "2026-10-01",
            "kind": "meetup",
            "location": "Café “Noir”, 2nd floor \u202emirrored",
            "notes": "# Fake title\n\n1. not a list\n\ttabbed\n+ plus",
            "created_at": T1,
            "updated_at": T2,
            "goal": {
                "id": "0d3c1a55-8f0e-4b8e-9a37-5c1f0b6a7e03",
                "text": "Say hello to one person 👋 <script>",
                "outcome": "met",
                "learned": "First line\n### Third-level\n* star",
                "created_at": T1,
                "updated_at": T2,
            },
            "meetings": [
                {
                    "id": "0d3c1a55-8f0e-4b8e-9a37-5c1f0b6a7e04",
                    "person_id": PERSON,
                    "slot": 2,
                    "status": "met",
                    "talked_about": 'Talked "shop"\n#### Fake 1. person\n- Follow-up: fake',
                    "not_work": "@bikes\n=1+1",
                    "still_thinking": "cant_stop",
                    "follow_up": "planned",
                    "follow_up_due": "2026-10-15",
                    "followed_up_on": None,
                    "created_at": T1,
                    "updated_at": T2,
                }
            ],
            "reflection": {
                "id": "0d3c1a55-8f0e-4b8e-9a37-5c1f0b6a7e05",
                "showed_up": True,
                "energy_before": 1,
                "energy_after": 5,
                "hard": "Everything\n## Reflection\n",
                "others_too": "",
                "friend_words": "> You came.\n> That counts.",
                "gained": "---\nnot a rule",
                "proud": "I asked 2 questions.\n2. not a list",
                "created_at": T1,
                "updated_at": T2,
            },
        }
    ],
}


def build(path: Path) -> None:
    """The demo journal for its fixed day, and the hostile record set imported beside it."""
    store = open_store(path)
    try:
        with store.session() as session:
            write_demo(session=session, today=DEMO_TODAY)
        import_document(store=store, doc=HOSTILE)
    finally:
        store.close()


def exports(path: Path) -> dict[str, bytes]:
    store = open_store(path)
    try:
        with store.session() as session:
            document = journal_document(session=session, now=EXPORTED_AT)
    finally:
        store.close()
    return {fmt: render(document, fmt).encode("utf-8") for fmt in FORMATS}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, bytes]:
    path = tmp_path_factory.mktemp("fixture") / "journal.db"
    build(path)
    return exports(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_is_byte_for_byte_the_fixture(exported, fmt):
    assert exported[fmt] == (FIXTURES / FORMATS[fmt]).read_bytes()


if __name__ == "__main__":  # regenerate the fixtures, on purpose only
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "journal.db"
        build(journal)
        for fmt, data in exports(journal).items():
            (FIXTURES / FORMATS[fmt]).write_bytes(data)
            print(f"wrote {FIXTURES / FORMATS[fmt]} ({len(data)} bytes)", file=sys.stderr)


def test_the_models_describe_the_export_field_for_field():
    """Read into the format's models and written back, the export is the same bytes: they describe it exactly."""
    data = (FIXTURES / FORMATS["json"]).read_bytes()
    model = ExportDocument.model_validate(json.loads(data))
    assert model.model_dump_json(indent=2).encode("utf-8") + b"\n" == data


def _imported_version_1(tmp_path):
    store = open_store(tmp_path / "journal.db")
    try:
        report = import_document(store=store, doc=json.loads(VERSION_1.read_bytes()))
        assert report.added["events"] > 0
        with store.session() as session:
            return journal_document(session=session, now=EXPORTED_AT)
    finally:
        store.close()


def test_a_version_1_file_imports_with_no_keep_in_touch(tmp_path):
    """Version 1 had no keep-in-touch fields: its people import with none, and everything else as before."""
    v1 = json.loads(VERSION_1.read_bytes())
    assert v1["version"] == 1 and all("keep_in_touch" not in p for p in v1["people"])
    document = _imported_version_1(tmp_path)
    assert document["version"] == 2
    assert {p["keep_in_touch"] for p in document["people"]} == {""}
    assert all(p["kept_in_touch_on"] is None and p["keep_in_touch_snoozed_until"] is None for p in document["people"])
    new_fields = ("keep_in_touch", "kept_in_touch_on", "keep_in_touch_snoozed_until", "tags")
    plain = [{k: v for k, v in p.items() if k not in new_fields} for p in document["people"]]
    assert plain == v1["people"]


def test_a_version_1_export_still_imports_with_the_new_fields_at_their_defaults(tmp_path):
    document = _imported_version_1(tmp_path)
    old = json.loads(VERSION_1.read_bytes())
    assert document["version"] == 2 and old["version"] == 1
    assert len(document["events"]) == len(old["events"]) and len(document["people"]) == len(old["people"])
    for event in document["events"]:
        assert event["calendar_uid"] is None
        if event["reflection"] is not None:
            assert event["reflection"]["worry"] == "" and event["reflection"]["worry_happened"] is None


def _as_old(new, old):
    """`new` with only the keys `old` has, at every level: what a version-1 reader would see."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {key: _as_old(new[key], old[key]) for key in old if key in new}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [_as_old(n, o) for n, o in zip(new, old, strict=True)]
    return new


def test_a_version_1_export_imports_with_no_tags_and_nothing_else_changed(tmp_path):
    """The version-1 fixture read by this netjournal: every record comes in, none with tags, and its
    export is the version-1 file plus the new fields at their defaults."""
    old = json.loads(VERSION_1.read_bytes())
    journal = tmp_path / "journal.db"
    store = open_store(journal)
    try:
        import_document(store=store, doc=old)
        with store.session() as session:
            document = json.loads(render(journal_document(session=session, now=EXPORTED_AT), "json"))
    finally:
        store.close()
    assert document["version"] == 2
    for kind in ("people", "events"):
        assert all(record["tags"] == [] for record in document[kind])
    assert {**_as_old(document, old), "version": 1} == old
