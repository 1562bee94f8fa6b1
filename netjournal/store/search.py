"""Search everything a person wrote: one query of the full-text index (see search_index.py), best match first.

What a person types is never handed to FTS5 as it is: each word becomes a quoted prefix term,
so `"`, `*`, `-`, `NEAR` or `OR` are only letters to look for. `#word` looks in the tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, TextualSelect, column, text
from sqlmodel import Session

from netjournal.domain.dates import read_day
from netjournal.store.search_index import INDEX, TEXT

LIMIT = 50
_START, _END = "\x02", "\x03"  # around each matching word in a snippet: control characters no stored text keeps
_MARKS = re.compile(f"([{_START}{_END}])")
_SPACE = re.compile(r"\s+")
SNIPPET_WORDS = 12
# bm25 weights of title, body and tags: a match in a name counts most.
_WEIGHTS = "10.0, 1.0, 5.0"


@dataclass(frozen=True)
class SearchResult:
    """One thing found. `title` names it (a meeting: "Person at Event"); `snippet` is the matching words in
    context, one line, with `matched` the (start, end) of each matching word in it."""

    kind: str  # event, person, meeting, goal or reflection
    id: str
    event_id: str | None
    person_id: str | None
    title: str
    date: date | None  # the event's; None for a person
    snippet: str
    matched: tuple[tuple[int, int], ...] = ()


def match_expression(query: str, *, columns: str = "{title body}") -> str | None:
    """The FTS5 query for what a person typed (every word, as a prefix, in `columns`), or None if it holds
    nothing to find."""
    terms = []
    for word in query.split():
        column = columns
        if word.startswith("#"):
            column, word = "tags", word.lstrip("#")
        if not any(ch.isalnum() for ch in word):
            continue
        quoted = word.replace('"', '""')
        terms.append(f'{column} : "{quoted}"*')
    return " AND ".join(terms) or None


_QUERY = f"""
SELECT t.kind, t.record_id, t.event_id, t.person_id, e.name, e.date, p.name,
       snippet({INDEX}, -1, char(2), char(3), '…', {SNIPPET_WORDS}) AS snippet,
       bm25({INDEX}, {_WEIGHTS}) AS score
FROM {INDEX}
JOIN {TEXT} AS t ON t.id = {INDEX}.rowid
LEFT JOIN event AS e ON e.id = t.event_id
LEFT JOIN person AS p ON p.id = t.person_id
WHERE {INDEX} MATCH :match
  AND (t.event_id IS NULL OR (e.id IS NOT NULL AND e.deleted_at IS NULL))
  AND (t.person_id IS NULL OR (p.id IS NOT NULL AND p.deleted_at IS NULL))
ORDER BY score, t.kind, t.record_id
LIMIT :limit
"""


_PEOPLE = f"""
SELECT t.person_id FROM {INDEX} JOIN {TEXT} AS t ON t.id = {INDEX}.rowid
WHERE {INDEX} MATCH :people_match AND (
    t.kind = 'person'
    OR (t.kind = 'meeting' AND EXISTS (SELECT 1 FROM event AS e WHERE e.id = t.event_id AND e.deleted_at IS NULL))
)
"""


def people_matching(query: str) -> TextualSelect | None:
    """The ids of people whose great at, contact or notes, or what was talked about with them, match every word
    of `query` (as `search` matches), as a subquery; None if `query` holds nothing to find. (Names are left to
    the People filter's own look for the very letters typed.)"""
    match = match_expression(query, columns="body")
    if match is None:
        return None
    return text(_PEOPLE).bindparams(people_match=match).columns(column("person_id", String))


def search(*, session: Session, query: str, limit: int | None = LIMIT) -> list[SearchResult]:
    """What matches every word of `query` (by prefix, any case, any accent), best first; at most `limit` (None: all).

    Trashed records (and what belongs to a trashed event or person) are never found.
    """
    match = match_expression(query)
    if match is None:
        return []
    rows = session.execute(text(_QUERY), {"match": match, "limit": -1 if limit is None else limit})
    return [_result(*row[:8]) for row in rows]


def _result(
    kind: str,
    record_id: str,
    event_id: str | None,
    person_id: str | None,
    event_name: str | None,
    day: object,
    person_name: str | None,
    snippet: str | None,
) -> SearchResult:
    event_name, person_name = _one_line(event_name or ""), _one_line(person_name or "")
    if kind == "person":
        title = person_name
    elif kind == "meeting":
        title = f"{person_name} at {event_name}"
    else:
        title = event_name
    shown, matched = marked(snippet or "")
    return SearchResult(
        kind=kind,
        id=record_id,
        event_id=event_id,
        person_id=person_id,
        title=title,
        date=read_day(day) if event_id is not None else None,
        snippet=shown,
        matched=matched,
    )


def _one_line(value: str) -> str:
    return _SPACE.sub(" ", value).strip()


def marked(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet FTS5 marked, as one line of text and where each matching word is in it."""
    out: list[str] = []
    length = 0
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for piece in _MARKS.split(snippet):
        if piece == _START:
            start = length
        elif piece == _END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        elif piece:
            piece = _SPACE.sub(" ", piece)
            if (length == 0 or out[-1].endswith(" ")) and piece.startswith(" "):
                piece = piece[1:]  # one space between words, none before the first
            if piece:
                out.append(piece)
                length += len(piece)
    line = "".join(out)
    trimmed = line.rstrip(" ")
    return trimmed, tuple((a, min(b, len(trimmed))) for a, b in spans if a < len(trimmed))
