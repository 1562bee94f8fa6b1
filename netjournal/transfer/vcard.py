"""People as vCards (vCard 4.0, RFC 6350), for an address book: one card per person in the journal.

FN is their name; NOTE holds what they're great at, how to reach them and your notes, so
nothing is lost; EMAIL, TEL and URL are taken from the contact text where they can be
recognised; CATEGORIES are their tags; UID is their id. Text is escaped as RFC 6350 section
3.4 says, and lines are folded at 75 octets (never inside a character), with CRLF line ends.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from sqlmodel import Session

from netjournal.domain.followups import is_in_circle
from netjournal.store.first_page import live_tags
from netjournal.store.models import CleanText, Person, table_of

LINE_OCTETS = 75  # a line's most octets, without its CRLF (RFC 6350 section 3.2)
BATCH = 500
Write = Callable[[bytes | memoryview], object]
Progress = Callable[[int, int], object]  # told how many people of how many are written

_URL = re.compile(r"(?:https?://|www\.)[^\s,;\\<>\"]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_TEL = re.compile(r"\+?\d[\d \-().]{5,}\d")


@dataclass(frozen=True)
class CardPerson:
    """What a card says of someone."""

    id: str
    name: str
    great_at: str = ""
    contact: str = ""
    notes: str = ""


def escape(text: str) -> str:
    """A text value as RFC 6350 writes it: backslash, comma, semicolon and line breaks escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> bytes:
    """One content line, UTF-8, folded at 75 octets (a CRLF and a space before each next part), with its CRLF.

    A character is never split: a part ends before the character that would take it past 75 octets.
    """
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return data + b"\r\n"
    parts: list[bytes] = []
    start, room = 0, LINE_OCTETS
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation byte: end before its character begins
            end -= 1
        parts.append(data[start:end])
        start, room = end, LINE_OCTETS - 1  # the space that starts a folded line counts
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def reachable(contact: str) -> tuple[list[str], list[str], list[str]]:
    """The email addresses, phone numbers and web addresses in free contact text, in order, once each."""
    urls = _unique(_URL.findall(contact))
    rest = _URL.sub(" ", contact)
    emails = _unique(_EMAIL.findall(rest))
    rest = _EMAIL.sub(" ", rest)
    phones = _unique(" ".join(t.split()) for t in _TEL.findall(rest) if sum(c.isdigit() for c in t) >= 6)
    return emails, phones, [u if "://" in u else f"https://{u}" for u in urls]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def card(person: CardPerson, tags: Sequence[str] = ()) -> bytes:
    """One person's vCard, folded, with CRLF line ends."""
    emails, phones, urls = reachable(person.contact)
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:urn:uuid:{person.id}", f"FN:{escape(person.name)}"]
    lines += [f"EMAIL:{escape(email)}" for email in emails]
    lines += [f"TEL:{escape(phone)}" for phone in phones]
    lines += [f"URL:{url}" for url in urls]  # a URI: the pattern leaves out what text would escape
    if tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in tags))
    note = [
        f"{label}: {text.strip()}"
        for label, text in (("Great at", person.great_at), ("How to reach them", person.contact))
        if text.strip()
    ]
    if person.notes.strip():
        note.append(person.notes.strip())
    if note:
        lines.append(f"NOTE:{escape(chr(10).join(note))}")
    lines.append("END:VCARD")
    return b"".join(fold(line) for line in lines)


def write_vcards(
    *,
    session: Session,
    write: Write,
    circle: bool = False,
    progress: Progress | None = None,
) -> int:
    """Every live person's card (only your circle's with `circle`), by name, through `write`, a batch at a time.

    A person's tags are their CATEGORIES. Returns how many cards were written.
    """
    db = cast(sqlite3.Connection, session.connection().connection.driver_connection)
    if not db.in_transaction:
        db.execute("BEGIN")  # one snapshot for every batch
    table = table_of(Person)
    clean = cast(CleanText, table.c.name.type).clean
    long_clean = cast(CleanText, table.c.notes.type).clean
    total = db.execute("SELECT count(*) FROM person WHERE deleted_at IS NULL").fetchone()[0]
    cursor = db.execute(
        "SELECT id, name, great_at, contact, notes, events_met, followed_up FROM person "
        "WHERE deleted_at IS NULL ORDER BY lower(name), id"
    )
    done = written = 0
    if progress is not None:
        progress(done, total)
    while rows := cursor.fetchmany(BATCH):
        tags = live_tags(db, table="person", ids=[row[0] for row in rows])
        out = []
        for person_id, name, great_at, contact, notes, events_met, followed_up in rows:
            if circle and not is_in_circle(events_met, bool(followed_up)):
                continue
            person = CardPerson(person_id, clean(name), clean(great_at), clean(contact), long_clean(notes))
            out.append(card(person, [clean(tag) for tag in tags.get(person_id, ())]))
        if out:
            write(b"".join(out))
            written += len(out)
        done += len(rows)
        if progress is not None:
            progress(done, total)
    return written
