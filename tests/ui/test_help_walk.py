"""Help on every screen lists exactly what works there: walked through the app, screen by screen.

The keys are discovered from each screen's active bindings, not listed here, so a key added to
any screen is checked too: it must be in help, and what help lists must be runnable there.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.actions import parse
from textual.screen import Screen
from textual.widgets import DataTable

from netjournal.screens.ask import NotHeldScreen, UnsavedFormScreen
from netjournal.screens.confirm import ConfirmScreen
from netjournal.screens.events import EventsScreen
from netjournal.screens.followups import SnoozeScreen
from netjournal.screens.help import HelpScreen, does_nothing, help_lines, help_text, key_label, runnable
from netjournal.screens.history import HistoryScreen
from netjournal.screens.insights import InsightsScreen
from netjournal.screens.merge import MergeScreen
from netjournal.screens.new_event import NewEventScreen
from netjournal.screens.passphrase import PassphraseScreen
from netjournal.screens.person import PersonScreen
from netjournal.screens.swap import SwapScreen
from netjournal.screens.trash import TrashScreen
from netjournal.widgets.choice import Choice
from tests.ui.conftest import settle
from tests.ui.journal import seed

README = Path(__file__).resolve().parents[2] / "README.md"


def allowed(active) -> bool:
    """What the node's own check_action says of the binding (None: shown, but not now)."""
    target, name, params = parse(active.binding.action)
    node = active.node.app if target == "app" else active.node
    return node.check_action(name, params) is True


def check(screen: Screen, seen: dict[str, set[str]]) -> dict[str, list]:
    """Help for `screen` lists every active binding that can do something, and only ones that can."""
    lines = help_lines(screen)
    listed = {id(active.binding) for group in lines.values() for line in group for active in line.bindings}
    for group in lines.values():
        for line in group:
            for active in line.bindings:
                assert active.enabled and allowed(active) and runnable(active), (screen, active.binding)
    for key, active in screen.active_bindings.items():
        if active.enabled and active.binding.description and not does_nothing(active):
            assert id(active.binding) in listed, (type(screen).__name__, key, active.binding.description)
    text = help_text(screen).plain
    for title, group in lines.items():
        assert title in text
        for line in group:
            assert f"{line.shown_keys}" in text and line.description in text
            # netjournal's keys, and Textual's where we say what they do here in our own words
            ours = not line.bindings or any(
                active.binding.id or active.binding.description != line.description for active in line.bindings
            )
            if ours:  # (Textual's editing keys are summed up in one README row)
                seen.setdefault(line.shown_keys, set()).add(type(screen).__name__)
    return lines


def words(lines: dict[str, list]) -> str:
    return " ".join(f"{line.shown_keys} {line.description}" for group in lines.values() for line in group)


async def show(pilot, screen: Screen) -> Screen:
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return pilot.app.screen


async def test_help_lists_exactly_what_works_on_every_screen(app, journal_path):
    ids = seed(journal_path)
    seen: dict[str, set[str]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        events = check(app.screen, seen)
        assert isinstance(app.screen, EventsScreen) and "option" not in words(events)
        assert "Open the event" in words(events)  # enter, in this screen's words, not the table's "Select"

        # An event's pages: browsing, then in a field, then on a choice.
        for page in ("details", "goal", "meet", "reflection"):
            await app.open_event(ids["pycon"], page)
            await settle(pilot)
            browsing = check(app.screen, seen)
            assert "Edit" in words(browsing) and "This field" not in browsing
        await app.open_event(ids["pycon"], "meet")
        await settle(pilot)
        await pilot.press("enter")  # person 1's name
        await settle(pilot)
        naming = check(app.screen, seen)
        assert "take the suggestion" in words(naming) and "Choose among the people" in words(naming)
        await pilot.press("tab", "tab")  # talked about: several lines
        long_field = check(app.screen, seen)
        assert "A new line" in words(long_field)
        app.screen.set_focus(app.screen.query_one("#s1-status", Choice))
        await settle(pilot)
        assert "Next option" in words(check(app.screen, seen))
        await pilot.press("escape", "a")  # both slots are taken: the swap question
        await settle(pilot)
        assert isinstance(app.screen, SwapScreen)
        check(app.screen, seen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        check(app.screen, seen)
        await pilot.press("escape")
        await settle(pilot)

        # The places, a person, and what opens from them.
        await pilot.press("f")
        await settle(pilot)
        assert "Done" in words(check(app.screen, seen))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        assert "enter alone is a week" in words(check(app.screen, seen))
        await pilot.press("escape", "p")
        await settle(pilot)
        check(app.screen, seen)
        await pilot.press("slash")
        await settle(pilot)
        assert "Back to the list" in words(check(app.screen, seen))
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        check(app.screen, seen)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        check(app.screen, seen)
        await pilot.press("escape", "i")
        await settle(pilot)
        assert isinstance(app.screen, InsightsScreen)
        assert "New event" not in words(check(app.screen, seen))  # n works only while Insights is empty
        await pilot.press("e", "t")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        check(app.screen, seen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        check(app.screen, seen)
        await pilot.press("n")  # no: nothing is deleted
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 3
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewEventScreen)
        check(app.screen, seen)
        for question in (UnsavedFormScreen(), NotHeldScreen(quitting=False, why=None), PassphraseScreen(journal_path)):
            check(await show(pilot, question), seen)
            app.pop_screen()
            await settle(pilot)

        # Help itself shows what help_lines found, and says how to close it.
        await pilot.press("escape", "escape")  # out of the name field, then back to Events
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        expected = help_text(app.screen).plain
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#help-keys").render())
        assert shown == expected and "escape" not in shown  # at home with nothing to leave, escape does nothing
        assert "Next field" not in shown  # nor tab: the list is all there is to focus
        assert "closes this" in str(app.screen.query_one("#help-close").render())
    readme_matches(seen)


def readme_keys() -> set[str]:
    """Every key the README's key table names in its first column."""
    table = README.read_text().split("## Keys", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            first = row.split("|")[1]
            for quoted in re.findall(r"`([^`]+)`", first):
                keys.update(k.lower() for k in re.split(r"[\s,]+", quoted) if k)
    return keys


def readme_matches(seen: dict[str, set[str]]) -> None:
    """The README's key table and help agree: each of our keys help lists is in the table, and back."""
    in_help = {k.strip().lower() for keys in seen for k in re.split(r",\s*", keys)}
    in_readme = readme_keys()
    assert sorted(in_help - in_readme) == [], "keys help lists that the README's table leaves out"
    assert sorted(in_readme - in_help) == [], "keys the README's table names that no help lists"


def test_key_labels_read_as_the_readme_writes_them():
    from textual.binding import Binding

    assert key_label(Binding("question_mark", "x", "y")) == "?"
    assert key_label(Binding("left,right", "x", "y")) == "←, →"
