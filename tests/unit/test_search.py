"""Searching everything a person wrote: by the start of each word, any case, any accent, typed text taken literally,
never what is in the Trash, best match first."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.store import queries, trash
from netjournal.store.engine import open_store
from netjournal.store.search import match_expression, search


@pytest.fixture
def store(journal_path):
    store = open_store(journal_path)
    yield store
    store.close()


def found(store, query: str, **kw) -> list[tuple[str, str]]:
    with store.session() as session:
        return [(r.kind, r.title) for r in search(session=session, query=query, **kw)]


@pytest.fixture
def journal(store):
    """An event with a goal, a reflection and a conversation, and two people."""
    with store.session() as s:
        ev = queries.create_event(
            session=s,
            name="Rust meetup",
            date=date(2024, 5, 2),
            location="Café Lindén, Lisbon",
            notes="Lightning talks",
            goal_text="Ask someone about embedded work",
        )
        queries.save_goal(session=s, event_id=ev.id, learned="Probes are cheap now")
        queries.save_reflection(session=s, event_id=ev.id, proud="I asked the first question")
        ines = queries.create_person(
            session=s, name="Inès Moreau", great_at="embedded systems", contact="ines@example.org"
        )
        queries.create_person(session=s, name="Ben Okafor", notes="knows everyone at PyData")
        queries.add_meeting(
            session=s,
            event_id=ev.id,
            person_id=ines.id,
            slot=1,
            talked_about="Soldering tiny boards",
            not_work="walked the old town together",
        )
    return {"event": ev.id, "ines": ines.id}


def test_every_kind_of_text_is_found_and_says_what_it_is(store, journal):
    assert found(store, "lightning") == [("event", "Rust meetup")]
    assert found(store, "lisbon") == [("event", "Rust meetup")]  # the place
    assert found(store, "probes") == [("goal", "Rust meetup")]  # what was learned
    assert found(store, "question") == [("reflection", "Rust meetup")]
    assert found(store, "soldering") == [("meeting", "Inès Moreau at Rust meetup")]
    assert found(store, "old town") == [("meeting", "Inès Moreau at Rust meetup")]  # not about work
    assert found(store, "pydata") == [("person", "Ben Okafor")]  # notes
    assert found(store, "example.org") == [("person", "Inès Moreau")]  # contact


def test_words_match_by_their_start_in_any_case_and_accent(store, journal):
    assert ("person", "Inès Moreau") in found(store, "embed")
    assert found(store, "ines") == [("person", "Inès Moreau")]
    assert found(store, "INÈS mor") == [("person", "Inès Moreau")]
    assert found(store, "cafe linden") == [("event", "Rust meetup")]
    assert found(store, "bedded") == []  # the start of a word, not any part of it


def test_every_word_must_match(store, journal):
    assert found(store, "embedded inès") == [("person", "Inès Moreau")]
    assert found(store, "embedded nobody") == []


def test_results_carry_ids_dates_and_the_matching_words(store, journal):
    with store.session() as s:
        (meeting,) = search(session=s, query="soldering")
        (person,) = search(session=s, query="ines")
    assert meeting.event_id == journal["event"] and meeting.person_id == journal["ines"]
    assert meeting.date == date(2024, 5, 2)
    assert meeting.snippet == "Soldering tiny boards walked the old town together"
    assert [meeting.snippet[a:b] for a, b in meeting.matched] == ["Soldering"]
    assert (person.id, person.person_id, person.event_id, person.date) == (journal["ines"], journal["ines"], None, None)


@pytest.mark.parametrize(
    "typed",
    ['"', '"embedded', "embed*", "NEAR(embedded)", "-embedded", "embedded OR", "(", "^embedded", "embedded:", "*", "'"],
)
def test_what_is_typed_is_only_ever_words_to_find(store, journal, typed):
    """FTS5's own syntax in what a person types is never read as syntax: no error, just words."""
    result = found(store, typed)
    words = [w for w in typed.replace('"', " ").split() if any(c.isalnum() for c in w)]
    if not words:
        assert result == []
    elif "embedded" in typed and not {"OR", "NEAR"} & set(typed.replace("(", " ").split()):
        assert ("person", "Inès Moreau") in result


def test_a_query_is_always_quoted_prefix_terms():
    assert match_expression('say "hi" #Rust') == '{title body} : "say"* AND {title body} : """hi"""* AND tags : "Rust"*'
    assert match_expression(" - * ( ") is None
    assert match_expression("") is None


def test_trashed_things_and_what_belongs_to_them_are_not_found(store, journal):
    with store.session() as s:
        trash.delete_person(session=s, person_id=journal["ines"])
    assert found(store, "ines") == []
    assert found(store, "soldering") == []  # their meeting went to the Trash with them
    with store.session() as s:
        trash.restore_person(session=s, person_id=journal["ines"])
    assert found(store, "ines") == [("person", "Inès Moreau")]
    with store.session() as s:
        trash.delete_event(session=s, event_id=journal["event"])
    for word in ("lightning", "probes", "question", "soldering"):
        assert found(store, word) == []
    assert found(store, "ines") == [("person", "Inès Moreau")]


def test_an_edit_is_found_at_once_and_the_old_words_are_not(store, journal):
    with store.session() as s:
        queries.update_person(session=s, person_id=journal["ines"], great_at="type systems")
    assert found(store, "embedded") == [("goal", "Rust meetup")]  # the goal still says it
    assert found(store, "types") == [] and found(store, "type sys") == [("person", "Inès Moreau")]


def test_the_best_match_comes_first_and_the_limit_holds(store, journal):
    with store.session() as s:
        for n in range(5):
            queries.create_person(
                session=s, name=f"Person {n}", notes="mentions rust once, in passing, among much else"
            )
    assert found(store, "rust")[0] == ("event", "Rust meetup")  # in the name, short: the best
    assert len(found(store, "rust", limit=3)) == 3
    assert len(found(store, "rust", limit=None)) == 6


def test_tags_are_searched_with_a_hash(store, journal):
    """Tags have a column of their own in the index, kept true as tags go on and come off; `#word` looks only there."""
    with store.session() as s:
        ben = queries.find_person_by_name(session=s, name="Ben Okafor")
        queries.update_person(session=s, person_id=ben.id, tags=("investor", "Python"))
        queries.update_event(session=s, event_id=journal["event"], tags=("rust",))
    assert found(store, "#invest") == [("person", "Ben Okafor")]
    assert found(store, "#python") == [("person", "Ben Okafor")]
    assert found(store, "#rust") == [("event", "Rust meetup")]
    assert found(store, "investor") == []  # a plain word looks in the text, not the tags
    assert found(store, "#embedded") == []
    with store.session() as s:
        queries.update_person(session=s, person_id=ben.id, tags=("python",))  # investor comes off
    assert found(store, "#invest") == []
    assert found(store, "#python") == [("person", "Ben Okafor")]
    with store.session() as s:
        trash.delete_person(session=s, person_id=ben.id)
    assert found(store, "#python") == []


def test_an_import_builds_the_index_once_and_leaves_it_true(store, journal, tmp_path, capsys):
    """Import holds the index's triggers and builds it again at the end: what it brought is found, nothing stale."""
    from netjournal.cli import main
    from netjournal.transfer.check import check_journal

    exported, other = tmp_path / "out.json", tmp_path / "other.db"
    assert main(["--db", str(store.path), "export", "-o", str(exported), "--quiet"]) == 0
    assert main(["--db", str(other), "import", str(exported), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--db", str(other), "search", "ines"]) == 0
    assert capsys.readouterr().out.startswith("person                  Inès Moreau")
    result = check_journal(other)
    assert result.healthy and "Search index: matches the journal" in result.lines
    with store.session() as s:  # the first journal, changed after: a second import updates the index too
        queries.update_person(session=s, person_id=journal["ines"], great_at="zither tuning")
    assert main(["--db", str(store.path), "export", "-o", str(exported), "--quiet"]) == 0
    assert main(["--db", str(other), "import", str(exported), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--db", str(other), "search", "zither"]) == 0
    assert "Inès Moreau" in capsys.readouterr().out
    assert check_journal(other).healthy
