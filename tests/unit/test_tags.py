"""Tags: the one rule that reads them, the store keeping them (with History, the Trash and merges),
the lists' filters, and tags in the exports and back through import."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from netjournal.domain.list_filters import EventFilter, PeopleFilter, is_coming_up
from netjournal.domain.tags import MAX_LENGTH, MAX_TAGS, TagError, normalise_tag, parse_tags, shown_tags
from netjournal.store import events, history, merge, people, queries, tags, trash
from netjournal.store.engine import open_store
from netjournal.transfer.export import journal_document, render
from netjournal.transfer.importer import import_document

# Domain ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("rust", ("rust",)),
        ("#Rust, #rust  investor", ("investor", "rust")),
        ("  ##embedded,,\tC++\nnode.js ", ("c++", "embedded", "node.js")),
        ("Café #CAFÉ", ("café",)),
        ("re\x1b[31mst", ("re[31mst",)),
        ("# ## ,", ()),
        ("", ()),
    ],
)
def test_tags_are_words_lower_case_without_hash_or_control_characters(typed, kept):
    assert parse_tags(typed) == kept


def test_a_tag_too_long_or_too_many_tags_is_said_kindly():
    with pytest.raises(TagError, match=f"longer than {MAX_LENGTH} characters"):
        parse_tags("x" * (MAX_LENGTH + 1))
    assert parse_tags("x" * MAX_LENGTH) == ("x" * MAX_LENGTH,)
    with pytest.raises(TagError, match=f"up to {MAX_TAGS}"):
        parse_tags(" ".join(f"t{n}" for n in range(MAX_TAGS + 1)))


def test_one_tag_for_a_filter_and_how_lists_show_tags():
    assert normalise_tag(" #Rust ") == "rust"
    assert normalise_tag("#") == ""
    assert shown_tags(("embedded", "rust")) == "#embedded #rust"


def test_filters_say_what_they_show():
    assert not EventFilter().on and not PeopleFilter().on
    assert EventFilter(tag="rust", kind="meetup", year=2019, when="coming").words() == (
        "#rust · meetups · 2019 · coming up"
    )
    assert PeopleFilter(tag="investor", circle=True).words() == "#investor · your circle"
    assert is_coming_up(date(2019, 4, 10), date(2019, 4, 9)) and not is_coming_up(date(2019, 4, 9), date(2019, 4, 9))


# Store ------------------------------------------------------------------------------------------


@pytest.fixture
def store(journal_path):
    opened = open_store(journal_path)
    yield opened
    opened.close()


def seed(store) -> dict[str, str]:
    with store.session() as s:
        ids = {
            "rustconf": queries.create_event(
                session=s, name="RustConf", date=date(2019, 4, 8), kind="conference", tags=("rust",)
            ).id,
            "meetup": queries.create_event(session=s, name="Rust meetup", date=date(2018, 3, 1), kind="meetup").id,
            "later": queries.create_event(session=s, name="Later", date=date(2019, 5, 1), kind="meetup").id,
            "ana": queries.create_person(session=s, name="Ana", tags=("investor",)).id,
            "ben": queries.create_person(session=s, name="Ben").id,
        }
        queries.update_event(session=s, event_id=ids["meetup"], tags=("rust", "berlin"))
        for event in ("rustconf", "meetup"):
            queries.save_meet_slot(session=s, event_id=ids[event], slot=1, name="Ben", status="met")
        s.commit()
    return ids


def names(rows) -> list[str]:
    return [r.name for r in rows]


def test_tags_are_saved_shown_in_lists_and_kept_in_history(store):
    ids = seed(store)
    with store.session() as s:
        queries.update_person(
            session=s, person_id=ids["ana"], visit="v1", expected={"tags": "investor"}, tags=("embedded", "rust")
        )
        queries.update_person(session=s, person_id=ids["ana"], visit="v1", tags=("embedded", "rust", "vc"))
        s.commit()
    with store.session() as s:
        assert tags.tags_of_person(session=s, person_id=ids["ana"]) == ("embedded", "rust", "vc")
        assert tags.tags_text_of(session=s, table="event", record_id=ids["meetup"]) == "berlin rust"
        kept = history.person_history(session=s, person_id=ids["ana"])
        assert [(e.field, e.value) for e in kept] == [("tags", "investor")]  # once per visit
        rows = {r.name: r.tags for r in events.list_event_rows(session=s)}
        assert rows == {"Later": (), "RustConf": ("rust",), "Rust meetup": ("berlin", "rust")}
        assert {r.name: r.tags for r in people.people_page(session=s)}["Ana"] == ("embedded", "rust", "vc")
        history.restore(session=s, entry_id=kept[0].id)
        s.commit()
    with store.session() as s:
        assert tags.tags_of_person(session=s, person_id=ids["ana"]) == ("investor",)
        assert history.person_history(session=s, person_id=ids["ana"])[0].value == "embedded rust vc"


def test_events_filter_by_tag_kind_year_and_coming_up(store):
    ids = seed(store)
    today = date(2019, 4, 9)
    with store.session() as s:

        def shown(**given):
            return names(events.list_event_rows(session=s, filters=EventFilter(**given), today=today))

        assert shown(tag="rust") == ["RustConf", "Rust meetup"]
        assert shown(tag="berlin") == ["Rust meetup"]
        assert shown(tag="nothing") == []
        assert shown(kind="meetup") == ["Later", "Rust meetup"]
        assert shown(year=2019) == ["Later", "RustConf"]
        assert shown(when="coming") == ["Later"]
        assert shown(when="past") == ["RustConf", "Rust meetup"]
        assert shown(tag="rust", kind="meetup", year=2018, when="past") == ["Rust meetup"]
        assert events.event_years(session=s) == [2019, 2018]
        assert tags.tags_in_use(session=s, table="event") == [("rust", 2), ("berlin", 1)]
        queries.delete_event(session=s, event_id=ids["meetup"])  # to the Trash: its tags leave the lists
        assert shown(tag="rust") == ["RustConf"]
        assert tags.tags_in_use(session=s, table="event") == [("rust", 1)]
        assert ids["meetup"] not in {r.id for r in events.list_event_rows(session=s)}


def test_people_filter_by_tag_and_circle(store):
    ids = seed(store)
    with store.session() as s:
        assert names(people.people_page(session=s, filters=PeopleFilter(tag="investor"))) == ["Ana"]
        assert names(people.people_page(session=s, filters=PeopleFilter(circle=True))) == ["Ben"]  # met at 2 events
        assert people.count_people(session=s, filters=PeopleFilter(tag="investor", circle=True)) == 0
        assert people.count_people(session=s, filter_text="an", filters=PeopleFilter(tag="investor")) == 1
        queries.delete_person(session=s, person_id=ids["ana"])
        assert people.count_people(session=s, filters=PeopleFilter(tag="investor")) == 0
        assert tags.tags_in_use(session=s, table="person") == []


def test_a_merge_joins_tags_and_its_undo_puts_them_back(store):
    ids = seed(store)
    with store.session() as s:
        queries.update_person(session=s, person_id=ids["ben"], tags=("rust",))
        record = merge.merge_people(session=s, keep_id=ids["ben"], merge_id=ids["ana"])
        assert tags.tags_of_person(session=s, person_id=ids["ben"]) == ("investor", "rust")
        merge.undo_merge(session=s, record=record)
        assert tags.tags_of_person(session=s, person_id=ids["ben"]) == ("rust",)
        assert tags.tags_of_person(session=s, person_id=ids["ana"]) == ("investor",)


def test_purging_deletes_the_tags_for_good(store, journal_path):
    ids = seed(store)
    with store.session() as s:
        queries.delete_person(session=s, person_id=ids["ana"])
        s.commit()
    trash.purge(engine=store.engine)
    import sqlite3

    conn = sqlite3.connect(journal_path)
    try:
        assert conn.execute("SELECT count(*) FROM tag WHERE record_id = ?", (ids["ana"],)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM tag").fetchone()[0] == 3  # the events' three
    finally:
        conn.close()


# Export and import --------------------------------------------------------------------------------


SOON = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # newer than the journal's


def exported(store) -> dict:
    with store.session() as s:
        return json.loads(render(journal_document(session=s), "json"))


def test_tags_round_trip_and_an_import_gives_a_newer_record_its_tags(store, tmp_path):
    ids = seed(store)
    document = exported(store)
    assert document["version"] == 2
    assert {p["name"]: p["tags"] for p in document["people"]} == {"Ana": ["investor"], "Ben": []}
    other = open_store(tmp_path / "other.db")
    try:
        import_document(store=other, doc=document)
        assert exported(other)["people"] == document["people"]
        assert exported(other)["events"] == document["events"]
        # The file's copy of Ana is newer, with other tags: the journal takes them; importing again changes nothing.
        ana = next(p for p in document["people"] if p["id"] == ids["ana"])
        ana.update(tags=["#Angel", "rust"], updated_at="2030-01-01T00:00:00.000000Z")
        with pytest.raises(Exception, match="in the future"):
            import_document(store=other, doc=document)
        ana["updated_at"] = SOON
        import_document(store=other, doc=document)
        import_document(store=other, doc=document)
        with other.session() as s:
            assert tags.tags_of_person(session=s, person_id=ids["ana"]) == ("angel", "rust")
    finally:
        other.close()


def test_a_version_1_file_leaves_the_journal_s_tags_as_they_are(store):
    ids = seed(store)
    document = exported(store)
    document["version"] = 1
    for record in (*document["people"], *document["events"]):
        del record["tags"]
        record["updated_at"] = SOON  # newer: every record is written
    import_document(store=store, doc=document)
    with store.session() as s:
        assert tags.tags_of_person(session=s, person_id=ids["ana"]) == ("investor",)
        assert tags.tags_of_event(session=s, event_id=ids["meetup"]) == ("berlin", "rust")


def test_a_tag_a_file_can_t_hold_is_refused_in_our_words(store):
    seed(store)
    document = exported(store)
    document["people"][0]["tags"] = ["x" * 50]
    with pytest.raises(Exception, match=r"people\[0\]\.tags: .*longer than 40 characters"):
        import_document(store=store, doc=document)


def test_markdown_and_csv_show_tags_and_a_tag_never_runs_as_a_formula(store):
    ids = seed(store)
    with store.session() as s:
        queries.update_person(session=s, person_id=ids["ben"], tags=("=cmd|calc", "@home"))
        s.commit()
    with store.session() as s:
        document = journal_document(session=s)
        markdown, table = render(document, "markdown"), render(document, "csv")
    assert "Tags: #berlin #rust" in markdown
    assert "- Tags: #=cmd|calc #@home" in markdown
    rows = list(csv.DictReader(io.StringIO(table)))
    assert {r["event_tags"] for r in rows} == {"berlin rust", "rust"}
    assert {r["person_tags"] for r in rows} == {"'=cmd|calc @home"}
