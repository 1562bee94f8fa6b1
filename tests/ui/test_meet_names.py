"""Names on the meet list: the screen decides when a new name renames someone (they are still
being typed) and when it is someone new; the store only does what it is asked."""

from tests.ui.conftest import past_debounce
from tests.ui.journal import read, seed
from tests.ui.test_meet_list import meet_list, open_meet


def people_named(path, *names):
    return read(path, lambda q, s: {n: q.find_person_by_name(session=s, name=n) is not None for n in names})


async def test_a_name_saved_half_typed_is_renamed_as_typing_goes_on(app, journal_path):
    ids = seed(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press(*"Mar")
        await past_debounce(pilot)
        assert [row[2] for row in meet_list(journal_path, ids["dinner"])] == ["Mar"]
        await pilot.press(*"garet")
        await past_debounce(pilot)
    [(_, _, name, *_)] = meet_list(journal_path, ids["dinner"])
    assert name == "Margaret"
    assert people_named(journal_path, "Mar", "Margaret") == {"Mar": False, "Margaret": True}


async def test_a_new_name_for_someone_met_elsewhere_is_someone_new(app, journal_path):
    ids = seed(journal_path)

    def also_at_dinner(q, s):
        q.save_meet_slot(session=s, event_id=ids["dinner"], slot=1, name="Ada Lovelace")

    read(journal_path, also_at_dinner)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meet(app, pilot, ids["dinner"])
        await pilot.press("ctrl+a", "ctrl+k", *"Ada King")
        await past_debounce(pilot)
    [(_, person_id, name, *_)] = meet_list(journal_path, ids["dinner"])
    assert (name, person_id != ids["ada"]) == ("Ada King", True)
    ada = read(journal_path, lambda q, s: q.get_person(session=s, person_id=ids["ada"]))
    assert ada.name == "Ada Lovelace"
    assert meet_list(journal_path, ids["pycon"])[0][1:3] == (ids["ada"], "Ada Lovelace")
