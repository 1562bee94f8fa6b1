from pathlib import Path

import pytest


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """Where a test's journal lives; the file does not exist yet."""
    return tmp_path / "journal" / "journal.db"


@pytest.fixture(autouse=True)
def quick_typing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of letters typed into a text field arrive together, as from a quick typist (see tests/typing.py)."""
    from textual.pilot import Pilot

    from tests.typing import quick_press

    monkeypatch.setattr(Pilot, "press", quick_press(Pilot.press))
