"""`netjournal search TEXT`: everything a person wrote that matches, best first."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from netjournal.cli.common import say, store_for

if TYPE_CHECKING:
    from netjournal.cli.common import Commands
    from netjournal.store.search import SearchResult


def register(sub: Commands) -> None:
    search = sub.add_parser(
        "search", help="find events, people, conversations, goals and reflections by any of their words"
    )
    search.add_argument("text", metavar="TEXT", help='words to find, each by its start ("embed" finds "embedded")')
    search.add_argument("--json", action="store_true", help="print a JSON list instead of lines")
    search.set_defaults(run=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    import json

    from netjournal.store.search import search

    store = store_for(args)
    try:
        with store.session() as session:
            found = search(session=session, query=args.text, limit=None)
    finally:
        store.close()
    if args.json:
        print(json.dumps([as_json(r) for r in found], ensure_ascii=False, indent=2))
    elif not found:
        say(f'Nothing in the journal matches "{" ".join(args.text.split())}".')
    else:
        say("\n".join(line(r) for r in found))
    return 0


def line(result: SearchResult) -> str:
    """KIND  DATE  TITLE  snippet (the snippet left out where it only says the title again)."""
    day = result.date.isoformat() if result.date else ""
    snippet = "" if result.snippet == result.title else f"  {result.snippet}"
    return f"{result.kind:<10}  {day:<10}  {result.title}{snippet}"


def as_json(result: SearchResult) -> dict[str, str | None]:
    return {
        "kind": result.kind,
        "id": result.id,
        "event_id": result.event_id,
        "person_id": result.person_id,
        "title": result.title,
        "date": result.date.isoformat() if result.date else None,
        "snippet": result.snippet,
    }
