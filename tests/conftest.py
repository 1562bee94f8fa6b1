import os
import tempfile
from pathlib import Path

import pytest

# No test reads or writes the settings of whoever runs the tests (subprocesses inherit this too).
# The folder is never made, so every test starts from the default settings unless it names a file.
os.environ["NETJOURNAL_CONFIG"] = str(Path(tempfile.gettempdir()) / f"netjournal-tests-{os.getpid()}" / "none.toml")


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
