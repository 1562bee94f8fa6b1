"""The JSON reader import streams with reads exactly what json.loads reads, a piece at a time.

Any text, valid or broken, cut into pieces of any size: the reader gives json.loads's object, or
asks for the file to be read whole (ReadWhole), which is where json.loads names what is wrong.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.transfer.json_stream import JsonStream, ReadWhole

LISTED = frozenset({"people", "events"})


def streamed(data: bytes, chunk: int) -> object:
    """The object the reader gives, put back together; "whole" if it asks for the file to be read whole."""
    stream = JsonStream(io.BytesIO(data).read, json.JSONDecoder().scan_once, chunk=chunk)
    out: dict = {}
    try:
        for kind, key, value in stream.events(LISTED):
            if kind == "value":
                out[key] = value
            elif kind == "list":
                out[key] = []
            else:
                out[key].append(value)
    except ReadWhole:
        return "whole"
    except UnicodeDecodeError:
        return "not UTF-8"
    return out


def loaded(data: bytes) -> object:
    """What json.loads makes of `data`: the object, "whole" if it isn't one object with its keys once, or "error"."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "not UTF-8"
    keys: list[list[str]] = []
    try:
        value = json.loads(text, object_pairs_hook=lambda pairs: keys.append([k for k, _ in pairs]) or dict(pairs))
    except (ValueError, RecursionError):
        return "error"
    if not isinstance(value, dict) or len(set(keys[-1])) != len(keys[-1]):
        return "whole"
    return value


def assert_same(data: bytes, chunk: int) -> None:
    expected, got = loaded(data), streamed(data, chunk)
    if expected == "error":
        assert got in ("whole", "not UTF-8"), data
    else:
        assert got == expected, data


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)
DOCUMENTS = st.dictionaries(
    st.sampled_from(["people", "events", "format", "x", ""]), VALUES | st.lists(VALUES, max_size=4), max_size=4
)
MARKS = st.sampled_from([b",", b"]", b"}", b"[", b"{", b'"', b":", b" ", b"1", b".", b"e", b"-", b"\\", b"\n", b"\xff"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.integers(1, 9), st.sampled_from([None, 0, 2]), st.booleans(), st.data())
def test_any_text_in_any_pieces_reads_as_json_loads_reads_it(document, chunk, indent, ascii_only, data):
    raw = json.dumps(document, indent=indent, ensure_ascii=ascii_only).encode("utf-8")
    assert_same(raw, chunk)
    at = data.draw(st.integers(0, len(raw)))
    assert_same(raw[:at], chunk)  # cut short
    assert_same(raw[:at] + data.draw(MARKS) + raw[at:], chunk)  # a mark too many
    assert_same(raw[:at] + raw[at + 1 :], chunk)  # a character too few


@pytest.mark.parametrize(
    "text",
    [
        b"[1, 2]",
        b'"a string"',
        b"{}",
        b" \n{ }\n",
        b"{} more",
        b'{"a": 1, "a": 2}',
        b'{"people": [1, 2,]}',
        b'{"people": []}',
        b'\xef\xbb\xbf{"people": [1]}',
        b'\xef\xbb\xbf\xef\xbb\xbf{"people": [1]}',
        b'{"people": [1e5, 1E+2, -0, 0.5, 12345678901234567890, 1e400]}',
        b'{"people": [NaN, Infinity, -Infinity]}',
        b'{"people": NaN}',
        b'{"people": [{"name": "\\ud800"}]}',
        b'{"people": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
        b'{"events": [{"notes": "' + b"x" * 50_000 + b'"}]}',
    ],
)
@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_edge_cases(text, chunk):
    assert_same(text, chunk)
