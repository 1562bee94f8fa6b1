"""5. Hostile text: markup, escape sequences, huge notes, emoji and right-to-left text survive
export and import, and no terminal control character ever gets into the journal or an export.
(What the screens show is tested with the UI.)"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.domain.text import clean_text, fold_line
from netjournal.store.engine import open_store
from netjournal.transfer.export import dumps_csv, dumps_markdown
from netjournal.transfer.importer import ImportRefused, import_document
from tests.reliability.helpers import HOSTILE, document

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TEXT_FIELDS = {
    "person": ("name", "great_at", "contact", "notes"),
    "event": ("name", "location", "notes"),
    "goal": ("text", "learned"),
    "meeting": ("talked_about", "not_work"),
    "reflection": ("hard", "others_too", "friend_words", "gained", "proud"),
}
# Fields that hold one line: line breaks and tabs in them are kept as single spaces.
ONE_LINE = {("person", "name"), ("person", "great_at"), ("person", "contact"), ("event", "name"), ("event", "location")}
ONE_LINE |= {("goal", "text")}
T = "2019-04-08T19:00:00.000000Z"
PERSON_ID = "00000000-0000-4000-8000-000000000001"
EVENT_ID = "00000000-0000-4000-8000-000000000002"


def export_with(texts: dict[tuple[str, str], str]) -> dict:
    """A one-event export whose text fields hold `texts` (keyed by (record, field))."""

    def text(record, field, default="x"):
        return texts.get((record, field), default)

    person = {
        "id": PERSON_ID,
        "created_at": T,
        "updated_at": T,
        **{f: text("person", f) for f in TEXT_FIELDS["person"]},
    }
    event = {
        "id": EVENT_ID,
        "date": "2019-04-08",
        "kind": "meetup",
        "created_at": T,
        "updated_at": T,
        **{f: text("event", f) for f in TEXT_FIELDS["event"]},
        "goal": {
            "id": "00000000-0000-4000-8000-000000000003",
            "outcome": "met",
            "created_at": T,
            "updated_at": T,
            **{f: text("goal", f) for f in TEXT_FIELDS["goal"]},
        },
        "meetings": [
            {
                "id": "00000000-0000-4000-8000-000000000004",
                "person_id": PERSON_ID,
                "slot": 1,
                "status": "met",
                "still_thinking": "cant_stop",
                "follow_up": "planned",
                "follow_up_due": "2019-04-10",
                "followed_up_on": None,
                "created_at": T,
                "updated_at": T,
                **{f: text("meeting", f) for f in TEXT_FIELDS["meeting"]},
            }
        ],
        "reflection": {
            "id": "00000000-0000-4000-8000-000000000005",
            "showed_up": True,
            "energy_before": 1,
            "energy_after": 5,
            "created_at": T,
            "updated_at": T,
            **{f: text("reflection", f) for f in TEXT_FIELDS["reflection"]},
        },
    }
    return {"format": "netjournal", "version": 1, "exported_at": T, "people": [person], "events": [event]}


def texts_of(doc: dict) -> dict[tuple[str, str], str]:
    person, event = doc["people"][0], doc["events"][0]
    records = {
        "person": person,
        "event": event,
        "goal": event["goal"],
        "meeting": event["meetings"][0],
        "reflection": event["reflection"],
    }
    return {(r, f): records[r][f] for r, fields in TEXT_FIELDS.items() for f in fields}


def round_trip(texts: dict[tuple[str, str], str], folder: Path) -> dict:
    """Import `texts` into a new journal, export, import that into another, export again."""
    doc = export_with(texts)
    first, second = folder / "first.db", folder / "second.db"
    exported = doc
    for path, source in ((first, doc), (second, None)):
        store = open_store(path)
        try:
            import_document(store=store, doc=source if source is not None else exported)
        finally:
            store.close()
        exported = document(path)
        exported["exported_at"] = T
    assert document(second) == document(first)
    return exported


def as_stored(texts: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """What the journal keeps of `texts`: no control characters, one-line fields on one line."""
    return {k: clean_text(fold_line(v) if k in ONE_LINE else v) for k, v in texts.items()}


def assert_clean_everywhere(exported: dict) -> None:
    for text in (json.dumps(exported, ensure_ascii=False), dumps_markdown(exported)):
        assert not CONTROL.search(text)
    for row in csv.reader(io.StringIO(dumps_csv(exported), newline="")):
        for cell in row:
            assert not CONTROL.search(cell.replace("\t", "").replace("\n", ""))
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


# The sanitiser --------------------------------------------------------------------


@given(st.text())
def test_clean_text_leaves_no_control_character_and_is_idempotent(text):
    cleaned = clean_text(text)
    assert not CONTROL.search(cleaned)
    assert clean_text(cleaned) == cleaned
    assert all(unicodedata.category(c) != "Cc" or c in "\t\n" for c in cleaned)


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_clean_text_drops_only_control_characters(text):
    expected = "".join(c for c in text.replace("\r\n", "\n") if not CONTROL.match(c))
    assert clean_text(text) == expected


def test_markup_and_right_to_left_text_are_kept_exactly():
    for text in ("[bold]x", "[/]", "[link=https://x]y[/link]", "🙂 👩🏽‍💻", "שלום \u202e مرحبا", "tab\there\nnext"):
        assert clean_text(text) == text


# Through import and export ---------------------------------------------------------


def test_the_hostile_list_in_every_field_survives_the_round_trip(tmp_path):
    huge = "A long note. 🙂 [b]\x1b[2J" * 5_000  # over 100,000 characters
    assert len(huge) > 100_000
    fields = [key for key in texts_of(export_with({}))]
    for i, value in enumerate((*HOSTILE, huge)):
        texts = {key: value for key in fields}
        texts[("person", "name")] = texts[("event", "name")] = "n" + value
        folder = tmp_path / str(i)
        folder.mkdir()
        exported = round_trip(texts, folder)
        assert texts_of(exported) == as_stored(texts)
        assert_clean_everywhere(exported)


HOSTILE_PIECES = st.sampled_from([*HOSTILE, "\x1b", "\x07", "\x9b", "\x00", "\r", "\u2028", "[", "]", "\\"])
HOSTILE_TEXT = st.lists(st.one_of(HOSTILE_PIECES, st.text(max_size=8)), max_size=6).map("".join)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({key: HOSTILE_TEXT for key in texts_of(export_with({}))}))
def test_any_hostile_text_round_trips_cleaned(texts):
    texts[("person", "name")] = "n" + texts[("person", "name")]
    texts[("event", "name")] = "e" + texts[("event", "name")]
    with tempfile.TemporaryDirectory() as folder:
        exported = round_trip(texts, Path(folder))
    assert texts_of(exported) == as_stored(texts)
    assert_clean_everywhere(exported)


# Fuzzing the import: any change to a good file is imported or refused, never anything else.

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10)
    | st.floats(allow_nan=False)
    | HOSTILE_TEXT
    | st.sampled_from([T, "2019-04-08", PERSON_ID, EVENT_ID, "met", "cant_stop", 3]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_mangled_file_is_imported_or_refused_and_a_refusal_writes_nothing(data):
    doc = copy.deepcopy(export_with({}))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from([p for p in _paths(doc) if p]))
        target = doc
        for step in path[:-1]:
            target = target[step]
        if data.draw(st.booleans()) and isinstance(target, dict):
            del target[path[-1]]
        else:
            target[path[-1]] = data.draw(JSON_VALUES)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.db"
        store = open_store(path)
        try:
            import_document(store=store, doc=copy.deepcopy(export_with({"person": {}})))  # something already there
        finally:
            store.close()
        before = document(path)
        store = open_store(path)
        try:
            import_document(store=store, doc=doc)
            refused = None
        except ImportRefused as err:
            refused = str(err)
        finally:
            store.close()
        if refused is None:
            assert_clean_everywhere({**document(path), "exported_at": T})
        else:
            assert "\n" not in refused and refused.endswith("Nothing was imported.")
            assert document(path) == before
