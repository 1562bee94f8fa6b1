"""Insights: what showing up has added up to, as a few calm pictures.

Everything compares you only with yourself: how many events you went to, how
you felt before and after each one, who you met again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Digits, Header, Sparkline, Static

from netjournal.domain.ahead import sure_lines, worry_line
from netjournal.domain.insights import bar_lines, circle_line, energy_line, headline
from netjournal.domain.vocab import OUTCOMES
from netjournal.screens.kept import KeptScreen
from netjournal.widgets.footer import Footer

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.domain.insights import EnergyFacts, Insights
    from netjournal.runner import Job

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BAR = 3  # cells per month in the events chart, then one blank between months
ENERGY_LEVELS = (5, 4, 3, 2, 1)
DOTS_SHOWN = 40  # people drawn as dots up to this many; beyond it, a bar
GOAL_BAR = 20

INVITATION = (
    "Nothing to look back on yet, and that's fine.\n\n"
    "After your first event, this page shows what showing up adds up to: "
    "the events you went to, how you felt before and after, and the people you met.\n\n"
    "Press n to add the first event you're going to, or just went to."
)
SUBLINE = "Every one of them counts, however it went."


def month_label(month: str) -> str:
    return MONTH_NAMES[int(month[5:7]) - 1]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def months_chart(per_month: list[tuple[str, int]]) -> tuple[list[int], Content, Content]:
    """Sparkline data (each month BAR cells wide, then a gap), the counts above and the month names below."""
    data: list[int] = []
    counts: list[str] = []
    names: list[str] = []
    for month, n in per_month:
        data += [n] * BAR + [0]
        counts.append((str(n) if n else "").center(BAR) + " ")
        names.append(month_label(month).center(BAR) + " ")
    return data, Content("".join(counts).rstrip()), Content("".join(names).rstrip())


def energy_chart(energy: Sequence[EnergyFacts]) -> Content:
    """Two columns per event, before (soft) and after (warm), one row per energy level 5..1."""
    rows = []
    for level in ENERGY_LEVELS:
        parts: list[Any] = [(f"{level} ", "$text-muted")]
        for e in energy:
            parts.append(("█" if e.before >= level else " ", "$primary 60%"))
            parts.append(("█" if e.after >= level else " ", "$success"))
            parts.append("  ")
        rows.append(Content.assemble(*parts).rstrip())
    names = "  " + "".join(month_label(f"{e.date:%Y-%m}").ljust(4) for e in energy)
    rows.append(Content.styled(names.rstrip(), "$text-muted"))
    rows.append(Content.assemble("  ", ("█", "$primary 60%"), " before   ", ("█", "$success"), " after"))
    return Content("\n").join(rows)


def goals_picture(outcomes: dict[str, int]) -> Content:
    shown = [(OUTCOMES[key], outcomes.get(key, 0)) for key in ("met", "partly", "not_this_time")]
    if not any(n for _, n in shown):
        return Content("Set a goal before your next event, and how it went will show here.")
    colors = ("$success", "$primary", "$text-muted")
    lines = [Content.styled(line, color) for line, color in zip(bar_lines(shown, GOAL_BAR), colors, strict=False)]
    still_open = outcomes.get("open", 0)
    if still_open:
        lines.append(Content.styled(f"\n{_plural(still_open, 'goal', 'goals')} still open", "$text-muted"))
    return Content("\n").join(lines)


def worries_picture(ins: Insights) -> Content:
    """What the worries added up to, and how sure you were of each against what happened."""
    lines = [Content(""), Content.styled("Worries", "bold"), Content(worry_line(ins.worries))]
    picture = sure_lines(ins.worries)
    if picture:
        lines.append(Content.styled("How sure you were before, and how many happened:", "$text-muted"))
        lines.extend(Content(line) for line in picture)
    return Content("\n").join(lines)


def people_picture(ins: Insights) -> Content:
    if ins.people_met == 0:
        return Content("The people you meet at events will show here, two at most per evening.")
    met = Content.assemble(
        (str(ins.people_met), "bold"),
        " person met" if ins.people_met == 1 else " people met",
        ", across ",
        _plural(ins.conversations, "conversation", "conversations"),
    )
    circle, others = ins.circle_size, max(ins.people_met - ins.circle_size, 0)
    if ins.people_met <= DOTS_SHOWN:
        picture = Content.assemble(("● " * circle, "$success"), ("○ " * others, "$text-muted")).rstrip()
    else:
        width = 40
        filled = round(circle / ins.people_met * width)
        picture = Content.assemble(("█" * filled, "$success"), ("░" * (width - filled), "$text-muted"))
    lines = [
        met,
        Content(""),
        picture,
        Content.styled(circle_line(ins), "$text-muted"),
        Content(""),
        Content.assemble(
            (str(ins.follow_ups_done), "bold"), " follow-up done" if ins.follow_ups_done == 1 else " follow-ups done"
        ),
        Content.assemble(
            (str(ins.not_work_moments), "bold"),
            " moment that wasn't about work" if ins.not_work_moments == 1 else " moments that weren't about work",
        ),
    ]
    return Content("\n").join(lines)


class InsightsScreen(KeptScreen):
    # Side by side the panels need about 114 columns; narrower, they stack.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (114, "-wide")]
    BINDINGS = [
        Binding("n", "new", "New event", id="insights-new-event"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.insights: Insights | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="insights"):
            yield Static(INVITATION, id="insights-invitation", classes="dialog")
            with Horizontal(id="insights-head"):
                yield Digits("", id="showed-up-count")
                with Vertical(id="insights-words"):
                    yield Static("", id="insights-headline", markup=False)
                    yield Static(SUBLINE, id="insights-subline")
            with Horizontal(id="insights-pictures", classes="insights-row"):
                with Vertical(id="months-panel", classes="insights-panel"):
                    yield Static("", id="months-counts")
                    yield Sparkline([], id="months-spark")
                    yield Static("", id="months-names")
                    yield Static("", id="months-note", classes="insights-note")
                with Vertical(id="energy-panel", classes="insights-panel"):
                    yield Static("", id="energy-chart")
                    yield Static("", id="energy-note", classes="insights-note")
            with Horizontal(id="insights-counts", classes="insights-row"):
                with Vertical(id="goals-panel", classes="insights-panel"):
                    yield Static("", id="goals-picture")
                    yield Static("", id="worries-picture")
                with Vertical(id="people-panel", classes="insights-panel"):
                    yield Static("", id="people-picture")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#months-panel").border_title = "Events per month"
        self.query_one("#energy-panel").border_title = "Energy, before and after each event"
        self.query_one("#goals-panel").border_title = "Goals"
        self.query_one("#people-panel").border_title = "People"
        self._show_parts(invitation=False, figures=False)

    def read_journal(self) -> None:
        self.load()

    def first_read(self) -> Job[Insights]:
        today = self.journal_app.today()

        def job(session: Session) -> Insights:
            from netjournal.store import stats

            return stats.insights(session=session, today=today)

        return job

    def show_first(self, found: Insights) -> None:
        self._fill(found)

    def load(self) -> None:
        self.reading()
        job = self.first_read()

        def done(ins: Insights) -> None:
            if self.on_stack:
                self.show(ins)
            else:
                self.not_shown()

        def not_read(_err: Exception) -> None:
            self.not_shown()

        self.journal.read(job, done, on_error=not_read, latest=self)

    def _show_parts(self, *, invitation: bool, figures: bool) -> None:
        self.query_one("#insights-invitation").display = invitation
        self.query_one("#insights-head").display = figures
        for row in self.query(".insights-row"):
            row.display = figures

    def show(self, ins: Insights) -> None:
        if self.is_mounted:
            self._fill(ins)

    def _fill(self, ins: Insights) -> None:
        self.insights = ins
        self.refresh_bindings()
        if ins.is_empty:
            self._show_parts(invitation=True, figures=False)
            return
        self.query_one("#showed-up-count", Digits).update(str(ins.showed_up_total))
        self.query_one("#insights-headline", Static).update(headline(ins))

        data, counts, names = months_chart(ins.events_per_month)
        self.query_one("#months-spark", Sparkline).data = data
        self.query_one("#months-counts", Static).update(counts)
        self.query_one("#months-names", Static).update(names)
        in_months = sum(n for _, n in ins.events_per_month)
        self.query_one("#months-note", Static).update(
            f"{_plural(in_months, 'event', 'events')} in the last twelve months."
            if in_months
            else "No events in the last twelve months, and that's fine. They'll show here as they come."
        )

        chart = self.query_one("#energy-chart", Static)
        chart.display = bool(ins.energy)
        if ins.energy:
            chart.update(energy_chart(ins.energy))
        self.query_one("#energy-note", Static).update(energy_line(ins))

        self.query_one("#goals-picture", Static).update(goals_picture(ins.outcomes))
        worries = self.query_one("#worries-picture", Static)
        worries.display = ins.worries.worries > 0  # shown once a worry has been looked back on
        worries.update(worries_picture(ins))
        self.query_one("#people-picture", Static).update(people_picture(ins))
        self._show_parts(invitation=False, figures=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new":  # offered only while the page is an invitation
            return self.insights is not None and self.insights.is_empty
        return True

    def action_new(self) -> None:
        # Run by the app: going home removes this screen, which would stop its own handler.
        self.app.call_later(self.journal_app.new_event)
