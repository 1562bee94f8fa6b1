"""A coming-up event before its day (the before pages), the same event once the clock has passed its
day (the after pages), the hoping-to-met step, and that meetings at a coming-up event change no count."""

from __future__ import annotations

import json
from datetime import date

from netjournal.app import make_app
from netjournal.cli import main
from netjournal.domain.meet import list_line
from netjournal.screens.goal import BEFORE_LINE
from netjournal.screens.meet_ahead import AHEAD_LINE
from netjournal.store import followups, people, stats
from netjournal.store.engine import open_store
from tests.ui.conftest import past_debounce, settle
from tests.ui.journal import TODAY, read, seed
from tests.ui.screen_text import screen_lines

TALK_DAY = date(2019, 4, 20)  # seed's "Rust talk": coming up on TODAY (9 April)
AFTER = date(2019, 4, 21)


def shown(app) -> str:
    return "\n".join(screen_lines(app))


def visible(app, selector) -> bool:
    return app.screen.query_one(selector).display


def reflection_of(path, event_id):
    return read(path, lambda q, s: q.get_reflection(session=s, event_id=event_id))


def slots_of(path, event_id):
    return read(
        path, lambda q, s: [(m.slot, p.name, m.status) for m, p in q.meetings_for_event(session=s, event_id=event_id)]
    )


def counts(path, today):
    """What every count shows: People (times met, circle), follow-ups, Insights, as of `today`."""

    def job(q, s):
        rows = {r.name: (r.times_met, r.last_met, r.in_circle) for r in people.people_page(session=s)}
        listed = [f.name for f in followups.followups(session=s, today=today)]
        ins = stats.insights(session=s, today=today)
        return rows, listed, (ins.people_met, ins.conversations, ins.circle_size, ins.follow_ups_done)

    store = open_store(path, today=today)  # the summaries count meetings up to `today`
    try:
        with store.session() as s:
            return job(None, s)
    finally:
        store.close()


async def test_the_before_pages_of_a_coming_up_event(journal_path):
    ids = seed(journal_path)
    app = make_app(db_path=journal_path, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "coming up" in shown(app)  # marked on Events
        await app.open_event(ids["talk"], "goal")
        await settle(pilot)
        assert BEFORE_LINE in shown(app)
        assert not visible(app, "#row-outcome") and not visible(app, "#row-learned")
        assert not visible(app, "#row-happened") and not visible(app, "#row-sure-after")
        app.screen.query_one("#worry").value = "Nobody will talk to me"
        app.screen.query_one("#worry_sure_before").value = 4
        await past_debounce(pilot)
        refl = reflection_of(journal_path, ids["talk"])
        assert (refl.worry, refl.worry_sure_before, refl.worry_happened) == ("Nobody will talk to me", 4, None)

        await pilot.press("m")
        await settle(pilot)
        assert AHEAD_LINE in shown(app)
        assert app.screen.query_one("#s1-name").placeholder == "someone you'd like to meet"
        await pilot.press("enter", *"Lukas", "tab")
        await past_debounce(pilot)
        assert slots_of(journal_path, ids["talk"]) == [(1, "Lukas", "hoping")]  # a new slot hopes, by default

        await pilot.press("escape", "r")
        await settle(pilot)
        text = shown(app)
        assert "The rest of the reflection opens on the day" in text and "Energy before" in text
        assert "I showed up" not in text and "Energy after" not in text and "What was hard" not in text


async def test_the_after_pages_and_the_hoping_to_met_step(journal_path):
    ids = seed(journal_path)

    def hope(q, s):
        q.save_meet_slot(session=s, event_id=ids["talk"], slot=1, name="Lukas", status="hoping")
        q.save_meet_slot(session=s, event_id=ids["talk"], slot=2, name="Mara", status="hoping")
        q.save_reflection(session=s, event_id=ids["talk"], worry="I'll freeze", worry_sure_before=5)

    read(journal_path, hope)
    app = make_app(db_path=journal_path, today=AFTER, blink=False)  # the clock has moved past the day
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "coming up" not in shown(app)
        await app.open_event(ids["talk"], "goal")
        await settle(pilot)
        assert BEFORE_LINE not in shown(app)
        for row in ("#row-outcome", "#row-learned", "#row-happened", "#row-sure-after"):
            assert visible(app, row), row
        app.screen.query_one("#worry_happened").value = "no"
        app.screen.query_one("#worry_sure_after").value = 2
        await past_debounce(pilot)
        refl = reflection_of(journal_path, ids["talk"])
        assert (refl.worry, refl.worry_sure_before, refl.worry_happened, refl.worry_sure_after) == (
            "I'll freeze",
            5,
            "no",
            2,
        )

        await pilot.press("m")
        await settle(pilot)
        assert "You hoped to meet Lukas" in shown(app)
        await pilot.press("y")  # met them
        await past_debounce(pilot)
        assert "You hoped to meet Mara" in shown(app)
        await pilot.press("x")  # not this time
        await past_debounce(pilot)
        assert slots_of(journal_path, ids["talk"]) == [(1, "Lukas", "met"), (2, "Mara", "not_this_time")]
        assert "You hoped to meet" not in shown(app)
        assert list_line(1) in shown(app)  # one met, one not this time: a real evening, not a full list
        await pilot.press("y")  # nothing left to ask: the key does nothing
        await settle(pilot)
        assert slots_of(journal_path, ids["talk"]) == [(1, "Lukas", "met"), (2, "Mara", "not_this_time")]

        await pilot.press("r")
        await settle(pilot)
        assert "I showed up" in shown(app) and "Energy after" in shown(app)
    rows, _, _ = counts(journal_path, AFTER)
    assert rows["Lukas"][:2] == (1, TALK_DAY) and rows["Mara"][0] == 0


async def test_meetings_at_a_coming_up_event_change_no_count_anywhere(journal_path, capsys):
    ids = seed(journal_path)
    before = counts(journal_path, TODAY)
    assert main(["--db", str(journal_path), "followups", "--json", "--today", TODAY.isoformat()]) == 0
    listed_before = json.loads(capsys.readouterr().out)

    def ahead(q, s):
        # Met (as an older version let you say), can't stop thinking, followed up, a moment not about work:
        # at an event that hasn't happened yet, none of it counts.
        q.save_meet_slot(
            session=s,
            event_id=ids["talk"],
            slot=1,
            name="Ada Lovelace",
            status="met",
            still_thinking="cant_stop",
            follow_up="planned",
            not_work="a walk",
        )
        q.save_meet_slot(
            session=s, event_id=ids["talk"], slot=2, name="[bold]Grace[/]", status="hoping", follow_up="done"
        )

    read(journal_path, ahead)
    app = make_app(db_path=journal_path, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ("p", "f", "i"):
            await pilot.press(key)
            await settle(pilot)
        assert counts(journal_path, TODAY) == before
        await pilot.press("p")
        await settle(pilot)
        assert "Ada Lovelace" in shown(app)
    assert main(["--db", str(journal_path), "followups", "--json", "--today", TODAY.isoformat()]) == 0
    assert json.loads(capsys.readouterr().out) == listed_before
    # From the talk's day on, the meeting with Ada counts, and only hers.
    rows, _, _ = counts(journal_path, TALK_DAY)
    assert rows["Ada Lovelace"][:2] == (before[0]["Ada Lovelace"][0] + 1, TALK_DAY)
    assert rows["[bold]Grace[/]"] == before[0]["[bold]Grace[/]"]
    assert counts(journal_path, TODAY) == before  # and back to TODAY: as it was
    assert main(["--db", str(journal_path), "followups", "--json", "--today", TALK_DAY.isoformat()]) == 0
    on_the_day = json.loads(capsys.readouterr().out)
    assert "Ada Lovelace" in [row["name"] for row in on_the_day]
