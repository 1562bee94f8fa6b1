"""Rule 2, you don't have to talk to everyone: what the meet list says of how full it is."""

_LINES = (
    "Who did you talk with? One or two people is plenty.",
    "One good conversation is a real evening. A second slot is here if you want it.",
    "Two people: a full list is a finished evening.",
)


def list_line(people: int) -> str:
    """The kind line under a meet list holding `people` (0, 1 or 2) people."""
    return _LINES[max(0, min(people, len(_LINES) - 1))]
