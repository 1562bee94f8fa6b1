"""A large JSON file read a piece at a time: its top-level object member by member, and the members
that hold lists one element at a time, so no more of the file is in memory than one element.

Each value is parsed by the json module's own scanner; only the top level's punctuation is read
here, by the same rules. Anything else at the top (a list, a repeated key, a syntax error anywhere)
raises ReadWhole: the caller then reads the file whole, as json.loads does, for the exact message.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

CHUNK = 1 << 20  # bytes read at a time
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # what json itself skips between tokens
_NEAR_THE_END = 64  # an error this close to the end of what was read may only mean the value goes on


class ReadWhole(Exception):
    """The file can't be read a piece at a time; read it whole for the exact verdict."""


Event = tuple[str, str, Any]  # ("value", key, value), ("list", key, None), ("item", key, element)


class JsonStream:
    """The members of the JSON object in a file, as `read` hands over its bytes.

    Text is decoded as UTF-8 (a leading byte-order mark is skipped); a byte that isn't UTF-8
    raises UnicodeDecodeError.
    """

    def __init__(
        self, read: Callable[[int], bytes], scan: Callable[[str, int], tuple[Any, int]], *, chunk: int = CHUNK
    ) -> None:
        self._read = read
        self._scan = scan  # a json scanner: (text, index) -> (value, index after it)
        self._chunk = chunk
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._text = ""
        self._at = 0
        self._eof = False

    def events(self, listed: frozenset[str]) -> Iterator[Event]:
        """Each member of the top-level object in file order: as one value, or, for a key in `listed`
        whose value is a list, ("list", key, None) and then each element as ("item", key, element)."""
        seen: set[str] = set()
        self._skip_space()
        self._expect("{")
        self._skip_space()
        if self._peek() == "}":
            self._at += 1
        else:
            while True:
                if self._peek() != '"':
                    raise ReadWhole
                key = self._value()
                if key in seen:  # json keeps the last; a file that says it twice is read whole
                    raise ReadWhole
                seen.add(key)
                self._skip_space()
                self._expect(":")
                self._skip_space()
                if key in listed and self._peek() == "[":
                    self._at += 1
                    yield ("list", key, None)
                    yield from self._items(key)
                else:
                    yield ("value", key, self._value())
                self._skip_space()
                if self._peek() == "}":
                    self._at += 1
                    break
                self._expect(",")
                self._skip_space()
        self._skip_space()
        if self._peek():
            raise ReadWhole  # more after the object

    def _items(self, key: str) -> Iterator[Event]:
        self._skip_space()
        if self._peek() == "]":
            self._at += 1
            return
        while True:
            yield ("item", key, self._value())
            self._skip_space()
            if self._peek() == "]":
                self._at += 1
                return
            self._expect(",")
            self._skip_space()

    def _expect(self, mark: str) -> None:
        if self._peek() != mark:
            raise ReadWhole
        self._at += 1

    def _peek(self) -> str:
        while self._at >= len(self._text) and not self._eof:
            self._more()
        return self._text[self._at : self._at + 1]

    def _skip_space(self) -> None:
        while True:
            self._at = _WHITESPACE.match(self._text, self._at).end()  # type: ignore[union-attr]
            if self._at < len(self._text) or self._eof:
                return
            self._more()

    def _value(self) -> Any:
        """The JSON value that starts here; read on until it ends inside what has been read (or the file ends)."""
        while True:
            try:
                value, end = self._scan(self._text, self._at)
            except StopIteration as stop:  # no value starts at stop.value (it may start past what was read)
                self._read_on_or_give_up(stop.value, unterminated=False)
                continue
            except json.JSONDecodeError as err:
                self._read_on_or_give_up(err.pos, unterminated=err.msg.startswith("Unterminated string"))
                continue
            except RecursionError:
                raise ReadWhole from None
            if self._eof or end + _NEAR_THE_END < len(self._text):
                self._at = end
                return value
            self._more()  # a number read up to near the end may go on ("1" then ".5") in the next piece

    def _read_on_or_give_up(self, where: int, *, unterminated: bool) -> None:
        if self._eof or (where < len(self._text) - _NEAR_THE_END and not unterminated):
            raise ReadWhole
        self._more(at_least=len(self._text) - self._at)  # twice what is held: a huge value is read in O(n)

    def _more(self, at_least: int = 0) -> None:
        data = self._read(max(self._chunk, at_least))
        text = self._decoder.decode(data, final=not data)
        self._eof = not data
        self._text = self._text[self._at :] + text
        self._at = 0
