"""The Tags field a page holds (an event's Details, a person's page): what is typed, read as tags.

The field keeps exactly what was typed; the page saves the tags it reads as (`rust embedded`).
Text that can't be tags yet (one far too long) keeps the saved tags, and the hint says why.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.widgets import Static

from netjournal.domain.tags import TagError, parse_tags, tags_text
from netjournal.widgets.fields import Field

TAGS_PLACEHOLDER = "words like rust investor (# optional)"
KEEPS_TAGS = "The saved tags stay until this reads as tags."


def typed_tags(text: str, saved: str) -> tuple[str, str]:
    """(the tags to save, as text; why the typed text can't be saved yet, or "")."""
    try:
        return tags_text(parse_tags(text)), ""
    except TagError as err:
        return saved, f"{err} {KEEPS_TAGS}"


def show_tags_problem(page: DOMNode, field: str, hint: str, saved: str) -> None:
    """Show (or hide) the hint under the Tags field."""
    _, problem = typed_tags(page.query_one(field, Field).value, saved)
    shown = page.query_one(hint, Static)
    shown.update(problem)
    shown.display = bool(problem)
