"""What the Meet page writes, in the writer: the slots' people, linked on purpose, and their notes.

The page decides who each slot is for (`Who`); this turns that into the store's explicit
operations (link, create, remove one made here and let go empty), then writes what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netjournal.domain.vocab import FOLLOW_UPS, SLOTS, STATUSES, STILL_THINKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.models import Meeting, Person

# The Meet page's fields: (key, label, placeholder) and choices.
TEXT_FIELDS = (
    ("name", "Name", "who you talked with"),
    ("great_at", "Great at", "what they're good at (skills, not fame)"),
    ("talked_about", "Talked about", "what you talked about"),
    ("not_work", "Not about work", "a moment that wasn't about work"),
)
LONG = {"talked_about", "not_work"}  # written over several lines
CHOICES = (
    ("status", "Hoping / met", STATUSES),
    ("still_thinking", "Still thinking", STILL_THINKING),
    ("follow_up", "Follow-up", FOLLOW_UPS),
)
WAITING_LINE = "Give this person a name to keep these notes."
NAMING_LINE = "Pick a match (↓ then enter, or → for the suggestion), or leave the field to keep this name."

Slots = dict[int, dict[str, Any]]  # slot -> what its fields hold, and "who" is in it
Who = tuple[str, str] | None
"""Who a slot is for: ("id", person id), ("name", a name: whoever has it, else someone new), or no one yet."""

NOTES = ("great_at", "talked_about", "not_work")  # the text a slot holds besides its person's name
EMPTY_SLOT: dict[str, Any] = {
    "who": None,
    "great_at": "",
    "talked_about": "",
    "not_work": "",
    "status": "met",
    "still_thinking": "a_little",
    "follow_up": "undecided",
    "follow_up_due": None,
}


@dataclass(frozen=True)
class Linked:
    """Someone a save put in a slot: `who` as the page asked for them, and who that turned out to be."""

    who: Who
    person_id: str
    name: str
    great_at: str
    trashed: str | None = None  # the name of someone the slot let go, now in the Trash (they held nothing else)


def slot_row(meeting: Meeting, person: Person) -> dict[str, Any]:
    """A slot as the page's values shape it."""
    return {
        "who": ("id", person.id),
        "great_at": person.great_at,
        "talked_about": meeting.talked_about,
        "not_work": meeting.not_work,
        "status": meeting.status,
        "still_thinking": meeting.still_thinking,
        "follow_up": meeting.follow_up,
        "follow_up_due": meeting.follow_up_due,
    }


def write_slots(
    session: Session, *, event_id: str, values: Slots, saved: Slots, made: set[str], visit: str | None = None
) -> dict[int, Linked]:
    """Write the slots that changed; `made` holds the people this page made (and gains any made now).

    `visit` keeps, in History, what each field replaces once per visit of the page."""
    from netjournal.store import queries, slots

    linked = {}
    for slot in SLOTS:
        row, before = values[slot], saved[slot]
        who = row["who"]
        if row == before or who is None:
            continue
        # Only what changed on this page is written: another window may have changed the rest.
        fields = {key: value for key, value in row.items() if key not in ("who", "great_at") and value != before[key]}
        great_at = row["great_at"] if row["great_at"] != before["great_at"] else None
        trashed = None
        if who != before["who"]:
            person = _person(session, who, made)
            _, previous = slots.link_person(session=session, event_id=event_id, slot=slot, person_id=person.id)
            # Someone this page made (a name typed wrong), let go holding nothing: gone.
            if previous in made and slots.remove_person_if_empty(session=session, person_id=previous):
                made.discard(previous)
            elif previous is not None:
                # Made here in an earlier visit, or holding nothing but this slot: to the Trash, not left in People.
                trashed = slots.trash_person_if_unused(session=session, person_id=previous)
        # What the page read, to tell a field changed elsewhere; "great at" read of someone else is no guide.
        seen = {k: v for k, v in before.items() if k != "who" and (k != "great_at" or who == before["who"])}
        result = queries.save_meet_slot(
            session=session, event_id=event_id, slot=slot, great_at=great_at, visit=visit, expected=seen, **fields
        )
        if result is not None and who != before["who"]:
            linked[slot] = Linked(who, result[1].id, result[1].name, result[1].great_at, trashed)
    return linked


def _person(session: Session, who: tuple[str, str], made: set[str]) -> Person:
    """The person `who` means: the one picked, or whoever has the name given, or someone new."""
    from netjournal.store import queries
    from netjournal.store.models import Person
    from netjournal.store.rows import require

    kind, value = who
    if kind == "id":
        return require(session, Person, value)
    person = queries.find_person_by_name(session=session, name=value)
    if person is None:
        person = queries.create_person(session=session, name=value)
        made.add(person.id)
    return person
