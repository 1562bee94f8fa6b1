"""Text hygiene: what a person typed or imported, made safe to store and show."""

import re

# C0 controls but tab and newline, DEL, and the C1 controls (0x80-0x9f, e.g. CSI 0x9b).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Drop terminal control characters (ESC among them); keep tab and newline."""
    if not text:
        return text
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


def fold_line(text: str) -> str:
    """A one-line field holds one line: line breaks and tabs (runs of them) become one space."""
    if not text:
        return text
    return _LINE_BREAKS.sub(" ", text)


def kept_text(text: str) -> str:
    """Text as the journal keeps and shows it: `clean_text`, leaving the common all-printable text untouched."""
    return text if text.isprintable() or not text else clean_text(text)


def kept_line(text: str) -> str:
    """A one-line field as the journal keeps and shows it: folded, then cleaned."""
    return text if text.isprintable() or not text else clean_text(fold_line(text))


_SHOWN = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Text from a person or a file, safe to echo in a message: every control character written out (`\\x1b`)."""
    return _SHOWN.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def count(n: int, one: str, many: str | None = None) -> str:
    """`1 event`, `2 events`, `1 person`, `3 people`: a number with the word that fits it."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
