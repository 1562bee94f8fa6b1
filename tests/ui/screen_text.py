"""What a screen shows, as text, read back from a public screenshot (Textual's SVG export)."""

from __future__ import annotations

import html
import re

from rich.cells import cell_len

SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>'
)


def svg_lines(svg: str) -> list[str]:
    """Every line of the screen in `svg`, each cell where the screen puts it (spaces between)."""
    found: dict[int, list[tuple[float, str]]] = {}
    char_width = 0.0
    for x, length, line, escaped in SVG_TEXT.findall(svg):
        text = html.unescape(escaped).replace("\xa0", " ")
        char_width = char_width or float(length) / len(text)
        found.setdefault(int(line), []).append((float(x), text))
    lines = []
    for number in range(max(found, default=-1) + 1):
        line = ""
        for x, text in sorted(found.get(number, [])):
            line += " " * max(0, round(x / char_width) - cell_len(line)) + text
        lines.append(line)
    return lines


def screen_lines(app) -> list[str]:
    """The text of every cell the app's screen shows, line by line."""
    lines = svg_lines(app.export_screenshot())
    return lines + [""] * (app.size.height - len(lines))
