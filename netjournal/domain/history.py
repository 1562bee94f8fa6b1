"""How a field's earlier values are said: the field's title, a stored value in words, and the line a page
shows when a field it saves was changed elsewhere. Pure: no UI, no database."""

from __future__ import annotations

from collections.abc import Sequence

from netjournal.domain.vocab import FOLLOW_UPS, KINDS, OUTCOMES, STATUSES, STILL_THINKING

FIELD_TITLES: dict[tuple[str, str], str] = {
    ("event", "name"): "Event name",
    ("event", "date"): "Date",
    ("event", "kind"): "Kind",
    ("event", "location"): "Location",
    ("event", "notes"): "Event notes",
    ("goal", "text"): "Goal",
    ("goal", "outcome"): "How it went",
    ("goal", "learned"): "What I learned",
    ("person", "name"): "Name",
    ("person", "great_at"): "Great at",
    ("person", "contact"): "Contact",
    ("person", "notes"): "Notes",
    ("person", "keep_in_touch"): "Keep in touch every",
    ("meeting", "status"): "Hoping / met",
    ("meeting", "talked_about"): "Talked about",
    ("meeting", "not_work"): "Not about work",
    ("meeting", "still_thinking"): "Still thinking",
    ("meeting", "follow_up"): "Follow-up",
    ("meeting", "follow_up_due"): "Follow up by",
    ("meeting", "followed_up_on"): "Followed up on",
    ("reflection", "showed_up"): "I showed up",
    ("reflection", "energy_before"): "Energy before",
    ("reflection", "energy_after"): "Energy after",
    ("reflection", "hard"): "What was hard",
    ("reflection", "others_too"): "Who else finds this hard",
    ("reflection", "friend_words"): "To a friend in my place",
    ("reflection", "gained"): "What I gained",
    ("reflection", "proud"): "What I'm proud of",
}

_WORDS: dict[str, dict[str, str]] = {
    "kind": KINDS,
    "outcome": OUTCOMES,
    "status": STATUSES,
    "still_thinking": STILL_THINKING,
    "follow_up": FOLLOW_UPS,
}


def field_title(table: str, field: str) -> str:
    return FIELD_TITLES.get((table, field), field.replace("_", " ").capitalize())


def shown_value(field: str, value: str | None) -> str:
    """A value as History keeps it (text), in the words the pages use for it."""
    if value is None:
        return ""
    return _WORDS.get(field, {}).get(value, value)


def _joined(titles: Sequence[str]) -> str:
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def changed_elsewhere_line(titles: Sequence[str]) -> str:
    """One kind line for fields a save found changed in another window (or by an import) since the page read them."""
    unique = list(dict.fromkeys(titles))
    verb = "was" if len(unique) == 1 else "were"
    return (
        f"{_joined(unique)} {verb} changed in another window or by an import; "
        "what you typed is saved and the other text is in History (h)."
    )
