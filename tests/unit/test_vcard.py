"""The vCard export: every person's card read back by a vCard library, escaped and folded as RFC 6350 says."""

from __future__ import annotations

import os

import pytest
import vobject

from netjournal.cli import main
from netjournal.domain.followups import is_in_circle
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.transfer.demo import DEMO_TODAY, write_demo
from netjournal.transfer.vcard import LINE_OCTETS, CardPerson, card, fold, reachable


def cards(data: bytes) -> dict[str, vobject.base.Component]:
    """The cards in an export, by the person's id (from UID)."""
    found = {}
    for component in vobject.readComponents(data.decode("utf-8")):
        assert component.version.value == "4.0"
        found[component.uid.value.removeprefix("urn:uuid:")] = component
    return found


def values(component, name: str) -> list[str]:
    return [line.value for line in component.contents.get(name, [])]


def assert_well_formed(data: bytes) -> None:
    """CRLF after every line, none longer than 75 octets, and no character split across lines."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= LINE_OCTETS
        line.decode("utf-8")  # a folded line still holds whole characters


def export(journal_path, capsys, *extra: str) -> bytes:
    assert main(["--db", str(journal_path), "export", "--format", "vcard", "--quiet", *extra]) == 0
    return capsys.readouterr().out.encode("utf-8")


@pytest.fixture
def demo(journal_path):
    store = open_store(journal_path)
    with store.session() as s:
        write_demo(session=s, today=DEMO_TODAY)
    store.close()


def live_people(journal_path):
    from sqlmodel import select

    from netjournal.store.models import Person

    store = open_store(journal_path)
    try:
        with store.session() as s:
            return {p.id: p for p in s.exec(select(Person).where(Person.deleted_at.is_(None)))}
    finally:
        store.close()


def people_tags(journal_path, people):
    from netjournal.store.tags import tags_of_person

    store = open_store(journal_path)
    try:
        with store.session() as s:
            return {pid: tags_of_person(session=s, person_id=pid) for pid in people}
    finally:
        store.close()


def test_the_demo_journal_reads_back_with_every_person_and_field(demo, journal_path, capsys):
    data = export(journal_path, capsys)
    assert_well_formed(data)
    people = live_people(journal_path)
    read = cards(data)
    assert set(read) == set(people) and len(people) == 12
    tagged = people_tags(journal_path, people)
    for person_id, person in people.items():
        component = read[person_id]
        assert component.fn.value == person.name
        note = component.note.value
        assert f"Great at: {person.great_at}" in note
        if person.contact:
            assert f"How to reach them: {person.contact}" in note
        if person.notes:
            assert note.endswith(person.notes)
        emails, phones, urls = reachable(person.contact)
        assert values(component, "email") == emails
        assert values(component, "tel") == phones
        assert values(component, "url") == urls
        assert "@example." not in person.contact or emails  # every address in the demo is recognised
        categories = [c for line in component.contents.get("categories", []) for c in line.value]
        assert categories == list(tagged[person_id])
    assert sum(1 for t in tagged.values() if t) >= 5  # the demo's tagged people carry their tags
    assert values(read[next(p for p, x in people.items() if x.name == "Mara Lindqvist")], "email") == [
        "mara@example.org"
    ]


def test_circle_only_writes_the_people_in_your_circle(demo, journal_path, capsys):
    people = live_people(journal_path)
    circle = {pid for pid, p in people.items() if is_in_circle(p.events_met, p.followed_up)}
    assert 0 < len(circle) < len(people)
    assert set(cards(export(journal_path, capsys, "--circle"))) == circle


def test_someone_in_the_trash_has_no_card(demo, journal_path, capsys):
    people = live_people(journal_path)
    gone = next(iter(people))
    store = open_store(journal_path)
    with store.session() as s:
        queries.delete_person(session=s, person_id=gone)
    store.close()
    assert set(cards(export(journal_path, capsys))) == set(people) - {gone}


HOSTILE_NAME = "Zoë “Z” O'Brien; Jr., née Ångström 👩🏽‍💻 " * 4 + "\\ back\\slash"


def test_hostile_text_round_trips(journal_path, capsys):
    store = open_store(journal_path)
    with store.session() as s:
        person = queries.create_person(
            session=s,
            name=HOSTILE_NAME,
            great_at="commas, semicolons; and \\backslashes\\n",
            contact="zoe@example.org; +44 (0) 20 7946 0958, https://zoe.example/talks?id=1 or www.zoe.example",
            notes="Line one\nLine two, with; all of it\r\nwindows line\n\nBEGIN:VCARD\nEND:VCARD\n" + "é" * 200,
        )
        person_id = person.id
        stored = queries.get_person(session=s, person_id=person_id)
        name, great_at, contact, notes = stored.name, stored.great_at, stored.contact, stored.notes
    store.close()
    data = export(journal_path, capsys)
    assert_well_formed(data)
    (component,) = cards(data).values()
    assert component.uid.value == f"urn:uuid:{person_id}"
    assert component.fn.value == name == HOSTILE_NAME.strip()
    expected_notes = notes.replace("\r\n", "\n").strip()
    assert component.note.value == f"Great at: {great_at}\nHow to reach them: {contact}\n{expected_notes}"
    assert values(component, "email") == ["zoe@example.org"]
    assert values(component, "tel") == ["+44 (0) 20 7946 0958"]
    assert values(component, "url") == ["https://zoe.example/talks?id=1", "https://www.zoe.example"]


def test_tags_become_categories_escaped():
    data = card(CardPerson(id="0d3c1a55-8f0e-4b8e-9a37-5c1f0b6a7e01", name="Ana"), ["rust", "a, b; c", "café"])
    (component,) = cards(data).values()
    assert component.categories.value == ["rust", "a, b; c", "café"]
    assert b"CATEGORIES:rust,a\\, b\\; c,caf\xc3\xa9\r\n" in data


def test_folding_never_splits_a_character():
    for text in ("é" * 100, "a" + "👩🏽‍💻" * 30, "x" * 74, "x" * 75, "x" * 76, "ab" + "€" * 80):
        folded = fold(f"FN:{text}")
        assert_well_formed(folded)
        assert folded.replace(b"\r\n ", b"").decode("utf-8") == f"FN:{text}\r\n"


def test_circle_goes_with_vcard_only(journal_path, capsys):
    open_store(journal_path).close()
    assert main(["--db", str(journal_path), "export", "--circle"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "--format vcard" in err


def test_vcards_into_a_file_refuse_a_link_and_replace_a_file_whole(demo, journal_path, tmp_path, capsys):
    other = tmp_path / "contacts.vcf"
    other.write_text("someone's own cards\n")
    link = tmp_path / "link.vcf"
    link.symlink_to(other)
    assert main(["--db", str(journal_path), "export", "--format", "vcard", "-o", str(link)]) == 2
    assert other.read_text() == "someone's own cards\n" and os.path.islink(link)
    capsys.readouterr()
    assert main(["--db", str(journal_path), "export", "--format", "vcard", "--quiet", "-o", str(other)]) == 0
    assert "Wrote your people to" in capsys.readouterr().err
    assert len(cards(other.read_bytes())) == 12
