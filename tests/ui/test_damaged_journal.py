import hashlib

from netjournal.app import make_app
from netjournal.store.engine import open_store
from tests.ui.conftest import settle


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_journal_damaged_inside_closes_the_app_with_its_reason_and_is_left_untouched(journal_path):
    open_store(journal_path).close()
    data = bytearray(journal_path.read_bytes())
    data[100:4096] = b"\xee" * (4096 - 100)  # the schema page; the 100-byte header still says "journal"
    journal_path.write_bytes(bytes(data))
    before = sha(journal_path)

    app = make_app(db_path=journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert sha(journal_path) == before
