"""Shared by the transfer tests: a journal with a bit of everything in it, and ways to look at files."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.transfer.export import journal_document

HOSTILE = (
    "[bold]x",
    "[/]",
    "[link=https://x]y[/link]",
    "\x1b[2J",
    "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07",
    "\x1b]0;pwned title\x07",
    "\x9b31mred",
    "🙂 👩🏽‍💻 🇫🇷",
    "שלום עולם ‏مرحبا\u202e",
    '=HYPERLINK("https://x","y")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\tindented",
    "\r\nline",
    'a, "quoted"\nsecond line',
)


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fill(path: Path) -> dict[str, str]:
    """A journal at `path` with events, goals, a full meet list, a swapped-out person, a deleted event."""
    store = open_store(path)
    try:
        with store.session() as s:
            pycon = queries.create_event(
                session=s,
                name="PyCon Lille",
                date=date(2019, 4, 8),
                kind="conference",
                location="Lille",
                notes="Big hall, small talks.",
                goal_text="Ask two people how they test data migrations",
            )
            ana = queries.create_person(session=s, name="Ana", great_at="SQLite internals", contact="ana@example.org")
            ben = queries.create_person(session=s, name="Ben [bold]Ross[/]", great_at="packaging")
            cleo = queries.create_person(session=s, name="Cleo", notes="\x1b]0;hi\x07 met at the door")
            queries.add_meeting(
                session=s,
                event_id=pycon.id,
                person_id=ana.id,
                slot=1,
                talked_about="WAL mode",
                not_work="walked the old town together",
                still_thinking="cant_stop",
                follow_up="planned",
                follow_up_due=date(2019, 4, 10),
            )
            swapped = queries.add_meeting(session=s, event_id=pycon.id, person_id=cleo.id, slot=2)
            queries.remove_meeting(session=s, meeting_id=swapped.id)
            queries.add_meeting(
                session=s,
                event_id=pycon.id,
                person_id=ben.id,
                slot=2,
                status="met",
                talked_about='=1+1, "wheels"\nand sdists',
                follow_up="done",
                followed_up_on=date(2019, 4, 12),
            )
            queries.save_goal(session=s, event_id=pycon.id, outcome="partly", learned="Test on real files.")
            queries.save_reflection(
                session=s,
                event_id=pycon.id,
                energy_before=2,
                energy_after=4,
                hard="The first five minutes.",
                others_too="Most people there.",
                friend_words="You came, that counts.",
                gained="Two good talks.",
                proud="I asked my question.",
            )
            dinner = queries.create_event(session=s, name="Founders dinner", date=date(2019, 5, 2), kind="dinner")
            queries.add_meeting(session=s, event_id=dinner.id, person_id=ana.id, slot=1, status="hoping")
            gone = queries.create_event(session=s, name="Cancelled meetup", date=date(2019, 6, 1), kind="meetup")
            queries.delete_event(session=s, event_id=gone.id)
        return {"pycon": pycon.id, "dinner": dinner.id, "ana": ana.id, "ben": ben.id, "cleo": cleo.id}
    finally:
        store.close()


def document(path: Path) -> dict:
    """The journal's export, without the moment it was taken."""
    store = open_store(path)
    try:
        with store.session() as s:
            doc = journal_document(session=s)
    finally:
        store.close()
    doc.pop("exported_at")
    return doc


def write_json(path: Path, doc) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path
