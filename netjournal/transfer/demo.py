"""A demo journal: about a year of events to explore before writing your own.

Every date, id and timestamp is worked out from `today` (DEMO_TODAY unless
given), so the same day always gives the same journal and screenshots stay
stable. Rows are built from the models directly because the ids and times must
be fixed; the database's constraints still check every one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from netjournal.errors import InputError
from netjournal.store import queries
from netjournal.store.models import Event, Goal, Meeting, Person, Reflection

DEMO_TODAY = date(2026, 11, 20)
_NAMESPACE = uuid.UUID("6b2f3c1e-58a4-4d7e-9a0c-2f1d9e7b4c30")


@dataclass(frozen=True)
class _Person:
    key: str
    name: str
    great_at: str
    contact: str = ""
    notes: str = ""


@dataclass(frozen=True)
class _Meeting:
    person: str
    talked_about: str = ""
    not_work: str = ""
    still_thinking: str = "a_little"
    follow_up: str = "undecided"
    due_after: int | None = None  # days after the event
    followed_up_after: int | None = None
    status: str = "met"


@dataclass(frozen=True)
class _Reflection:
    energy_before: int | None
    energy_after: int | None
    hard: str = ""
    others_too: str = ""
    friend_words: str = ""
    gained: str = ""
    proud: str = ""


@dataclass(frozen=True)
class _Event:
    days: int  # relative to today: negative is in the past
    name: str
    kind: str
    location: str
    goal: str
    outcome: str
    learned: str = ""
    notes: str = ""
    meetings: tuple[_Meeting, ...] = field(default_factory=tuple)
    reflection: _Reflection | None = None


PEOPLE = (
    _Person(
        "mara",
        "Mara Lindqvist",
        "async Rust, and explaining hard things slowly",
        "mara@example.org",
        "Runs the testing corner at the Rust meetup.",
    ),
    _Person("tomas", "Tomás Ferreira", "embedded Rust, soldering tiny boards", "@tomasf on Mastodon"),
    _Person(
        "priya",
        "Priya Raman",
        "data pipelines, mentoring people new to the field",
        "priya@example.com",
        "Leads a data platform team now.",
    ),
    _Person("sofia", "Sofia Almeida", "making dataframes fast, clear talks", "sofia.almeida@example.org"),
    _Person("ben", "Ben Okafor", "survey design"),
    _Person(
        "jonas",
        "Jonas Weber",
        "kind, useful feedback on talks",
        "jonas@example.net",
        "Hosts the lightning talks night.",
    ),
    _Person("aiko", "Aiko Tanaka", "documentation, patient code review"),
    _Person("lukas", "Lukas Brandt", "small command line tools, fast feedback loops", "lukas@example.com"),
    _Person("chen", "Chen Wei", "data quality checks that people actually keep"),
    _Person("nadia", "Nadia Haddad", "design tokens, naming things well", "nadia@example.org"),
    _Person("ines", "Inès Moreau", "energy grid data, organising volunteers", "ines@example.net"),
    _Person("hana", "Hana Novak", "sync engines, diagrams that make things click", "hana@example.com"),
)

EVENTS = (
    _Event(
        -351,
        "Rust Berlin meetup",
        "meetup",
        "c-base, Berlin",
        "Find out how people test async code without a real network.",
        "met",
        learned="Most people hide the network in a trait and test against a fake.",
        meetings=(
            _Meeting(
                "mara",
                "How she tests a tokio service with an in-memory transport.",
                "We both grew up by the sea and miss it most in winter.",
                "cant_stop",
                "done",
                due_after=3,
                followed_up_after=4,
            ),
            _Meeting(
                "tomas",
                "A keyboard he built with a chip the size of a lentil.",
                "His cat has opinions about soldering irons.",
                "a_little",
                "let_go",
            ),
        ),
        reflection=_Reflection(
            2,
            3,
            hard="Walking in alone when everyone was already mid-conversation.",
            others_too="The person by the door holding a drink and not drinking it.",
            friend_words="You went, you asked your question, and someone was glad you did.",
            gained="A testing pattern I used the very next week.",
            proud="I asked a question in the open discussion.",
        ),
    ),
    _Event(
        -288,
        "Data people dinner",
        "dinner",
        "Trattoria Lina",
        "Ask how people moved from analytics into data engineering.",
        "partly",
        learned="One clear story from Priya; the rest of the table talked about hiring.",
        meetings=(
            _Meeting(
                "priya",
                "Her move from dashboards to pipelines, one small project at a time.",
                "Traded dal recipes. Hers uses tamarind, mine will now too.",
                "cant_stop",
                "done",
                due_after=4,
                followed_up_after=5,
            ),
        ),
        reflection=_Reflection(
            2,
            2,
            hard="A long table where I could only hear the two people next to me.",
            others_too="Probably most of the table, honestly.",
            friend_words="One good conversation at a dinner is a good dinner.",
            gained="A concrete first step: own one pipeline end to end.",
        ),
    ),
    _Event(
        -267,
        "PyData Lisbon",
        "conference",
        "Lisbon",
        "Learn one practical way to profile pandas code.",
        "met",
        learned="Memory profiling first, then look at dtypes; most of my slowness was strings.",
        meetings=(
            _Meeting(
                "sofia",
                "Her talk on memory profiling, and the tool she used live on stage.",
                "She walked me to a bakery she swore by, and she was right.",
                "cant_stop",
                "done",
                due_after=3,
                followed_up_after=6,
                status="met",
            ),
            _Meeting("ben", "Why most surveys ask too many questions.", "", "not_really", "let_go"),
        ),
        reflection=_Reflection(
            3,
            2,
            hard="Three days of people. By the last afternoon I had nothing left.",
            others_too="The speaker who told me she hides in her hotel room at lunch.",
            friend_words="Leaving early on day three is looking after yourself, not giving up.",
            gained="A profiling routine, and Sofia.",
            proud="I went up to a speaker after her talk.",
        ),
    ),
    _Event(
        -246,
        "Lightning talks night",
        "talk",
        "Kulturhaus, room 2",
        "Give my five-minute talk and ask for one piece of feedback.",
        "met",
        learned="Half as many slides, twice as slow.",
        meetings=(
            _Meeting(
                "jonas",
                "He suggested cutting my slides in half and pausing after the demo.",
                "We both collect old film cameras; he has a Rollei.",
                "a_little",
                "undecided",
            ),
        ),
        reflection=_Reflection(
            1,
            4,
            hard="The ten minutes before my turn.",
            others_too="Every other speaker in the queue, by the look of their hands.",
            friend_words="Your voice shook and people still laughed at the right moments.",
            gained="Proof that I can do it.",
            proud="I gave the talk.",
        ),
    ),
    _Event(
        -198,
        "Docs sprint",
        "other",
        "Online",
        "Get my first pull request reviewed on the docs project.",
        "partly",
        learned="Reviewed, not merged yet; the contributor guide answers most questions.",
        meetings=(
            _Meeting(
                "aiko",
                "She walked me through the contributor guide and the review labels.",
                "She was drinking barley tea and sent me the brand.",
                "a_little",
                "let_go",
            ),
        ),
        reflection=_Reflection(
            3,
            3,
            gained="A reviewed pull request and a list of small next issues.",
            proud="I pressed submit instead of polishing for another week.",
        ),
    ),
    _Event(
        -155,
        "Rust Berlin summer meetup",
        "meetup",
        "a courtyard in Kreuzberg",
        "Hear how two teams structure their error handling.",
        "met",
        learned="Libraries get typed errors, applications get one error with context.",
        meetings=(
            _Meeting(
                "mara",
                "Her team's switch to typed errors; she showed me the diff.",
                "Her balcony tomatoes are finally flowering.",
                "cant_stop",
                "done",
                due_after=2,
                followed_up_after=3,
            ),
            _Meeting("lukas", "A tiny tool he wrote to time his test suite.", "", "not_really", "let_go"),
        ),
        reflection=_Reflection(
            3,
            4,
            hard="Not much this time. Seeing Mara again made it easy.",
            friend_words="It gets easier when you keep coming back to the same place.",
            gained="A cleaner way to think about errors.",
            proud="I introduced Mara to Lukas.",
        ),
    ),
    _Event(
        -177,
        "Founders' breakfast",
        "other",
        "Café Kranz",
        "Understand how small teams decide what not to build.",
        "not_this_time",
        learned="I arrived tired and mostly listened, which still taught me a little.",
        reflection=_Reflection(
            2,
            2,
            hard="Everyone seemed to know each other already.",
            others_too="The two people by the coffee urn who also stood alone.",
            friend_words="You got up early and went. Listening counts.",
            proud="I stayed until the end.",
        ),
    ),
    _Event(
        -99,
        "Analytics Engineering Conference",
        "conference",
        "Amsterdam",
        "Learn how teams test their dbt models.",
        "met",
        learned="Test the assumptions, not every column; start with the ones that broke before.",
        meetings=(
            _Meeting(
                "priya",
                "Testing setups, and how her team runs a weekly data quality review.",
                "We both got lost looking for the canal boat and found it together.",
                "cant_stop",
                "done",
                due_after=5,
                followed_up_after=6,
            ),
            _Meeting("chen", "Checks that people keep instead of muting.", "", "a_little", "let_go"),
        ),
        reflection=_Reflection(
            2,
            3,
            hard="The hallway between talks, so loud and so bright.",
            others_too="Chen said he finds the hallway hard too.",
            friend_words="You found the quiet room and came back out. That's a skill.",
            gained="A testing plan for our models.",
            proud="I said yes to the canal boat.",
        ),
    ),
    _Event(
        -72,
        "Naming things, a talk by Nadia Haddad",
        "talk",
        "Design Guild, Hamburg",
        "Ask the speaker one question about naming design tokens.",
        "met",
        learned="Name tokens for their purpose, never for their colour.",
        meetings=(
            _Meeting(
                "nadia",
                "My question about naming; she drew her answer on a napkin.",
                "She is learning the cello at forty and loves it.",
                "cant_stop",
                "done",
                due_after=3,
                followed_up_after=4,
            ),
            _Meeting(
                "jonas",
                "How my talking has changed since the lightning talks night.",
                "Swapped film photos on our phones.",
                "a_little",
                "undecided",
            ),
        ),
        reflection=_Reflection(
            3,
            4,
            others_too="Jonas, who said he still rehearses questions in his head.",
            friend_words="One question, asked well, is plenty.",
            gained="A naming rule I can explain to my team.",
            proud="I asked my question out loud, in front of everyone.",
        ),
    ),
    _Event(
        -57,
        "Climate tech meetup",
        "meetup",
        "Impact Hub",
        "Find one open-source project that needs help with data.",
        "partly",
        learned="Two projects need help; I haven't picked one yet.",
        meetings=(
            _Meeting(
                "ines",
                "The grid data her volunteers clean by hand every month.",
                "We both cycle to work in the rain, stubbornly.",
                "a_little",
                "undecided",
            ),
        ),
    ),
    _Event(
        -29,
        "Autumn data guild dinner",
        "dinner",
        "Hausmann's",
        "Hear how Mara's year went, and ask Inès which project to start with.",
        "met",
        learned="Start with the smaller project; Inès will pair with me on the first dataset.",
        meetings=(
            _Meeting(
                "mara",
                "Her year, my year, and what we'd both drop next year.",
                "Shared roasted chestnuts on the way to the tram.",
                "a_little",
                "undecided",
            ),
            _Meeting(
                "ines",
                "Which of the two projects to start with, and how to begin small.",
                "Her plan to cycle along the Elbe next spring.",
                "cant_stop",
                "planned",
                due_after=6,
            ),
        ),
        reflection=_Reflection(
            3,
            4,
            hard="Almost cancelled; I was tired after work.",
            friend_words="Going when tired and leaving when done is a fine way to do it.",
            gained="A clear first task for the climate project.",
            proud="I went instead of cancelling.",
        ),
    ),
    _Event(
        -4,
        "Local-first software conference",
        "conference",
        "Munich",
        "Learn how people handle sync conflicts in offline apps.",
        "partly",
        learned="CRDTs for text, last-writer-wins for settings; I still have questions about undo.",
        meetings=(
            _Meeting(
                "sofia",
                "Her new job, and how her team syncs notebooks offline.",
                "Caught up on the bakery from Lisbon; it has a second shop now.",
                "cant_stop",
                "planned",
                due_after=6,
            ),
            _Meeting(
                "hana",
                "Her diagram of two devices editing the same list.",
                "We both keep paper notebooks for ideas.",
                "cant_stop",
                "planned",
                due_after=7,
            ),
        ),
        reflection=_Reflection(
            2,
            3,
            hard="Two days away from home, with a talk track that ran late.",
            others_too="Hana said conferences wear her out too.",
            friend_words="You met two good people and learned the thing you came for, mostly.",
            gained="A much better picture of sync, and two people to ask.",
            proud="I sat with people I didn't know at lunch.",
        ),
    ),
    _Event(
        12,
        "Winter Python meetup",
        "meetup",
        "Betahaus",
        "Hear how other people keep side projects small enough to finish.",
        "open",
        notes="Lukas is giving a short talk.",
        meetings=(_Meeting("lukas", "His talk on tiny tools.", status="hoping"),),
    ),
)


def demo_id(kind: str, key: object) -> str:
    """A stable id for one demo row, the same in every demo journal."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _stamp(row, created: datetime, updated: datetime | None = None):
    row.created_at = created
    row.updated_at = updated or created
    return row


def _planned_on(spec: _Event, today: date) -> datetime:
    """When the event and its goal were written down: a few days ahead."""
    day = today + timedelta(days=spec.days)
    return _at(min(day - timedelta(days=5), today - timedelta(days=2)), 19, 30)


def _written_on(spec: _Event, today: date) -> datetime:
    """When the meet list and reflection were filled in: the evening after (or the plan, if still ahead)."""
    if spec.days > 0:
        return _planned_on(spec, today)
    day = today + timedelta(days=spec.days)
    return _at(min(day + timedelta(days=1), today), 21)


def write_demo(*, session: Session, today: date = DEMO_TODAY) -> int:
    """Write the demo journal into an empty journal; returns how many events it wrote."""
    if queries.count_events(session=session):
        raise InputError("This journal already has events; the demo only goes into a new or empty journal.")
    first_met: dict[str, datetime] = {}
    for spec in EVENTS:
        for m in spec.meetings:
            first_met.setdefault(m.person, _written_on(spec, today))
    for p in PEOPLE:
        session.add(
            _stamp(
                Person(id=demo_id("person", p.key), name=p.name, great_at=p.great_at, contact=p.contact, notes=p.notes),
                first_met[p.key],
            )
        )
    session.flush()  # people first: meetings point at them
    for index, spec in enumerate(EVENTS):
        day = today + timedelta(days=spec.days)
        planned_on = _planned_on(spec, today)
        written_on = _written_on(spec, today)
        ev = Event(
            id=demo_id("event", index),
            name=spec.name,
            date=day,
            kind=spec.kind,
            location=spec.location,
            notes=spec.notes,
        )
        session.add(_stamp(ev, planned_on, written_on))
        session.flush()
        session.add(
            _stamp(
                Goal(
                    id=demo_id("goal", index),
                    event_id=ev.id,
                    text=spec.goal,
                    outcome=spec.outcome,
                    learned=spec.learned,
                ),
                planned_on,
                written_on,
            )
        )
        for slot, m in enumerate(spec.meetings, start=1):
            session.add(
                _stamp(
                    Meeting(
                        id=demo_id("meeting", f"{index}:{slot}"),
                        event_id=ev.id,
                        person_id=demo_id("person", m.person),
                        slot=slot,
                        status=m.status,
                        talked_about=m.talked_about,
                        not_work=m.not_work,
                        still_thinking=m.still_thinking,
                        follow_up=m.follow_up,
                        follow_up_due=None if m.due_after is None else day + timedelta(days=m.due_after),
                        followed_up_on=None
                        if m.followed_up_after is None
                        else day + timedelta(days=m.followed_up_after),
                    ),
                    written_on,
                    _at(day + timedelta(days=m.followed_up_after), 9) if m.followed_up_after else written_on,
                )
            )
        if spec.reflection is not None:
            r = spec.reflection
            session.add(
                _stamp(
                    Reflection(
                        id=demo_id("reflection", index),
                        event_id=ev.id,
                        showed_up=True,
                        energy_before=r.energy_before,
                        energy_after=r.energy_after,
                        hard=r.hard,
                        others_too=r.others_too,
                        friend_words=r.friend_words,
                        gained=r.gained,
                        proud=r.proud,
                    ),
                    written_on,
                )
            )
    session.flush()
    return len(EVENTS)


def demo_texts() -> list[str]:
    """Every sentence the demo writes, for the tone check."""
    texts: list[str] = []
    for p in PEOPLE:
        texts += [p.name, p.great_at, p.contact, p.notes]
    for ev in EVENTS:
        texts += [ev.name, ev.location, ev.goal, ev.learned, ev.notes]
        for m in ev.meetings:
            texts += [m.talked_about, m.not_work]
        if ev.reflection is not None:
            r = ev.reflection
            texts += [r.hard, r.others_too, r.friend_words, r.gained, r.proud]
    return [t for t in texts if t]
