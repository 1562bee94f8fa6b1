"""What a list's columns are and how they share the width, without the table itself (which the
Events screen of an empty journal never needs, so its first frame doesn't wait for it).

Each column is as wide as its text, up to `least` cells. Columns with a share (`share`) then
take the room left: first those whose text doesn't fit yet, in proportion to their shares,
then all of them by share, so nothing is cut while there is room; where even the least widths
don't fit, they give way. Text that can't fit ends in an ellipsis (`cell`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

FLOOR = 4  # cells a shared column keeps when even the least widths don't fit


@dataclass(frozen=True)
class Col:
    label: str
    least: int  # a column with no share: the most it takes, as much as its text (and label) need
    share: int = 0  # parts of the room left over this column takes


def cell(text: str, style: str = "") -> Text:
    """A cell's text on one line, ending in an ellipsis where the column is too narrow for it."""
    return Text(" ".join(text.split()), style=style, no_wrap=True, overflow="ellipsis", end="")


def text_width(value: object) -> int:
    plain = value.plain if isinstance(value, Text) else str(value)
    return max((cell_len(line) for line in plain.splitlines()), default=0)


def share_widths(columns: Sequence[Col], wants: Sequence[int], room: int) -> list[int]:
    """Each column's width in `room` cells (padding left out): see the module's docstring."""
    widths = [min(c.least, wants[i]) for i, c in enumerate(columns)]  # no column wider than its text, yet
    shared = [i for i, c in enumerate(columns) if c.share]
    if not shared:
        return widths
    spare = room - sum(widths)
    while spare < 0:  # too narrow even for the least widths: shared columns give way, each down to FLOOR
        roomy = [i for i in shared if widths[i] > FLOOR]
        if not roomy:
            break
        widest = max(roomy, key=lambda i: widths[i] / columns[i].share)
        widths[widest] -= 1
        spare += 1
    while spare > 0:
        short = [i for i in shared if widths[i] < wants[i]] or shared  # text still cut first, then all
        most_short = min(short, key=lambda i: widths[i] / columns[i].share)
        widths[most_short] += 1
        spare -= 1
    return widths
