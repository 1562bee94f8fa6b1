"""The journal in Markdown, for reading: a section per event with its goal, the two people and the reflection.

Headings and lists are ours alone: what a person wrote goes in as they wrote it, except that
no line of it can start a Markdown block (a heading, list, quote, fence, rule or HTML): text of
several lines is quoted (`> ` before each line), and a line's first mark is escaped (`\\#`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from netjournal.domain.ahead import HAPPENED, SURE
from netjournal.domain.dates import NO_DATE
from netjournal.domain.tags import shown_tags
from netjournal.domain.text import count, fold_line
from netjournal.domain.vocab import FOLLOW_UPS, KINDS, OUTCOMES, STATUSES, STILL_THINKING
from netjournal.transfer.journal_rows import DocumentRows, JournalRows

Rows = JournalRows | DocumentRows

# What can open a block at the start of a line: ATX headings, quotes, list bullets, setext and
# thematic-break underlines, fences, tables, HTML and link definitions; and "1." or "1)" lists.
_BLOCK_MARK = re.compile(r"^([ \t]*)([#>*+\-=_`~|<\[])")
_NUMBERED = re.compile(r"^([ \t]*\d{1,9})([.)])")


def _escaped(line: str) -> str:
    """`line` with a backslash before a mark that would start a Markdown block."""
    return _NUMBERED.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\\2", line, count=1), count=1)


def _text(text: str, indent: str = "") -> list[str]:
    """A person's text as lines of its own: one line as it is (escaped), several quoted."""
    lines = text.split("\n")
    if len(lines) == 1:
        return [indent + _escaped(text)]
    return [f"{indent}> {_escaped(line)}" if line.strip() else f"{indent}>" for line in lines]


def _one(text: str) -> str:
    """One-line text inside a line of ours; folded again in case the document came from elsewhere."""
    return fold_line(text)


def _tags(tags: list[str]) -> str:
    return _one(shown_tags(tags))


def _energy(value: int | None) -> str:
    return f"{value} of 5" if value is not None else "not noted"


def _md_goal(goal: dict[str, Any] | None) -> list[str]:
    lines = ["### Goal", ""]
    if goal is None or not goal["text"]:
        lines.append("No goal written down.")
    else:
        lines += _text(_one(goal["text"]))
    if goal is not None:
        lines += ["", f"Outcome: {OUTCOMES.get(goal['outcome'], goal['outcome'])}."]
        if goal["learned"]:
            lines += ["", "What I learned:", "", *_text(goal["learned"])]
    return lines


def _md_meeting(meeting: dict[str, Any], person: dict[str, Any] | None) -> list[str]:
    name = _one(person["name"]) if person else "(someone no longer in the journal)"
    lines = [f"#### {meeting['slot']}. {name} ({STATUSES.get(meeting['status'], meeting['status'])})", ""]
    facts = []
    if person and person["great_at"]:
        facts.append(("Great at", _one(person["great_at"])))
    if person and person["contact"]:
        facts.append(("How to reach them", _one(person["contact"])))
    if person and person.get("keep_in_touch"):  # a version-1 document has none
        facts.append(("Keep in touch", f"every {_one(person['keep_in_touch'])}"))
    if person and person.get("tags"):
        facts.append(("Tags", _tags(person["tags"])))
    if meeting["talked_about"]:
        facts.append(("What we talked about", meeting["talked_about"]))
    if meeting["not_work"]:
        facts.append(("Not about work", meeting["not_work"]))
    facts.append(("Still thinking about it", STILL_THINKING.get(meeting["still_thinking"], meeting["still_thinking"])))
    follow_up = FOLLOW_UPS.get(meeting["follow_up"], meeting["follow_up"])
    if meeting["follow_up_due"]:
        follow_up += f", around {meeting['follow_up_due']}"
    if meeting["followed_up_on"]:
        follow_up += f", followed up on {meeting['followed_up_on']}"
    facts.append(("Follow-up", follow_up))
    for label, value in facts:
        if "\n" in value:  # several lines: quoted inside the list item
            lines += [f"- {label}:", *_text(value, indent="  ")]
        else:
            lines.append(f"- {label}: {value}")
    return lines


def _md_reflection(refl: dict[str, Any] | None) -> list[str]:
    lines = ["### Reflection", ""]
    if refl is None:
        return [*lines, "No reflection yet."]
    if refl["showed_up"]:
        lines.append("I showed up.")
    lines += ["", f"Energy before: {_energy(refl['energy_before'])}. After: {_energy(refl['energy_after'])}."]
    for label, key in (
        ("What was hard", "hard"),
        ("Who else finds this hard", "others_too"),
        ("What I'd tell a friend in my place", "friend_words"),
        ("What I gained", "gained"),
        ("What I'm proud of", "proud"),
    ):
        if refl[key]:
            lines += ["", f"{label}:", "", *_text(refl[key])]
    return lines + _md_worry(refl)


def _md_worry(refl: dict[str, Any]) -> list[str]:
    """The worry check, when a worry was written: the worry, how sure before, whether it happened, how sure now."""
    if not refl.get("worry"):
        return []
    said = [
        ("How sure, before", SURE.get(refl.get("worry_sure_before") or 0)),
        ("Did it happen", HAPPENED.get(refl.get("worry_happened") or "")),
        ("How sure now, for next time", SURE.get(refl.get("worry_sure_after") or 0)),
    ]
    return ["", "A worry:", "", *_text(refl["worry"]), "", *(f"- {label}: {word}" for label, word in said if word)]


def dumps_markdown(document: dict[str, Any]) -> str:
    """A document in memory in Markdown: what `write_markdown` writes of the journal it came from."""
    parts: list[bytes | memoryview] = []
    write_markdown(DocumentRows(document), parts.append)
    return b"".join(parts).decode("utf-8")


def write_markdown(
    rows: Rows, write: Callable[[bytes | memoryview], object], tick: Callable[[int], object] | None = None
) -> None:
    """The journal in Markdown, an event at a time: the header, then a section per event."""
    events, people = rows.counts()
    head = f"Exported {rows.exported_at}: {count(events, 'event')}, {count(people, 'person', 'people')}."
    write("\n".join(["# My networking journal", "", head]).encode("utf-8"))
    for batch, met in rows.events(with_people=True):
        out: list[str] = []
        for ev in batch:
            out += _md_event(ev, met)
        if out:
            write(("\n" + "\n".join(out)).encode("utf-8"))
        if tick is not None:
            tick(len(batch))
    write(b"\n")


def _md_event(ev: dict[str, Any], people: Mapping[str, dict[str, Any]]) -> list[str]:
    day = ev["date"] or NO_DATE
    about = [day, KINDS.get(ev["kind"], ev["kind"])]
    if ev["location"]:
        about.append(_one(ev["location"]))
    out = ["", f"## {day} {_one(ev['name'])}", "", " · ".join(about)]
    if ev.get("tags"):
        out += ["", f"Tags: {_tags(ev['tags'])}"]
    if ev["notes"]:
        out += ["", *_text(ev["notes"])]
    out += ["", *_md_goal(ev["goal"]), "", "### Who I talked with", ""]
    if not ev["meetings"]:
        out.append("Nobody noted yet.")
    for i, meeting in enumerate(ev["meetings"]):
        if i:
            out.append("")
        out += _md_meeting(meeting, people.get(meeting["person_id"]))
    out += ["", *_md_reflection(ev["reflection"])]
    return out
