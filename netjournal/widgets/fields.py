"""Text fields that follow the app's cursor settings (blink off in tests and screenshots)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class Field(Input):
    """A one-line text field."""

    DEFAULT_CSS = """
    Field { width: 1fr; }
    """

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None, **kwargs: Any) -> None:
        # Selecting all on focus would let the next keystroke replace a whole saved answer.
        super().__init__(value, placeholder=placeholder, id=id, compact=True, select_on_focus=False, **kwargs)

    def on_mount(self) -> None:
        # Widgets don't know the app they are in: a netjournal app says whether cursors blink.
        self.cursor_blink = bool(getattr(self.app, "blink", True))
