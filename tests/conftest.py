from pathlib import Path

import pytest


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """Where a test's journal lives; the file does not exist yet."""
    return tmp_path / "journal" / "journal.db"
