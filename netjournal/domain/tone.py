"""Kind words: what netjournal never says, and the lines it says instead."""

import re

# PRODUCT.md's tone rules: the app speaks like a kind friend.
BANNED_WORDS = ("failed", "failure", "overdue", "missed", "behind", "streak", "should have", "lazy")

_BANNED = re.compile(r"\b(" + "|".join(re.escape(w) for w in BANNED_WORDS) + r")\b", re.IGNORECASE)


def unkind_words(text: str) -> list[str]:
    """The banned words found in `text` (empty when it is kind)."""
    return [m.group(0) for m in _BANNED.finditer(text)]
