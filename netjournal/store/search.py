"""Search everything a person wrote: one query of the full-text index (see search_index.py), best match first.

What a person types is never handed to FTS5 as it is: each word becomes a quoted prefix term,
so `"`, `*`, `-`, `NEAR` or `OR` are only letters to look for. `#word` looks in the tags.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, TextualSelect, column, text
from sqlmodel import Session

from netjournal.domain.dates import read_day
from netjournal.store.search_index import INDEX, TEXT

LIMIT = 50
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


# The best `limit` first, ranked within the index alone; their names and dates are looked up after.
_QUERY = f"""
WITH best AS (
    SELECT t.kind, t.record_id, t.event_id, t.person_id, t.title, t.body, bm25({INDEX}, {_WEIGHTS}) AS score
    FROM {INDEX} JOIN {TEXT} AS t ON t.id = {INDEX}.rowid
    WHERE {INDEX} MATCH :match
    ORDER BY score, t.kind, t.record_id
    LIMIT :limit
)
SELECT best.kind, best.record_id, best.event_id, best.person_id, e.name, e.date, p.name, best.title, best.body
FROM best LEFT JOIN event AS e ON e.id = best.event_id LEFT JOIN person AS p ON p.id = best.person_id
ORDER BY best.score, best.kind, best.record_id
"""


_PEOPLE = f"""
SELECT t.person_id FROM {INDEX} JOIN {TEXT} AS t ON t.id = {INDEX}.rowid
WHERE {INDEX} MATCH :people_match AND t.kind IN ('person', 'meeting')
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
    starts = words_of(query)
    return [_result(*row, starts=starts) for row in rows]


def _result(
    kind: str,
    record_id: str,
    event_id: str | None,
    person_id: str | None,
    event_name: str | None,
    day: object,
    person_name: str | None,
    title_text: str | None,
    body: str | None,
    *,
    starts: tuple[str, ...],
) -> SearchResult:
    event_name, person_name = _one_line(event_name or ""), _one_line(person_name or "")
    if kind == "person":
        title = person_name
    elif kind == "meeting":
        title = f"{person_name} at {event_name}"
    else:
        title = event_name
    shown, matched = snippet(title_text or "", body or "", starts)
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


_WORD = re.compile(r"\w+")


def fold(word: str) -> str:
    """A word as the index compares it: any case, no accents ("Inès" -> "ines")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_of(query: str) -> tuple[str, ...]:
    """The starts of words a query looks for in the text (its #tags look elsewhere), folded."""
    return tuple(fold(part) for word in query.split() if not word.startswith("#") for part in _WORD.findall(word))


def snippet(title: str, body: str, starts: tuple[str, ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The matching words in context, one line of at most SNIPPET_WORDS words, and where each match is in it.

    From the body if it holds a match, else the title (the index matched one of them, or the tags)."""
    best: tuple[str, list[re.Match[str]], list[int]] | None = None
    for field in (body, title):
        line = " ".join(field.split())
        words = list(_WORD.finditer(line))
        hits = [i for i, w in enumerate(words) if starts and fold(w.group()).startswith(starts)]
        if hits or (best is None and words):
            best = (line, words, hits)
            if hits:
                break
    if best is None:
        return "", ()
    line, words, hits = best
    first = max(0, (hits[0] if hits else 0) - 2)
    last = min(len(words), first + SNIPPET_WORDS)
    first = max(0, last - SNIPPET_WORDS)
    begin = 0 if first == 0 else words[first].start()
    end = len(line) if last == len(words) else words[last - 1].end()
    lead = "" if first == 0 else "…"
    out = lead + line[begin:end] + ("" if last == len(words) else "…")
    shift = len(lead) - begin
    spans = tuple((words[i].start() + shift, words[i].end() + shift) for i in hits if first <= i < last)
    return out, spans
