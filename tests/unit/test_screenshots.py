"""The README screenshot command writes every SVG, from the demo journal, where it is told,
and each picture shows its screen: its own words, and what the demo journal holds there."""

from netjournal.screens.events import EventsScreen
from netjournal.screens.followups import SHORT_ON_PURPOSE, FollowupsScreen
from netjournal.screens.goal import BEFORE_LINE as GOAL_BEFORE
from netjournal.screens.help import bindings_of
from netjournal.screens.meet import TEXT_FIELDS
from netjournal.screens.meet_ahead import AHEAD_LINES
from netjournal.screens.people import LEGEND
from netjournal.screens.person import HOW_TO
from netjournal.screens.reflection import PROMPTS, SHOWED_UP
from netjournal.screenshots import SHOTS, main
from tests.ui.screen_text import svg_lines

HELP_LEAVES_OUT = ("show_all", "app.focus_next", "app.focus_previous")

SHOWN = {
    "events": [
        "Local-first software conference",
        "Winter Python meetup",
        "Reflection",
        "coming up",
        "A year ago this week",
    ],
    "before": ["Winter Python meetup", "in 12 days", GOAL_BEFORE, "A worry", "I won't know anyone", "quite sure"],
    "before-meet": ["Lukas Brandt", "hoping to meet", "someone you'd like to meet", AHEAD_LINES[1]],
    "goal": ["Local-first software conference", "How it went", "What I learned", "sync conflicts"],
    "meet": ["Person 1", "Person 2", "Sofia Almeida", "Hana Novak", *(label for _, label, _ in TEXT_FIELDS)],
    "reflection": [SHOWED_UP, *(label for _, label, _ in PROMPTS), "Hana said conferences wear her out too."],
    "details": ["Local-first software conference", "Location", "Munich", "Notes", "d Details"],
    "followups": [SHORT_ON_PURPOSE, "Inès Moreau", *(b.description for b in bindings_of(FollowupsScreen) if b.show)],
    "people": [LEGEND, "12 people", "Mara Lindqvist", "Times met"],
    "person": ["Mara Lindqvist", HOW_TO, "Every meeting", "met at 3 events"],
    "insights": [
        "You showed up to 12 events. 11 this year.",
        "Events per month",
        "Energy, before and after",
        "Worries",
    ],
    # Every key of Events but "Show all", which works (and is listed) only while a filter is on, and tab and
    # shift+tab, which have nowhere else to go on a list alone.
    "help": [
        "This screen",
        "Everywhere",
        *(b.description for b in bindings_of(EventsScreen) if b.action not in HELP_LEAVES_OUT),
    ],
}


def test_every_shot_has_words_to_look_for():
    assert set(SHOWN) == set(SHOTS)


def test_the_screenshot_command_writes_every_svg(tmp_path, capsys):
    out = tmp_path / "shots"
    assert main(["--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.svg" for name in SHOTS)
    for name in SHOTS:
        svg = (out / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
        screen = "\n".join(svg_lines(svg))
        missing = [words for words in SHOWN[name] if words not in screen]
        assert not missing, f"{name}.svg doesn't show {missing}; it shows:\n{screen}"
    assert capsys.readouterr().err == ""
