"""Your settings in the app: the theme picked in the palette is kept, keys can be changed, the form starts
with your kind of event, and a setting that can't be used is said once, with the default used instead."""

from __future__ import annotations

from netjournal.app import make_app
from netjournal.screens.help import help_lines
from netjournal.screens.people import PeopleScreen
from netjournal.settings import Settings, load_settings
from netjournal.widgets.choice import Choice
from tests.ui.conftest import settle, toasts
from tests.ui.journal import TODAY

MINE = '# mine: keep this\nfollow_up_days = 5  # a calm week\n\n[keys]\ngo-people = "P"\n'


async def test_a_theme_picked_in_the_palette_is_kept_with_the_rest_of_the_file(tmp_path, journal_path):
    config = tmp_path / "config.toml"
    config.write_text(MINE)
    settings, notes = load_settings(config)
    app = make_app(db_path=journal_path, today=TODAY, blink=False, settings=settings, settings_notes=notes)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"theme")
        await settle(pilot)  # the palette searches in the background
        await pilot.press("enter", *"nord")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"
    assert config.read_text() == MINE.replace("week\n", 'week\ntheme = "nord"\n')
    assert oct(config.stat().st_mode & 0o777) == oct(0o600)

    settings, notes = load_settings(config)
    again = make_app(db_path=journal_path, today=TODAY, blink=False, settings=settings, settings_notes=notes)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"  # the next start has it


async def test_changed_keys_work_show_in_help_and_bad_settings_are_said_once(journal_path):
    settings = Settings(keys={"go-people": "P", "go-peple": "x"}, default_kind="dinner")
    note = "follow_up_days = 0 isn't a number of days from 1 to 365; using the default, 2."
    app = make_app(db_path=journal_path, today=TODAY, blink=False, settings=settings, settings_notes=[note])
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        shown = [(line.shown_keys, line.description) for group in help_lines(app.screen).values() for line in group]
        assert ("P", "People") in shown and ("p", "People") not in shown
        await pilot.press("p")
        await settle(pilot)
        assert not isinstance(app.screen, PeopleScreen)  # p is no longer the key for People
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)

        await pilot.press("e", "n")  # the new-event form starts with the kind from the settings
        await settle(pilot)
        assert app.screen.query_one("#kind", Choice).value == "dinner"
        assert toasts(app) == [  # each said once, as it is
            f"Settings\n{note}",
            "Settings\nkeys.go-peple isn't one of netjournal's keys (netjournal config --keys lists them); it is left"
            " out.",
        ]
