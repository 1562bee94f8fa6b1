"""One person: their details (saved as you type) and every meeting with them across events."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Label, Static

from netjournal.domain.ahead import counts_as_met, is_coming_up
from netjournal.domain.cadence import EXAMPLE, CadenceError, read_cadence, stored_cadence
from netjournal.domain.dates import describe_date
from netjournal.domain.followups import is_in_circle
from netjournal.domain.tags import parse_tags, tags_text
from netjournal.domain.vocab import FOLLOW_UPS, STILL_THINKING
from netjournal.screens.page import AutosavePage
from netjournal.widgets.fields import Field, LongField
from netjournal.widgets.footer import Footer
from netjournal.widgets.save_indicator import SaveIndicator
from netjournal.widgets.tags import TAGS_PLACEHOLDER, show_tags_problem, typed_tags
from netjournal.widgets.title import Title, short

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.store.merge import MergeRecord
    from netjournal.store.models import Person
    from netjournal.store.people import TimelineEntry

FIELDS = (
    ("name", "Name", "their name"),
    ("great_at", "Great at", "what they're good at (skills, not fame)"),
    ("contact", "Contact", "how to reach them"),
)
TOUCH = ("keep_in_touch", "Keep in touch every", f"off · e.g. {EXAMPLE}: then they come back to Follow-ups")
ONE_LINE = (*FIELDS, TOUCH)  # the fields of one line, in the page's order
NEEDS_NAME = "A person needs a name. The one already saved is kept until you type one."
KEPT_CADENCE = "The one already saved is kept until you type one that is."
NO_MEETINGS = "No meetings yet. They'll show here once this person is on an event's meet list."
HOW_TO = "enter or tab edits · M merges with another record of the same person · escape goes back"


def one_line(text: str) -> str:
    """A one-line field can't show line breaks (a merge joins lines), so they read as "; "."""
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def timeline_entry(entry: TimelineEntry, *, today: date) -> Text:
    """One meeting, read-only: the event, then only the parts that were written down."""
    text = Text.assemble((entry.event_name, "bold"), "  ", (describe_date(entry.event_date, today=today), "dim"))
    if entry.status == "hoping":
        text.append("  · hoping to meet" if is_coming_up(entry.event_date, today) else "  · hoped to meet", style="dim")
    elif entry.status == "not_this_time":
        text.append("  · not this time", style="dim")
    lines = [
        ("Talked about", entry.talked_about),
        ("Not about work", entry.not_work),
        ("Still thinking", STILL_THINKING.get(entry.still_thinking, "")),
        ("Follow-up", follow_up_words(entry, today=today)),
    ]
    for label, value in lines:
        if value.strip():
            text.append(f"\n  {label}: ", style="dim")
            text.append(" ".join(value.split()))
    return text


def follow_up_words(entry: TimelineEntry, *, today: date) -> str:
    words = FOLLOW_UPS.get(entry.follow_up, "")
    if entry.follow_up == "planned" and entry.follow_up_due is not None:
        return f"{words}, by {describe_date(entry.follow_up_due, today=today)}"
    if entry.follow_up == "done" and entry.followed_up_on is not None:
        return f"{words} on {describe_date(entry.followed_up_on, today=today)}"
    return words


class PersonScreen(AutosavePage[dict[str, str], None]):
    FIRST_FIELD = "#name"

    BINDINGS = [
        Binding("M", "merge", "Merge records", id="person-merge", key_display="M"),
        Binding("u", "undo_merge", "Undo merge", id="person-undo-merge"),
        Binding("h", "history", "History", id="person-history"),
        Binding("d", "delete", "Delete", id="person-delete"),
        Binding("ctrl+s", "save", "Save now", id="save", priority=True, show=False),
    ]

    def __init__(self, person_id: str) -> None:
        super().__init__()
        self.person_id = person_id
        self.person: Person | None = None
        self._merges: list[tuple[MergeRecord, str, str]] = []  # (record, merged name, kept name), newest last

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="page-head"):
            yield Title(id="person-title")
            yield SaveIndicator(id="indicator")
        with Vertical(id="person-fields"):
            for key, label, placeholder in FIELDS:
                with Horizontal(classes="row"):
                    yield Label(label, classes="label")
                    yield Field(placeholder=placeholder, id=key)
                if key == "name":
                    yield Static(NEEDS_NAME, id="name-hint", classes="hint problem", markup=False)
            with Horizontal(id="notes-row"):
                yield Label("Notes", classes="label")
                yield LongField(placeholder="anything worth remembering", id="notes")
            key, label, placeholder = TOUCH
            with Horizontal(classes="row"):
                yield Label(label, classes="label")
                yield Field(placeholder=placeholder, id=key)
            yield Static("", id="touch-hint", classes="hint problem", markup=False)
            with Horizontal(classes="row"):
                yield Label("Tags", classes="label")
                yield Field(placeholder=TAGS_PLACEHOLDER, id="tags")
            yield Static("", id="tags-hint", classes="hint problem", markup=False)
            yield Static(Text(HOW_TO, style="dim"), id="person-keys")
            yield Static("", id="timeline-head", markup=False)
        yield VerticalScroll(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name-hint").display = False
        self.query_one("#touch-hint").display = False
        self.query_one("#tags-hint").display = False
        self.reload()

    # Reading ---------------------------------------------------------------

    def reload(self, *, force: bool = False) -> None:
        """Read the person again; `force` replaces what the fields show (after a merge or its undo)."""
        person_id = self.person_id

        def job(session: Session) -> dict[str, Any] | None:
            from netjournal.store import people, queries, tags

            person = queries.get_person(session=session, person_id=person_id)
            if person is None:
                return None
            return {
                "person": person,
                "timeline": people.person_timeline(session=session, person_id=person_id),
                "tags": tags.tags_of_person(session=session, person_id=person_id),
            }

        self.journal.read(job, lambda data: self._loaded(data, force), latest=self)

    def _loaded(self, data: dict[str, Any] | None, force: bool) -> None:
        if not self.on_stack:
            return
        if data is None:
            self.notify("That person is no longer in the journal.")
            self.app.call_later(self.dismiss_page)
            return
        if force:
            self._saved = None
        self.person = data["person"]
        self._saved = self.fill(data)
        self._show_timeline(data["timeline"])
        self.edited()

    async def dismiss_page(self) -> None:
        if self.app.screen is self:
            await self.app.pop_screen()

    def fill(self, data: dict[str, Any]) -> dict[str, str]:
        person = data["person"]
        saved = {
            "id": person.id,
            "name": one_line(person.name),
            "great_at": one_line(person.great_at),
            "contact": one_line(person.contact),
            "keep_in_touch": person.keep_in_touch if read_cadence(person.keep_in_touch) else "",
            "notes": person.notes,
            "tags": tags_text(data["tags"]),
        }
        before = self._saved
        for key in (*(key for key, _, _ in ONE_LINE), "tags"):
            field = self.query_one(f"#{key}", Field)
            # Fields typed into since the last save keep what was typed ("every 3 months" is "3 months" saved).
            if before is None or field.value == before[key] or self._cadence(field.value) == before[key]:
                field.value = saved[key]
        notes = self.query_one("#notes", LongField)
        if before is None or notes.value == before["notes"]:
            notes.value = saved["notes"]
        self._show_title(person.name)
        return saved

    def _show_title(self, name: str) -> None:
        self.query_one("#person-title", Title).show(name)

    def _show_timeline(self, entries: list[TimelineEntry]) -> None:
        today = self.journal_app.today()
        counted = [e for e in entries if counts_as_met(e.status, e.event_date, today)]
        events_met = len({e.event_id for e in counted})
        in_circle = is_in_circle(events_met, any(e.follow_up == "done" for e in counted))
        head = Text("Every meeting", style="bold")
        if entries:
            head.append(f"   met at {events_met} event{'' if events_met == 1 else 's'}", style="dim")
        if in_circle:
            head.append("   ● your circle", style="dim")
        self.query_one("#timeline-head", Static).update(head)
        timeline = self.query_one("#timeline", VerticalScroll)
        timeline.remove_children()
        if not entries:
            timeline.mount(Static(NO_MEETINGS, classes="meeting", markup=False))
            return
        timeline.mount_all(Static(timeline_entry(e, today=today), classes="meeting", markup=False) for e in entries)

    # Saving ---------------------------------------------------------------

    def values(self) -> dict[str, str]:
        result = {"id": self.person_id}
        for key, _, _ in ONE_LINE:
            result[key] = self.query_one(f"#{key}", Field).value
        result["notes"] = self.query_one("#notes", LongField).value
        saved_tags = self._saved["tags"] if self._saved is not None else ""
        result["tags"] = typed_tags(self.query_one("#tags", Field).value, saved_tags)[0]
        blank = not result["name"].strip()
        self.query_one("#name-hint").display = blank
        if blank and self._saved is not None:
            result["name"] = self._saved["name"]
        cadence = self._cadence(result["keep_in_touch"])
        hint = self.query_one("#touch-hint", Static)
        hint.display = cadence is None
        if cadence is None:
            hint.update(f"{self._cadence_problem(result['keep_in_touch'])} {KEPT_CADENCE}")
        result["keep_in_touch"] = cadence if cadence is not None else (self._saved or {}).get("keep_in_touch", "")
        return result

    @staticmethod
    def _cadence(typed: str) -> str | None:
        """A typed cadence as the journal keeps it ("" is off), or None when it isn't one."""
        try:
            return stored_cadence(typed)
        except CadenceError:
            return None

    @staticmethod
    def _cadence_problem(typed: str) -> str:
        try:
            stored_cadence(typed)
        except CadenceError as err:
            return str(err)
        return ""

    def write(self, session: Session, values: dict[str, str], saved: dict[str, str]) -> None:
        from netjournal.store import queries

        changes: dict[str, Any] = {k: v for k, v in values.items() if k != "id" and v != saved.get(k)}
        if "tags" in changes:
            changes["tags"] = parse_tags(changes["tags"])
        if changes:
            queries.update_person(session=session, person_id=values["id"], visit=self.visit, expected=saved, **changes)

    def after_save(self, values: dict[str, str], result: None) -> None:
        self._show_title(values["name"])

    def edited(self) -> None:
        if self._saved is not None:
            show_tags_problem(self, "#tags", "#tags-hint", self._saved["tags"])
        super().edited()

    # History and the Trash --------------------------------------------------

    def action_history(self) -> None:
        """The person's History; after a restore the fields show what the journal holds, in a new visit."""
        from netjournal.screens.history import HistoryScreen

        self.save_now()

        def closed(restored: bool | None) -> None:
            if restored and self.on_stack:
                self.visit = str(uuid.uuid4())
                self.reload(force=True)

        self.app.push_screen(HistoryScreen(person_id=self.person_id), closed)

    def action_delete(self) -> None:
        from netjournal.screens.trash import delete_person

        delete_person(self, self.person_id, self.values()["name"], then=self.dismiss_page)

    # Merging ----------------------------------------------------------------

    def _pending(self) -> tuple[dict[str, str], dict[str, str]] | None:
        """What is typed but not yet saved (saved with the merge, in the same transaction)."""
        self._stop_timer()
        self._next = None
        if self._saved is None:
            return None
        values = self.values()
        return None if values == self._saved else (values, self._saved)

    def action_merge(self) -> None:
        from netjournal.screens.merge import MergeScreen

        if self.person is None:
            return
        name = self.values()["name"]

        def chosen(pair: tuple[str, str] | None) -> None:
            if pair is not None:
                self._merge(*pair)

        self.app.push_screen(MergeScreen(self.person_id, name), chosen)

    def _merge(self, keep_id: str, merge_id: str) -> None:
        pending, write = self._pending(), self.write

        def job(session: Session) -> tuple[MergeRecord, str, str]:
            from netjournal.store import merge, queries

            if pending is not None:
                write(session, *pending)
            record = merge.merge_people(session=session, keep_id=keep_id, merge_id=merge_id)
            kept = queries.get_person(session=session, person_id=keep_id)
            assert kept is not None  # merge_people has just checked it is there
            return record, str(record.people_before[merge_id]["name"]), kept.name

        def done(result: tuple[MergeRecord, str, str]) -> None:
            _record, merged_name, kept_name = result
            self._merges.append(result)
            self.notify(
                f"Merged {short(merged_name)} into {short(kept_name)}. Nothing is lost; u undoes it.", markup=False
            )
            self.person_id = keep_id
            self.reload(force=True)

        self.journal.write(job, done)

    def action_undo_merge(self) -> None:
        if not self._merges:
            self.notify("No merge to undo.")
            return
        record, merged_name, kept_name = self._merges.pop()
        pending, write = self._pending(), self.write

        def job(session: Session) -> None:
            from netjournal.store import merge

            if pending is not None:
                write(session, *pending)
            merge.undo_merge(session=session, record=record)

        def done(_none: None) -> None:
            self.notify(f"Undone: {short(merged_name)} and {short(kept_name)} are two records again.", markup=False)
            self.reload(force=True)

        def kept_for_later(_err: Exception) -> None:
            self._merges.append((record, merged_name, kept_name))

        self.journal.write(job, done, on_error=kept_for_later)
