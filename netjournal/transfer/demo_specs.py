"""What the demo journal holds: the shapes of its entries, and the people in it (its events are in demo_events)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonSpec:
    key: str
    name: str
    great_at: str
    contact: str = ""
    notes: str = ""
    keep_in_touch: str = ""  # a cadence, as the journal keeps it


@dataclass(frozen=True)
class MeetingSpec:
    person: str
    talked_about: str = ""
    not_work: str = ""
    still_thinking: str = "a_little"
    follow_up: str = "undecided"
    due_after: int | None = None  # days after the event
    followed_up_after: int | None = None
    status: str = "met"


@dataclass(frozen=True)
class ReflectionSpec:
    energy_before: int | None
    energy_after: int | None
    hard: str = ""
    others_too: str = ""
    friend_words: str = ""
    gained: str = ""
    proud: str = ""
    worry: str = ""  # the worry check: the worry, how sure before (1-5), did it happen, how sure after
    worry_sure_before: int | None = None
    worry_happened: str | None = None
    worry_sure_after: int | None = None


@dataclass(frozen=True)
class EventSpec:
    days: int  # relative to today: negative is in the past
    name: str
    kind: str
    location: str
    goal: str
    outcome: str
    learned: str = ""
    notes: str = ""
    meetings: tuple[MeetingSpec, ...] = field(default_factory=tuple)
    reflection: ReflectionSpec | None = None


PEOPLE = (
    PersonSpec(
        "mara",
        "Mara Lindqvist",
        "async Rust, and explaining hard things slowly",
        "mara@example.org",
        "Runs the testing corner at the Rust meetup.",
    ),
    PersonSpec("tomas", "Tomás Ferreira", "embedded Rust, soldering tiny boards", "@tomasf on Mastodon"),
    PersonSpec(
        "priya",
        "Priya Raman",
        "data pipelines, mentoring people new to the field",
        "priya@example.com",
        "Leads a data platform team now.",
    ),
    PersonSpec("sofia", "Sofia Almeida", "making dataframes fast, clear talks", "sofia.almeida@example.org"),
    PersonSpec("ben", "Ben Okafor", "survey design"),
    PersonSpec(
        "jonas",
        "Jonas Weber",
        "kind, useful feedback on talks",
        "jonas@example.net",
        "Hosts the lightning talks night.",
    ),
    PersonSpec("aiko", "Aiko Tanaka", "documentation, patient code review", keep_in_touch="3 months"),
    PersonSpec("lukas", "Lukas Brandt", "small command line tools, fast feedback loops", "lukas@example.com"),
    PersonSpec("chen", "Chen Wei", "data quality checks that people actually keep"),
    PersonSpec("nadia", "Nadia Haddad", "design tokens, naming things well", "nadia@example.org"),
    PersonSpec("ines", "Inès Moreau", "energy grid data, organising volunteers", "ines@example.net"),
    PersonSpec("hana", "Hana Novak", "sync engines, diagrams that make things click", "hana@example.com"),
)

# Tags, so lists and filters have something to show: by person key, and by event name.
PERSON_TAGS: dict[str, tuple[str, ...]] = {
    "mara": ("mentor", "rust"),
    "tomas": ("embedded", "rust"),
    "priya": ("data", "mentor"),
    "sofia": ("data", "python"),
    "jonas": ("speaking",),
    "lukas": ("cli", "rust"),
    "chen": ("data",),
    "nadia": ("design", "speaking"),
    "ines": ("climate", "data"),
    "hana": ("local-first",),
}
EVENT_TAGS: dict[str, tuple[str, ...]] = {
    "Rust Berlin meetup": ("berlin", "rust"),
    "PyData Lisbon": ("data", "python"),
    "Rust Berlin summer meetup": ("berlin", "rust"),
    "Analytics Engineering Conference": ("data",),
    "Climate tech meetup": ("climate",),
    "Local-first software conference": ("local-first",),
    "Winter Python meetup": ("python",),
}
