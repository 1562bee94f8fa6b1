import pytest

from tests.ui.journal import build_app


async def settle(pilot, rounds: int = 3) -> None:
    """Let key handling, store workers and their callbacks all finish."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def past_debounce(pilot) -> None:
    """Wait longer than the autosave debounce (0.6 s), then let the save finish."""
    await pilot.pause(0.9)
    await settle(pilot)


@pytest.fixture
def app(journal_path):
    return build_app(journal_path)


def toasts(app, severity: str | None = None) -> list[str]:
    """The notifications the screen shows now (title, then message), as the person reads them."""
    return [
        str(toast.render())
        for toast in app.screen.query("Toast")
        if severity is None or toast.has_class(f"-{severity}")
    ]
