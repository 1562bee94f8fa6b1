"""What makes a goal for an event easy to keep. Pure: no UI, no database."""

from __future__ import annotations

import re

_VAGUE = re.compile(r"^\s*(to\s+)?(network(ing)?|meet (some |new )?people|make (some )?connections)\s*\.?\s*$", re.I)


def is_vague(goal: str) -> bool:
    """Rule 1: fewer than four words, or just "network" / "meet people"."""
    return len(goal.split()) < 4 or bool(_VAGUE.match(goal))
