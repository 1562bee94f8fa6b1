"""The words the Reflection page answers an evening with. Pure: no UI, no database."""

from __future__ import annotations


def kind_line(people_met: int, outcome: str | None) -> str:
    """Words that answer the evening as it was: how many people were met, and how the goal went."""
    if outcome == "not_this_time":
        return "The goal wasn't for this time, and you still went. That took something."
    if people_met == 0:
        return "No conversations this time is fine. Being in the room is practice too."
    if people_met == 1:
        return "One real conversation is a good evening."
    return "Two people met. That's a full list."
