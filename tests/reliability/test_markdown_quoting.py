"""8. What a person wrote can't make headings, lists or fences in the Markdown export.

Text of several lines is quoted, and a line's first Markdown mark is escaped; the only headings
and list items in the export are netjournal's own. Checked on the text and with a real
CommonMark parser (markdown-it, which Textual's rich already brings).
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from netjournal.cli import main
from netjournal.domain.text import clean_text, fold_line
from netjournal.store import queries
from netjournal.store.engine import open_store
from netjournal.transfer.export import dumps_markdown, journal_document
from tests.reliability.test_hostile_text import ONE_LINE, TEXT_FIELDS, export_with

OURS = re.compile(
    r"# My networking journal"
    r"|## \d{4}-\d{2}-\d{2} .*"
    r"|### (Goal|Who I talked with|Reflection)"
    r"|#### [12]\. .* \((met|hoping to meet)\)"
    r"|- (Great at|How to reach them|What we talked about|Not about work|Still thinking about it|Follow-up):.*"
)
MARKS = [
    "# Fake",
    "## Fake",
    "   ### Fake",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "12) item",
    "```",
    "~~~",
    "> quote",
    "===",
    "---",
    "___",
    "<div>html</div>",
    "<script>x</script>",
    "[ref]: https://example.org",
    "| a | b |",
    "    code",
    "\t#\ttab",
    "",
]


def blocks(markdown: str) -> dict[str, int]:
    """How many headings, list items, fences, HTML blocks and rules a CommonMark reader sees.

    (Indented text may show as code, inside the quote it belongs to: that changes no structure.)
    """
    tokens = MarkdownIt("commonmark").parse(markdown)
    counted = ("heading_open", "list_item_open", "fence", "html_block", "hr")
    return {kind: sum(t.type == kind for t in tokens) for kind in counted}


def assert_only_ours(markdown: str, events: int, meetings: int, facts: int) -> None:
    for line in markdown.split("\n"):
        if line.startswith(("#", "-", "*", "+", "```", "~~~", "<", "=")) or re.match(r"\d+[.)]", line):
            assert OURS.fullmatch(line), line
    assert blocks(markdown) == {
        "heading_open": 1 + 4 * events + meetings,
        "list_item_open": facts,
        "fence": 0,
        "html_block": 0,
        "hr": 0,
    }


def test_the_issues_example_makes_no_heading(journal_path, tmp_path, capsys):
    assert main(["--db", str(journal_path), "add", "Line one\nLine two\n## Fake", "--date", "2019-04-08"]) == 0
    store = open_store(journal_path)
    try:
        with store.session() as s:
            (row,) = queries.list_event_rows(session=s)
            queries.update_event(session=s, event_id=row.id, notes="Line one\nLine two\n## Fake")
            queries.save_goal(session=s, event_id=row.id, text="## Fake goal", learned="x\n# Fake\n- item")
            queries.save_reflection(session=s, event_id=row.id, hard="Line one\nLine two\n## Fake")
    finally:
        store.close()
    out = tmp_path / "journal.md"
    assert main(["--db", str(journal_path), "export", "--format", "markdown", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 2019-04-08 Line one Line two ## Fake\n" in text
    assert "> Line one\n> Line two\n> \\## Fake\n" in text
    assert "\\## Fake goal\n" in text
    assert_only_ours(text, events=1, meetings=0, facts=0)


def test_every_mark_in_every_field_stays_text():
    texts = {key: "\n".join(["Start", *MARKS]) for key in ((r, f) for r, fs in TEXT_FIELDS.items() for f in fs)}
    single = {key: mark for key, mark in zip(texts, MARKS * 3, strict=False) if mark}
    for chosen in (texts, single):
        doc = export_with(chosen)
        text = dumps_markdown(doc)
        assert_only_ours(text, events=1, meetings=1, facts=6)


PIECE = st.sampled_from([*MARKS, "\n", "\n\n", " ", "text", "#", "1.", "-", ">", "`", "\\"])
HOSTILE = st.lists(PIECE, max_size=8).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({key: HOSTILE for key in ((r, f) for r, fs in TEXT_FIELDS.items() for f in fs)}))
def test_any_text_through_the_journal_stays_text(texts):
    texts[("person", "name")] = "n" + texts[("person", "name")]
    texts[("event", "name")] = "e" + texts[("event", "name")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.db"
        store = open_store(path)
        try:
            with store.session() as s:
                ev = queries.create_event(
                    session=s,
                    name=texts[("event", "name")],
                    date=date(2019, 4, 8),
                    location=texts[("event", "location")],
                    notes=texts[("event", "notes")],
                    goal_text=texts[("goal", "text")],
                )
                queries.save_goal(session=s, event_id=ev.id, learned=texts[("goal", "learned")])
                who = queries.create_person(
                    session=s,
                    name=texts[("person", "name")],
                    great_at=texts[("person", "great_at")],
                    contact=texts[("person", "contact")],
                )
                queries.add_meeting(
                    session=s,
                    event_id=ev.id,
                    person_id=who.id,
                    slot=1,
                    talked_about=texts[("meeting", "talked_about")],
                    not_work=texts[("meeting", "not_work")],
                )
                answers = {f: texts[("reflection", f)] for f in TEXT_FIELDS["reflection"]}
                queries.save_reflection(session=s, event_id=ev.id, **answers)
            with store.session() as s:
                text = dumps_markdown(journal_document(session=s))
        finally:
            store.close()
    stored = {key: clean_text(fold_line(v) if key in ONE_LINE else v) for key, v in texts.items()}
    facts = 2 + sum(1 for key in (("person", "great_at"), ("person", "contact")) if stored[key])
    facts += sum(1 for key in (("meeting", "talked_about"), ("meeting", "not_work")) if stored[key])
    assert_only_ours(text, events=1, meetings=1, facts=facts)
