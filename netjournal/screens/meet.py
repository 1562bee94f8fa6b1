"""Meet list: exactly two people from the event (rule 2: a full list is a finished evening).

A slot's person is linked on purpose: by picking a match (→ takes the suggestion, or up/down
and enter in the list under the name), or by leaving the name field with a name (someone with
exactly that name, any case, or else someone new). While a name is typed nothing is linked,
made or renamed, and editing a slot's name never renames anyone (that is the person's page).
What is typed in a slot before it has a person waits, visibly, and is saved once it has one.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Static

from netjournal.domain.dates import describe_date, format_date, read_typed_date
from netjournal.domain.followups import plans_follow_up, suggest_due
from netjournal.domain.meet import list_line
from netjournal.domain.vocab import SLOTS
from netjournal.screens.meet_slots import (
    CHOICES,
    EMPTY_SLOT,
    LONG,
    NAMING_LINE,
    NOTES,
    TEXT_FIELDS,
    WAITING_LINE,
    Linked,
    Slots,
    Who,
    slot_row,
    write_slots,
)
from netjournal.screens.page import EventPage
from netjournal.widgets.choice import Choice
from netjournal.widgets.fields import Field, LongField, text_field
from netjournal.widgets.matches import Matches, NameField
from netjournal.widgets.title import short

if TYPE_CHECKING:
    from sqlmodel import Session


class MeetScreen(EventPage[Slots, dict[int, Linked]]):
    PAGE = "meet"
    FIRST_FIELD = "#s1-name"

    BINDINGS = [Binding("a", "add_person", "Add person", id="add-person")]

    def __init__(self, event_id: str, *, edit: bool = False) -> None:
        super().__init__(event_id, edit=edit)
        self._who: dict[int, Who] = dict.fromkeys(SLOTS)
        self._named = dict.fromkeys(SLOTS, "")  # the name each slot's person goes by, as this page knows it
        self._names: list[str] = []  # everyone's name, for the suggestion
        self._made: set[str] = set()  # people this page made (only the writer touches it)
        self._taking: int | None = None  # the slot whose name field got → at its end: a suggestion taken

    def compose_page(self) -> ComposeResult:
        with Horizontal(id="slots"):
            for slot in SLOTS:
                with Vertical(classes="slot", id=f"slot-{slot}") as box:
                    box.border_title = f"Person {slot}"
                    for key, label, placeholder in TEXT_FIELDS:
                        with Horizontal(classes="row long" if key in LONG else "row"):
                            yield Label(label, classes="label")
                            kind = LongField if key in LONG else NameField if key == "name" else Field
                            yield kind(placeholder=placeholder, id=f"s{slot}-{key}")
                        if key == "name":
                            yield Matches(id=f"s{slot}-matches", classes="matches")
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
            slots[meeting.slot] = (person.name, slot_row(meeting, person))
        return {"slots": slots, "names": queries.list_people_names(session=session)}

    def fill(self, data: dict[str, Any]) -> Slots:
        saved: Slots = {}
        for slot in SLOTS:
            name, row = data["slots"].get(slot, ("", EMPTY_SLOT))
            saved[slot] = dict(row)
            self._who[slot], self._named[slot] = row["who"], name
            self._fill_slot(slot, name, row)
        self._names = list(data["names"])
        self._suggest()
        self._show_line()
        return saved

    def _suggest(self) -> None:
        for slot in SLOTS:
            self._name_field(slot).suggester = SuggestFromList(self._names, case_sensitive=False)

    def _name_field(self, slot: int) -> Field:
        return self.query_one(f"#s{slot}-name", Field)

    def _field(self, slot: int, key: str) -> Field | LongField:
        return text_field(self, f"#s{slot}-{key}")

    def _fill_slot(self, slot: int, name: str, row: dict[str, Any], *, force: bool = False) -> None:
        for key, value in (("name", name), *((key, row[key]) for key in NOTES)):
            field = self._field(slot, key)
            if force or not field.value:
                field.value = value
        for key, _, _ in CHOICES:
            self.query_one(f"#s{slot}-{key}", Choice).value = row[key]
        due = self._field(slot, "due")
        if force or not due.value:
            due.value = format_date(row["follow_up_due"]) if row["follow_up_due"] else ""

    def _due(self, slot: int) -> tuple[date | None, str | None]:
        return read_typed_date(self._field(slot, "due").value, today=self.journal_app.today())

    def _slot_row(self, slot: int) -> dict[str, Any]:
        """What the slot's fields hold besides the name, as a row."""
        row: dict[str, Any] = {"who": self._who[slot], **{key: self._field(slot, key).value for key in NOTES}}
        row.update({key: self.query_one(f"#s{slot}-{key}", Choice).value for key, _, _ in CHOICES})
        due, problem = self._due(slot)
        # An unreadable date keeps the one already saved until it reads well.
        row["follow_up_due"] = self._saved[slot]["follow_up_due"] if problem and self._saved else due
        return row

    def values(self) -> Slots:
        # A slot with no one in it yet has nothing the journal can keep: its text waits (see `holding`).
        return {
            slot: self._slot_row(slot) if self._who[slot] else dict(self._saved[slot] if self._saved else EMPTY_SLOT)
            for slot in SLOTS
        }

    def why_not_held(self) -> str | None:
        waiting = [slot for slot in SLOTS if self.is_mounted and self._waits_for_name(slot)]
        if not waiting:
            return None
        return f"Person {waiting[0]} on the meet list has notes but no name yet; give them a name to keep the notes."

    def _waits_for_name(self, slot: int) -> bool:
        """Something is typed in a slot that has no one in it yet."""
        if self._who[slot] is not None:
            return False
        return {**self._slot_row(slot), "follow_up_due": None} != EMPTY_SLOT or bool(
            self._field(slot, "due").value.strip()
        )

    def _naming(self, slot: int) -> bool:
        """A name is being typed that the slot doesn't hold (yet)."""
        return self._field(slot, "name").value.strip() != self._named[slot]

    def holding(self) -> bool:
        return self.is_mounted and any(self._waits_for_name(slot) or self._naming(slot) for slot in SLOTS)

    def write(self, session: Session, values: Slots, saved: Slots) -> dict[int, Linked]:
        return write_slots(
            session, event_id=self.event_id, values=values, saved=saved, made=self._made, visit=self.visit
        )

    def after_save(self, values: Slots, known: dict[int, Linked]) -> None:
        for slot, linked in known.items():
            # Someone already in the journal: show what we know they're great at (unless typed over since).
            great_at = self._field(slot, "great_at")
            if great_at.value == values[slot]["great_at"]:
                great_at.value = linked.great_at
            now = ("id", linked.person_id)
            if self._saved is not None:
                self._saved[slot] = {**self._saved[slot], "who": now, "great_at": linked.great_at}
            if self._who[slot] == linked.who:
                name = self._field(slot, "name")
                if name.value.strip() == self._named[slot]:  # not typed in since: the name as the journal has it
                    name.value = linked.name
                self._who[slot], self._named[slot] = now, linked.name
            if linked.name not in self._names:
                self._names.insert(0, linked.name)
                self._suggest()
            if linked.trashed:
                self.notify(
                    f"{short(linked.trashed)} had nothing else in the journal, so they wait in the Trash now "
                    "(t on Events brings them back).",
                    markup=False,
                )
        self._show_line()

    # Naming a slot's person --------------------------------------------------

    def _name_slot(self, widget: object) -> int | None:
        """The slot whose name field `widget` is, if it is one."""
        for slot in SLOTS:
            if widget is self._field(slot, "name"):
                return slot
        return None

    def _matches(self, slot: int) -> Matches:
        return self.query_one(f"#s{slot}-matches", Matches)

    def _choose(self, slot: int, who: Who, name: str, *, keep: bool = True) -> None:
        """The slot is for `who` now (the person is linked, or made, by the save this starts)."""
        self._matches(slot).hide()
        other = next(each for each in SLOTS if each != slot)
        if who == self._who[other] or name.casefold() == self._named[other].casefold():
            self.notify(f"{short(self._named[other])} is already on this meet list.", markup=False)
            self._field(slot, "name").value = self._named[slot]
            return
        if who != self._who[slot]:
            self._who[slot], self._named[slot] = who, name
            self.edited()
        if keep:
            super().save_now()

    def _leave_name(self, slot: int, *, keep: bool = True) -> None:
        """Leaving the name field: the name in it is taken as given."""
        field = self._field(slot, "name")
        text = field.value.strip()
        self._matches(slot).hide()
        if text == self._named[slot]:
            return
        if self._who[slot] is not None and (not text or text.casefold() == self._named[slot].casefold()):
            # Emptied, or the same name in another case: the slot keeps its person (`a` swaps one out).
            field.value = self._named[slot]
            return
        if text:
            self._choose(slot, ("name", text), text, keep=keep)

    @on(Input.Blurred)
    def _left(self, message: Input.Blurred) -> None:
        slot = self._name_slot(message.input)
        if slot is not None and self._saved is not None and self.on_stack:
            self._leave_name(slot)

    @on(Input.Changed)
    def _name_typed(self, message: Input.Changed) -> None:
        slot = self._name_slot(message.input)
        if slot is None or self._saved is None:
            return
        text = message.value.strip()
        taking, self._taking = self._taking, None
        if taking == slot and text.casefold() in (name.casefold() for name in self._names):  # → took the suggestion
            self._choose(slot, ("name", text), text)
        elif message.input.has_focus and text and text != self._named[slot]:
            self._find_matches(slot, text)
        else:
            self._matches(slot).hide()

    def _find_matches(self, slot: int, text: str) -> None:
        def job(session: Session) -> list[tuple[str, str, str]]:
            from netjournal.store import slots

            return [(m.id, m.name, m.great_at) for m in slots.people_matching(session=session, text=text)]

        def done(people: list[tuple[str, str, str]]) -> None:
            field = self._field(slot, "name")
            if self.on_stack and field.has_focus and field.value.strip() == text:
                self._matches(slot).show(people)

        self.journal.read(job, done, latest=("matches", self.event_id, slot))

    @on(events.Key)
    def _name_keys(self, event: events.Key) -> None:
        self._taking = None
        slot = self._name_slot(self.focused)
        if slot is None or self._saved is None:
            return
        matches, field = self._matches(slot), self._name_field(slot)
        if event.key in ("down", "up") and matches.display:
            matches.move(1 if event.key == "down" else -1)
            event.stop()
        elif event.key == "right" and field.cursor_at_end:
            self._taking = slot
            exact = next((n for n in self._names if n.casefold() == field.value.strip().casefold()), None)
            if exact is not None and ("name", exact) != self._who[slot] and exact != self._named[slot]:
                field.value = exact
                self._choose(slot, ("name", exact), exact)

    @on(Input.Submitted)
    def _name_entered(self, message: Input.Submitted) -> None:
        slot = self._name_slot(message.input)
        if slot is None:
            return
        chosen = self._matches(slot).chosen
        if chosen is not None:
            self._pick(slot, *chosen)
        else:
            self.focus_next()  # leaving the field keeps the name

    @on(OptionList.OptionSelected)
    def _clicked(self, message: OptionList.OptionSelected) -> None:
        for slot in SLOTS:
            if message.option_list is self._matches(slot):
                self._pick(slot, *self._matches(slot).person_at(message.option_index))

    def _pick(self, slot: int, person_id: str, name: str) -> None:
        field = self._name_field(slot)
        field.value = name
        field.cursor_position = len(name)
        self._choose(slot, ("id", person_id), name)

    def save_now(self) -> None:
        """Leaving the page, ctrl+s or quitting: a name still in its field is taken as given."""
        if self._saved is not None:
            for slot in SLOTS:
                self._leave_name(slot, keep=False)
        super().save_now()

    def save_paused(self) -> None:
        super().save_now()  # a pause in typing never links, makes or renames anyone

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
        if not due.value.strip() and self.event.date is not None:
            app = self.journal_app
            due.value = format_date(suggest_due(self.event.date, app.today(), app.settings.follow_up_days))

    def edited(self) -> None:
        for slot in SLOTS:
            due, problem = self._due(slot)
            hint = problem or (describe_date(due, today=self.journal_app.today()) if due else "")
            self.query_one(f"#s{slot}-due-hint", Static).update(hint)
        self._show_line()
        super().edited()

    def _show_line(self) -> None:
        names = [self._field(slot, "name").value.strip() for slot in SLOTS]
        waiting = [slot for slot in SLOTS if self._waits_for_name(slot)]
        for slot in SLOTS:
            self.query_one(f"#slot-{slot}").border_subtitle = "needs a name" if slot in waiting else ""
        naming = self._name_slot(self.focused)
        if naming is not None and names[naming - 1] and self._naming(naming):
            line = NAMING_LINE
        elif any(not names[slot - 1] for slot in waiting):
            line = WAITING_LINE
        else:
            line = list_line(sum(1 for n in names if n))
        self.query_one("#meet-line", Static).update(line)

    # The third person -------------------------------------------------------

    def action_add_person(self) -> None:
        from netjournal.screens.swap import SwapScreen

        for slot in SLOTS:
            if not self._name_field(slot).value.strip():
                self._name_field(slot).focus()
                return
        self.save_now()
        names = {slot: self._name_field(slot).value.strip() for slot in SLOTS}
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
            self._who[slot], self._named[slot] = None, ""
            self._fill_slot(slot, "", EMPTY_SLOT, force=True)
            self._name_field(slot).focus()
            self._show_line()

        self.journal.write(job, done)
