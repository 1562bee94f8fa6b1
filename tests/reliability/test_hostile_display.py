"""5. Hostile text on screen: names and notes that look like markup or carry terminal escape
sequences are shown as plain text on every screen, and no control character reaches the terminal.

Some rows are written with sqlite3 directly, as an older or hand-edited journal could hold them:
the journal's own writes strip control characters, so only such a file can still carry them."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from datetime import date

from netjournal.domain.text import clean_text
from netjournal.screens.event_pages import PAGES
from netjournal.screens.places import PLACES
from tests.ui.conftest import settle
from tests.ui.journal import TODAY, build_app, read
from tests.ui.screen_text import screen_lines

HOSTILE = (
    "[bold]x",
    "[/]",
    "[link=https://x]y[/link]",
    "\x1b[2J",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]0;title\x07",
    "\x9b31m",
    "🙂 👩🏽‍💻 🇫🇷",
    "שלום עולם",
)
LONG_NOTE = "a long evening, " * 6250  # 100,000 characters
RAW = {
    "event_name": "\x1b[2JRaw \x1b]0;title\x07meetup",
    "goal_text": "\x9b31mask about \x1b]52;c;aGVsbG8=\x07backups",
    "person_name": "\x1b[31mRaw\x1b[0m Person",
    "great_at": "\x1b]8;;https://x\x07links\x1b]8;;\x07",
    "talked_about": "\x1b[5mblinking\x9b0m",
    "hard": "\x1bcreset \x1b[?1049h",
}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def make_journal(path) -> dict:
    """One event and one person named after each hostile text, their other fields holding the
    others in turn (so one event's pages show many), a 100,000-character note, and raw escapes."""

    def job(q, s):
        events, people = [], []
        for n, name in enumerate(HOSTILE):

            def text(k: int, n: int = n) -> str:
                return HOSTILE[(n + k) % len(HOSTILE)]

            long_or = (lambda k: LONG_NOTE) if n == 0 else text
            ev = q.create_event(
                session=s,
                name=name,
                date=date(2019, 4, 8 - n % 7),
                kind="meetup",
                location=text(1),
                notes=LONG_NOTE,
                goal_text=text(1),
            )
            q.save_goal(session=s, event_id=ev.id, learned=long_or(2))
            _meeting, person = q.save_meet_slot(
                session=s,
                event_id=ev.id,
                slot=1,
                name=name,
                great_at=text(3),
                talked_about=text(4),
                not_work=text(5),
                status="met",
                still_thinking="cant_stop",
                follow_up="planned",
                follow_up_due=TODAY,
            )
            q.update_person(session=s, person_id=person.id, notes=long_or(6), contact=text(7))
            q.save_reflection(
                session=s,
                event_id=ev.id,
                energy_before=2,
                energy_after=3,
                hard=text(2),
                others_too=text(3),
                friend_words=text(4),
                gained=long_or(5),
                proud=text(6),
            )
            events.append(ev.id)
            people.append(person.id)
        raw = q.create_event(session=s, name="raw", date=date(2019, 4, 9), kind="meetup", goal_text="raw")
        _, raw_person = q.save_meet_slot(
            session=s,
            event_id=raw.id,
            slot=1,
            name="raw person",
            great_at="",
            talked_about="",
            not_work="",
            status="met",
            still_thinking="cant_stop",
            follow_up="planned",
            follow_up_due=TODAY,
        )
        q.save_reflection(session=s, event_id=raw.id, hard="raw")
        return {"hostile": events, "people": people, "raw": raw.id, "raw_person": raw_person.id}

    ids = read(path, job)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE event SET name = ? WHERE id = ?", (RAW["event_name"], ids["raw"]))
        conn.execute("UPDATE goal SET text = ? WHERE event_id = ?", (RAW["goal_text"], ids["raw"]))
        conn.execute(
            "UPDATE person SET name = ?, great_at = ?, notes = ? WHERE id = ?",
            (RAW["person_name"], RAW["great_at"], RAW["hard"], ids["raw_person"]),
        )
        conn.execute("UPDATE meeting SET talked_about = ? WHERE event_id = ?", (RAW["talked_about"], ids["raw"]))
        conn.execute("UPDATE reflection SET hard = ? WHERE event_id = ?", (RAW["hard"], ids["raw"]))
    conn.close()
    return ids


async def shown(pilot) -> str:
    """Settle, check the app is still running and nothing unsafe is on screen; return the screen's text."""
    await settle(pilot)
    app = pilot.app
    assert app.is_running and app.return_code is None, f"the app stopped on {app.screen}"
    lines = screen_lines(app)
    for number, line in enumerate(lines):
        assert not CONTROL.search(line), f"control character on line {number} of {app.screen}: {line!r}"
    assert not CONTROL.search(app.export_screenshot())
    return "\n".join(lines)


async def test_hostile_text_is_shown_as_typed_and_never_as_escapes(journal_path):
    ids = make_journal(journal_path)
    app = build_app(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        assert "[bold]x" in await shown(pilot)  # Events

        # Every name is on Events at once; the pages of two events show every kind of field,
        # and a third event's title closes markup that was never opened.
        visits = [(event_id, page) for event_id in (ids["hostile"][0], ids["raw"]) for page in PAGES]
        for event_id, page in [*visits, (ids["hostile"][1], "goal")]:
            await app.open_event(event_id, page)
            screen = await shown(pilot)
            assert isinstance(app.screen, PAGES[page])
            if event_id == ids["hostile"][0]:
                assert "[bold]x" in screen
            if event_id == ids["hostile"][1]:
                assert "[/]" in screen
            if event_id == ids["raw"] and page == "goal":
                # Shown as the journal's own writes would have kept it: the control characters gone.
                assert clean_text(RAW["event_name"]) in screen and clean_text(RAW["goal_text"]) in screen

        for place in PLACES:
            if place.make is not None:
                await app.action_go(place.name)
                screen = await shown(pilot)
                if place.name == "people":
                    assert "[bold]x" in screen

        if importlib.util.find_spec("netjournal.screens.person") is not None:
            from netjournal.screens.person import PersonScreen

            for person_id in (ids["people"][0], ids["raw_person"]):
                await app.go_home()
                await app.push_screen(PersonScreen(person_id))
                screen = await shown(pilot)
                if person_id == ids["people"][0]:
                    assert "[bold]x" in screen
                if person_id == ids["raw_person"]:
                    assert clean_text(RAW["person_name"]) in screen

        await app.go_home()
        assert clean_text(RAW["event_name"]) in await shown(pilot)
