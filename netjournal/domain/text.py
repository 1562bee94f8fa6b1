"""Text hygiene: what a person typed or imported, made safe to store and show."""

import re

# C0 controls but tab and newline, DEL, and the C1 controls (0x80-0x9f, e.g. CSI 0x9b).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Drop terminal control characters (ESC among them); keep tab and newline."""
    if not text:
        return text
    return _CONTROL.sub("", text.replace("\r\n", "\n"))
