"""The first screen of an encrypted journal: its passphrase, asked before anything is read."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from netjournal.domain.text import visible

HELP = "This journal is encrypted. Type its passphrase and press enter (escape quits)."
WRONG = "That passphrase doesn't open this journal. Try again?"


class PassphraseScreen(Screen[None]):
    """Asks for the passphrase until it opens the journal; dismissed once its key is held."""

    BINDINGS = [Binding("escape", "app.quit", "Quit", id="passphrase-quit")]
    DEFAULT_CSS = """
    PassphraseScreen { align: center middle; }
    PassphraseScreen > Vertical { width: 72; height: auto; }
    PassphraseScreen #passphrase-said { height: 1; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(visible(str(self.path)), id="passphrase-journal", markup=False)
            yield Static(HELP, id="passphrase-help", markup=False)
            yield Input(password=True, id="passphrase", placeholder="passphrase")
            yield Static("", id="passphrase-said", markup=False)

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        field = self.query_one("#passphrase", Input)
        field.disabled = True  # one try at a time: checking takes a moment
        self.query_one("#passphrase-said", Static).update("Opening...")
        self._try(event.value)

    @work(thread=True, exclusive=True, group="passphrase")
    def _try(self, passphrase: str) -> None:
        from netjournal.errors import JournalError, WrongPassphraseError
        from netjournal.store import cipher

        try:
            cipher.unlock(self.path, passphrase)
        except WrongPassphraseError:
            self.app.call_from_thread(self._wrong)
        except JournalError as err:
            from rich.text import Text

            self.app.call_from_thread(self.app.exit, None, err.exit_code, Text(f"netjournal: {err}"))
        else:
            self.app.call_from_thread(self.dismiss, None)

    def _wrong(self) -> None:
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.disabled = False
        field.focus()
        self.query_one("#passphrase-said", Static).update(WRONG)
