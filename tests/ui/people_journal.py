"""A journal for the Follow-ups and People tests: a few people at different depths, built with store functions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.ui.journal import read


def seed_people(path: Path) -> dict[str, str]:
    """Three events (the last one yesterday, TODAY being 9 Apr 2019) and five people.

    On the follow-up list: Ada (can't stop, due 10 Apr, met at 2 events), Grace
    (planned by hand, no due date set) and "[bold]Linus[/]" (can't stop, due 12 Apr).
    Not on it: Ken (not really) and "Ada L." (a second record of Ada).
    """

    def job(q, s):
        from netjournal.store import followups

        pycon = q.create_event(session=s, name="PyCon Lisbon", date=date(2019, 4, 8), kind="conference").id
        rust = q.create_event(session=s, name="Rust meetup", date=date(2019, 3, 12), kind="meetup").id
        dinner = q.create_event(session=s, name="Data dinner", date=date(2019, 2, 20), kind="dinner").id

        def meet(event_id, slot, name, great_at="", **fields):
            meeting, person = q.save_meet_slot(
                session=s, event_id=event_id, slot=slot, name=name, great_at=great_at, status="met", **fields
            )
            return meeting.id, person.id

        ids = {"pycon": pycon, "rust": rust, "dinner": dinner}
        ids["ada_pycon"], ids["ada"] = meet(
            pycon,
            1,
            "Ada Lovelace",
            "compilers",
            talked_about="parsers",
            not_work="walked the old town together",
            still_thinking="cant_stop",
            follow_up="planned",
            follow_up_due=date(2019, 4, 10),
        )
        ids["grace_pycon"], ids["grace"] = meet(
            pycon,
            2,
            "Grace Hopper",
            "teaching",
            talked_about="first talks",
            still_thinking="a_little",
            follow_up="planned",
        )
        meet(rust, 1, "Ada Lovelace", "compilers", talked_about="borrow checker", still_thinking="a_little")
        ids["linus_rust"], ids["linus"] = meet(
            rust,
            2,
            "[bold]Linus[/]",
            "kernels",
            talked_about="mailing lists",
            still_thinking="cant_stop",
            follow_up="planned",
            follow_up_due=date(2019, 4, 12),
        )
        _, ids["ken"] = meet(dinner, 1, "Ken", "", still_thinking="not_really")
        ids["adal_dinner"], ids["ada_l"] = meet(
            dinner, 2, "Ada L.", "analytical engines", talked_about="punched cards", still_thinking="a_little"
        )
        q.update_person(session=s, person_id=ids["ada_l"], notes="met her at the dinner")
        assert [f.name for f in followups.followups(session=s, today=date(2019, 4, 9))] == [
            "Ada Lovelace",
            "Grace Hopper",
            "[bold]Linus[/]",
        ]
        return ids

    return read(path, job)


def seed_crowd(path: Path, count: int) -> None:
    """`count` people, each met once at one event, named Person 0001, Person 0002, ..."""

    def job(q, s):
        event = q.create_event(session=s, name="Big conference", date=date(2019, 3, 1), kind="conference").id
        for n in range(1, count + 1):
            person = q.create_person(session=s, name=f"Person {n:04d}")
            if n <= 2:
                q.add_meeting(session=s, event_id=event, person_id=person.id, slot=n)

    read(path, job)
