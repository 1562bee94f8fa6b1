"""The words the journal stores, and how each is said to a person.

Pure data: the store uses the keys for CHECK constraints, the screens the labels.
"""

KINDS: dict[str, str] = {
    "conference": "Conference",
    "meetup": "Meetup",
    "dinner": "Dinner",
    "talk": "Talk",
    "other": "Other",
}

OUTCOMES: dict[str, str] = {
    "open": "still open",
    "met": "met",
    "partly": "partly",
    "not_this_time": "not this time",
}

STATUSES: dict[str, str] = {
    "hoping": "hoping to meet",
    "met": "met",
    "not_this_time": "not this time",
}

STILL_THINKING: dict[str, str] = {
    "not_really": "not really",
    "a_little": "a little",
    "cant_stop": "can't stop thinking about it",
}

FOLLOW_UPS: dict[str, str] = {
    "undecided": "undecided",
    "planned": "planned",
    "done": "done",
    "let_go": "let go",
}

SLOTS = (1, 2)
ENERGY = (1, 2, 3, 4, 5)

FOLLOW_UP_DAYS = 2  # how many days after the event a follow-up is suggested; a setting (netjournal.settings)
