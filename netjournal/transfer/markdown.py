"""The journal in Markdown, for reading: a section per event with its goal, the two people and the reflection."""

from __future__ import annotations

from typing import Any

from netjournal.domain.vocab import FOLLOW_UPS, KINDS, OUTCOMES, STATUSES, STILL_THINKING


def _energy(value: int | None) -> str:
    return f"{value} of 5" if value is not None else "not noted"


def _md_goal(goal: dict[str, Any] | None) -> list[str]:
    lines = ["### Goal", ""]
    if goal is None or not goal["text"]:
        lines.append("No goal written down.")
    else:
        lines.append(goal["text"])
    if goal is not None:
        lines += ["", f"Outcome: {OUTCOMES.get(goal['outcome'], goal['outcome'])}."]
        if goal["learned"]:
            lines += ["", "What I learned:", "", goal["learned"]]
    return lines


def _md_meeting(meeting: dict[str, Any], person: dict[str, Any] | None) -> list[str]:
    name = person["name"] if person else "(someone no longer in the journal)"
    lines = [f"#### {meeting['slot']}. {name} ({STATUSES.get(meeting['status'], meeting['status'])})", ""]
    facts = []
    if person and person["great_at"]:
        facts.append(("Great at", person["great_at"]))
    if person and person["contact"]:
        facts.append(("How to reach them", person["contact"]))
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
    lines += [f"- {label}: {value}" for label, value in facts]
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
            lines += ["", f"{label}:", "", refl[key]]
    return lines


def dumps_markdown(document: dict[str, Any]) -> str:
    people = {p["id"]: p for p in document["people"]}
    out = [
        "# My networking journal",
        "",
        f"Exported {document['exported_at']}: {len(document['events'])} events, {len(people)} people.",
    ]
    for ev in document["events"]:
        about = [ev["date"], KINDS.get(ev["kind"], ev["kind"])]
        if ev["location"]:
            about.append(ev["location"])
        out += ["", f"## {ev['date']} {ev['name']}", "", " · ".join(about)]
        if ev["notes"]:
            out += ["", ev["notes"]]
        out += ["", *_md_goal(ev["goal"]), "", "### Who I talked with", ""]
        if not ev["meetings"]:
            out.append("Nobody noted yet.")
        for i, meeting in enumerate(ev["meetings"]):
            if i:
                out.append("")
            out += _md_meeting(meeting, people.get(meeting["person_id"]))
        out += ["", *_md_reflection(ev["reflection"])]
    return "\n".join(out) + "\n"
