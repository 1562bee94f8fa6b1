"""Meet list: exactly two people from the event (rule 2: a full list is a finished evening)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Label, Static

from netjournal.domain.dates import DateParseError, describe_date, format_date, parse_date
from netjournal.domain.followups import plans_follow_up, suggest_due
from netjournal.domain.vocab import FOLLOW_UPS, SLOTS, STATUSES, STILL_THINKING
from netjournal.screens.page import EventPage
from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import Field, LongField, text_field

if TYPE_CHECKING:
    from sqlmodel import Session

Slots = dict[int, dict[str, Any]]  # slot -> what its fields hold

TEXT_FIELDS = (
    ("name", "Name", "who you talked with"),
    ("great_at", "Great at", "what they're good at (skills, not fame)"),
    ("talked_about", "Talked about", "what you talked about"),
    ("not_work", "Not about work", "a moment that wasn't about work"),
)
LONG = {"talked_about", "not_work"}  # written over several lines
CHOICES = (
    ("status", "Hoping / met", STATUSES),
    ("still_thinking", "Still thinking", STILL_THINKING),
    ("follow_up", "Follow-up", FOLLOW_UPS),
)
EMPTY_SLOT: dict[str, Any] = {
    "name": "",
    "great_at": "",
    "talked_about": "",
    "not_work": "",
    "status": "met",
    "still_thinking": "a_little",
    "follow_up": "undecided",
    "follow_up_due": None,
}


class MeetScreen(EventPage[Slots, dict[int, str]]):
    PAGE = "meet"
    FIRST_FIELD = "#s1-name"

    BINDINGS = [
        Binding("a", "add_person", "Add person", id="add-person"),
    ]

    def compose_page(self) -> ComposeResult:
        with Horizontal(id="slots"):
            for slot in SLOTS:
                with Vertical(classes="slot", id=f"slot-{slot}") as box:
                    box.border_title = f"Person {slot}"
                    for key, label, placeholder in TEXT_FIELDS:
                        with Horizontal(classes="row long" if key in LONG else "row"):
                            yield Label(label, classes="label")
                            kind = LongField if key in LONG else Field
                            yield kind(placeholder=placeholder, id=f"s{slot}-{key}")
                    for key, label, options in CHOICES:
                        with Horizontal(classes="row"):
                            yield Label(label, classes="label")
                            yield Choice(list(options.items()), value=EMPTY_SLOT[key], id=f"s{slot}-{key}")
                    with Horizontal(classes="row"):
                        yield Label("Follow up by", classes="label")
                        yield Field(placeholder="e.g. next tuesday", id=f"s{slot}-due")
                    yield Static("", id=f"s{slot}-due-hint", classes="hint", markup=False)
        yield Static("", id="meet-line", classes="kind-line", markup=False)

    # Reading and writing ---------------------------------------------------

    def read(self, session: Session) -> dict[str, Any]:
        from netjournal.store import queries

        slots = {}
        for meeting, person in queries.meetings_for_event(session=session, event_id=self.event_id):
            slots[meeting.slot] = {
                "name": person.name,
                "great_at": person.great_at,
                "talked_about": meeting.talked_about,
                "not_work": meeting.not_work,
                "status": meeting.status,
                "still_thinking": meeting.still_thinking,
                "follow_up": meeting.follow_up,
                "follow_up_due": meeting.follow_up_due,
            }
        return {"slots": slots, "names": queries.list_people_names(session=session)}

    def fill(self, data: dict[str, Any]) -> Slots:
        saved = {slot: dict(data["slots"].get(slot, EMPTY_SLOT)) for slot in SLOTS}
        for slot in SLOTS:
            self._fill_slot(slot, saved[slot])
            self.query_one(f"#s{slot}-name", Field).suggester = SuggestFromList(data["names"], case_sensitive=False)
        self._show_line()
        return saved

    def _fill_slot(self, slot: int, row: dict[str, Any], *, force: bool = False) -> None:
        for key, _, _ in TEXT_FIELDS:
            field = text_field(self, f"#s{slot}-{key}")
            if force or not field.value:
                field.value = row[key]
        for key, _, _ in CHOICES:
            self.query_one(f"#s{slot}-{key}", Choice).value = row[key]
        due = self.query_one(f"#s{slot}-due", Field)
        if force or not due.value:
            due.value = format_date(row["follow_up_due"]) if row["follow_up_due"] else ""

    def _due(self, slot: int) -> tuple[date | None, str | None]:
        text = self.query_one(f"#s{slot}-due", Field).value
        if not text.strip():
            return None, None
        try:
            return parse_date(text, today=self.journal_app.today()), None
        except DateParseError as err:
            return None, str(err)

    def values(self) -> Slots:
        result: Slots = {}
        for slot in SLOTS:
            row: dict[str, Any] = {key: text_field(self, f"#s{slot}-{key}").value for key, _, _ in TEXT_FIELDS}
            row.update({key: self.query_one(f"#s{slot}-{key}", Choice).value for key, _, _ in CHOICES})
            due, problem = self._due(slot)
            # An unreadable date keeps the one already saved until it reads well.
            row["follow_up_due"] = self._saved[slot]["follow_up_due"] if problem and self._saved else due
            result[slot] = row
        return result

    def write(self, session: Session, values: Slots, saved: Slots) -> dict[int, str]:
        from netjournal.store import queries

        known = {}
        for slot in SLOTS:
            if values[slot] == saved[slot]:
                continue
            row = values[slot]
            if saved[slot]["name"].strip():
                # Someone is in this slot already: write only what changed here, since another
                # window may have changed the rest after this page read it.
                row = {key: value for key, value in row.items() if value != saved[slot][key]}
            self._keep_typing(session, slot, row.get("name", ""))
            result = queries.save_meet_slot(session=session, event_id=self.event_id, slot=slot, **row)
            if result is not None:
                known[slot] = result[1].great_at
        return known

    def _keep_typing(self, session: Session, slot: int, name: str) -> None:
        """A new name for someone met only here, and nobody else's, is them still being typed:
        rename them rather than start a new person (someone met elsewhere stays as they were)."""
        from netjournal.store import queries

        name = name.strip()
        meeting = queries.meeting_in_slot(session=session, event_id=self.event_id, slot=slot) if name else None
        if meeting is None:
            return
        person = queries.get_person(session=session, person_id=meeting.person_id)
        if (
            person is not None
            and person.name != name
            and queries.find_person_by_name(session=session, name=name) is None
            and not queries.met_elsewhere(session=session, person_id=person.id, meeting_id=meeting.id)
        ):
            queries.update_person(session=session, person_id=person.id, name=name)

    def after_save(self, values: Slots, known: dict[int, str]) -> None:
        # Someone already in the journal: show what we know they're great at.
        for slot, great_at in known.items():
            field = self.query_one(f"#s{slot}-great_at", Field)
            if great_at and not field.value:
                field.value = great_at
                if self._saved is not None:
                    self._saved[slot] = {**self._saved[slot], "great_at": great_at}
        self._show_line()

    # Reacting to what is typed ---------------------------------------------

    @on(Choice.Changed)
    def _choice_changed(self, message: Choice.Changed) -> None:
        choice_id = message.choice.id or ""
        # Only a choice made by hand plans a follow-up; filling the page in doesn't.
        if choice_id.endswith("-still_thinking") and message.value == "cant_stop" and message.choice.has_focus:
            self._plan_follow_up(int(choice_id[1]))

    def _plan_follow_up(self, slot: int) -> None:
        """Rule 4: "can't stop thinking about it" plans a follow-up, unless one is already decided."""
        follow_up = self.query_one(f"#s{slot}-follow_up", Choice)
        if not plans_follow_up("cant_stop", follow_up.value) or self.event is None:
            return
        follow_up.value = "planned"
        due = self.query_one(f"#s{slot}-due", Field)
        if not due.value.strip():
            due.value = format_date(suggest_due(self.event.date, self.journal_app.today()))

    def edited(self) -> None:
        for slot in SLOTS:
            due, problem = self._due(slot)
            hint = problem or (describe_date(due, today=self.journal_app.today()) if due else "")
            self.query_one(f"#s{slot}-due-hint", Static).update(hint)
        self._show_line()
        super().edited()

    def _show_line(self) -> None:
        names = [self.query_one(f"#s{slot}-name", Field).value.strip() for slot in SLOTS]
        filled = sum(1 for n in names if n)
        line = {
            0: "Who did you talk with? One or two people is plenty.",
            1: "One good conversation is a real evening. A second slot is here if you want it.",
            2: "Two people: a full list is a finished evening.",
        }[filled]
        self.query_one("#meet-line", Static).update(line)

    # The third person -------------------------------------------------------

    def action_add_person(self) -> None:
        from netjournal.screens.swap import SwapScreen

        for slot in SLOTS:
            if not self.query_one(f"#s{slot}-name", Field).value.strip():
                self.query_one(f"#s{slot}-name", Field).focus()
                return
        self.save_now()
        names = {slot: self.query_one(f"#s{slot}-name", Field).value.strip() for slot in SLOTS}
        self.app.push_screen(SwapScreen(names), self._swap)

    def _swap(self, slot: int | None) -> None:
        if slot is None:
            return
        event_id = self.event_id

        def job(session: Session) -> None:
            from netjournal.store import queries

            meeting = queries.meeting_in_slot(session=session, event_id=event_id, slot=slot)
            if meeting is not None:
                queries.remove_meeting(session=session, meeting_id=meeting.id)

        def done(_result: None) -> None:
            if not self.on_stack:
                return
            if self._saved is not None:
                self._saved[slot] = dict(EMPTY_SLOT)
            self._fill_slot(slot, EMPTY_SLOT, force=True)
            self.query_one(f"#s{slot}-name", Field).focus()
            self._show_line()

        self.journal.write(job, done)
