"""People: the filter, paging, a person's page saving itself, and merging two records with undo."""

from textual.widgets import DataTable, OptionList

from netjournal.app import NetJournalApp
from netjournal.screens.merge import MergeScreen
from netjournal.screens.people import PAGE_SIZE, PeopleScreen
from netjournal.screens.person import PersonScreen
from netjournal.widgets.save_indicator import SaveIndicator
from tests.ui.conftest import past_debounce, settle, toasts
from tests.ui.journal import read
from tests.ui.people_journal import seed_crowd, seed_people


def names_on_screen(app):
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def person(path, person_id):
    from netjournal.store.models import Person

    def job(_q, s):
        p = s.get(Person, person_id)
        return {"name": p.name, "great_at": p.great_at, "notes": p.notes, "gone": p.deleted_at is not None}

    return read(path, job)


def meetings_of(path, person_id):
    from netjournal.store import people

    return read(
        path, lambda _q, s: sorted(e.meeting_id for e in people.person_timeline(session=s, person_id=person_id))
    )


async def open_people(pilot):
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PeopleScreen)


async def open_person(pilot, name):
    await open_people(pilot)
    names = names_on_screen(pilot.app)
    for _ in range(names.index(name)):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PersonScreen)


async def test_people_by_depth_with_the_circle_marked(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_people(pilot)
        assert app.focused is app.screen.query_one(DataTable)
        assert names_on_screen(app)[0] == "Ada Lovelace"  # met at two events
        table = app.screen.query_one(DataTable)
        circle = {str(table.get_row_at(i)[1]): table.get_row_at(i)[0] for i in range(table.row_count)}
        assert circle["Ada Lovelace"] == "●" and circle["Ken"] == ""
        assert "your circle: met at 2+ events or followed up with" in str(
            app.screen.query_one("#people-count").render()
        )


async def test_typing_filters_the_list_and_escape_goes_back_to_it(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_people(pilot)
        assert len(names_on_screen(app)) == 5
        await pilot.press("slash", *"ada")
        await pilot.pause(0.4)
        await settle(pilot)
        assert names_on_screen(app) == ["Ada Lovelace", "Ada L."]
        await pilot.press(*" l.")
        await pilot.pause(0.4)
        await settle(pilot)
        assert names_on_screen(app) == ["Ada L."]
        await pilot.press("escape")
        assert app.focused is app.screen.query_one(DataTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one("#name").value == "Ada L."


async def test_a_filter_that_matches_nobody_says_so(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_people(pilot)
        await pilot.press("slash", *"zz%")
        await pilot.pause(0.4)
        await settle(pilot)
        assert names_on_screen(app) == []
        assert 'Nobody matches "zz%" in a name, great at, notes or a talk.' in str(
            app.screen.query_one("#people-count").render()
        )


async def test_a_page_at_a_time_and_more_when_scrolling(journal_path):
    seed_crowd(journal_path, PAGE_SIZE * 3 + 7)
    app = NetJournalApp(db_path=journal_path, blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_people(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == PAGE_SIZE
        assert f"{PAGE_SIZE * 3 + 7} people" in str(app.screen.query_one("#people-count").render())
        for _ in range(PAGE_SIZE):
            await pilot.press("down")
        await settle(pilot)
        assert PAGE_SIZE < table.row_count < PAGE_SIZE * 3 + 7
        rows = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert len(set(rows)) == len(rows)  # no page loaded twice
        for _ in range(3):
            await pilot.press("pagedown", "pagedown", "pagedown")
            await settle(pilot)
        assert table.row_count == PAGE_SIZE * 3 + 7
        assert str(table.get_row_at(table.row_count - 1)[1]) == f"Person {PAGE_SIZE * 3 + 7:04d}"


async def test_the_person_page_saves_an_edited_field(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_person(pilot, "Grace Hopper")
        assert app.focused is None
        assert "first talks" in str(app.screen.query_one("#timeline").query("Static").first().render())
        await pilot.press("tab", "tab", "end", *", and COBOL")
        await past_debounce(pilot)
        assert person(journal_path, ids["grace"])["great_at"] == "teaching, and COBOL"
        assert app.screen.query_one(SaveIndicator).state == "saved"
        await pilot.press("tab", "tab", *"line one", "enter", *"line two", "escape")
        await past_debounce(pilot)
        assert person(journal_path, ids["grace"])["notes"] == "line one\nline two"
        assert app.focused is None


async def test_an_empty_name_keeps_the_saved_one(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_person(pilot, "Ken")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await past_debounce(pilot)
        assert app.screen.query_one("#name-hint").display
        assert person(journal_path, ids["ken"])["name"] == "Ken"


async def test_merge_moves_meetings_and_undo_restores_both(app, journal_path):
    ids = seed_people(journal_path)
    ada_before, adal_before = meetings_of(journal_path, ids["ada"]), meetings_of(journal_path, ids["ada_l"])
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_person(pilot, "Ada Lovelace")
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        await pilot.press(*"ada l")
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        question = str(app.screen.query_one("#merge-question").render())
        assert "Press  1  to merge Ada L. into Ada Lovelace," in question
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)

        assert meetings_of(journal_path, ids["ada"]) == sorted(ada_before + adal_before)
        assert person(journal_path, ids["ada_l"])["gone"]
        kept = person(journal_path, ids["ada"])
        assert kept["great_at"] == "compilers; analytical engines" and kept["notes"] == "met her at the dinner"
        assert app.screen.query_one("#great_at").value == "compilers; analytical engines"
        assert "punched cards" in " ".join(str(s.render()) for s in app.screen.query("#timeline Static"))
        assert any("Merged Ada L. into Ada Lovelace" in note for note in toasts(app))

        await pilot.press("u")
        await settle(pilot)
        assert meetings_of(journal_path, ids["ada"]) == ada_before
        assert meetings_of(journal_path, ids["ada_l"]) == adal_before
        assert person(journal_path, ids["ada_l"]) == {
            "name": "Ada L.",
            "great_at": "analytical engines",
            "notes": "met her at the dinner",
            "gone": False,
        }
        assert person(journal_path, ids["ada"])["great_at"] == "compilers"
        assert app.screen.query_one("#great_at").value == "compilers"
        await past_debounce(pilot)  # nothing typed, so nothing written back over the undo
        assert person(journal_path, ids["ada"])["great_at"] == "compilers"


async def test_merging_into_the_other_record_follows_it(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_person(pilot, "Ken")
        await pilot.press("M", *"linus")
        await pilot.pause(0.4)
        await settle(pilot)
        await pilot.press("enter")
        assert "to merge Ken into [bold]Linus[/]," in str(app.screen.query_one("#merge-question").render())
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.person_id == ids["linus"]
        assert app.screen.query_one("#name").value == "[bold]Linus[/]"
        assert person(journal_path, ids["ken"])["gone"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert "Ken" not in names_on_screen(app)


async def test_escape_in_the_merge_question_changes_nothing(app, journal_path):
    ids = seed_people(journal_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_person(pilot, "Ken")
        await pilot.press("M", "enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("u")
        await settle(pilot)
        assert "No merge to undo." in toasts(app)
    assert not person(journal_path, ids["ken"])["gone"]


async def test_f_and_p_are_in_the_palette_and_work_from_a_person_page(app, journal_path):
    seed_people(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_person(pilot, "Ken")
        await pilot.press("f")
        await settle(pilot)
        assert type(app.screen).__name__ == "FollowupsScreen"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"People")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert len(app.screen_stack) == 3  # opened on top of Events, not on top of Follow-ups
