"""Tags: short words on events and people (`rust`, `investor`), read from what a person types.

One rule, here: tags are typed as words, separated by spaces or commas; a `#` in front is
optional and not kept. Tags are lower-case, like hashtags, so `Rust` and `#rust` are one tag
and a filter never offers both. Control characters never reach a tag; a tag keeps every other
character (`c++`, `node.js`, `café`). A record holds each tag once; tags are kept and shown in
alphabetical order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from netjournal.domain.text import clean_text, fold_line

MAX_LENGTH = 40  # characters in one tag
MAX_TAGS = 20  # tags on one event or person
_SEPARATORS = re.compile(r"[\s,]+")


class TagError(ValueError):
    """What was typed can't be kept as tags; the message says why, kindly, in one line."""


def parse_tags(text: str) -> tuple[str, ...]:
    """The tags in `text`, normalised, in alphabetical order; raises TagError when one is too long or there
    are too many."""
    found: dict[str, None] = {}
    for word in _SEPARATORS.split(clean_text(fold_line(text))):
        tag = word.lstrip("#").lower()
        if not tag:
            continue
        if len(tag) > MAX_LENGTH:
            shown = tag if len(tag) <= 24 else tag[:23] + "…"
            raise TagError(f'"{shown}" is longer than {MAX_LENGTH} characters; a tag is a short word, like rust.')
        found.setdefault(tag)
    if len(found) > MAX_TAGS:
        raise TagError(f"That is {len(found)} tags; one event or person holds up to {MAX_TAGS}.")
    return tuple(sorted(found))


def normalise_tag(text: str) -> str:
    """One tag as `parse_tags` keeps it ("" when nothing is left), for a filter or a search for `#rust`."""
    words = _SEPARATORS.split(clean_text(fold_line(text)).strip())
    return words[0].lstrip("#").lower()[:MAX_LENGTH] if words else ""


def tags_text(tags: Iterable[str]) -> str:
    """Tags as a field shows them and History keeps them: `rust embedded`."""
    return " ".join(tags)


def shown_tags(tags: Iterable[str]) -> str:
    """Tags as a list shows them: `#rust #embedded`."""
    return " ".join(f"#{tag}" for tag in tags)
