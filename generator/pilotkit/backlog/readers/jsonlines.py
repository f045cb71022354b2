"""A JSON export's records with the lines they start on (for evidence that points there).

The data is read by `json`; the lines come from decoding the array's elements one by one
from where each begins (`raw_decode`), so a string that merely looks like a key never
misleads. When the array cannot be found that way, every record gets line 1.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pilotkit.backlog.readers.source import Export


@dataclass(frozen=True)
class Span:
    """Where one record of the array is: its first line, and its offsets in the text."""

    line: int
    start: int
    end: int

    def line_of(self, text: str, name: str) -> int:
        """The line of the record's first `"NAME":` field (its own line if not found)."""
        at = text.find(f'"{name}"', self.start, self.end)
        return self.line + text.count("\n", self.start, at) if at >= 0 else self.line


def parse(export: Export) -> Any:
    try:
        return json.loads(export.text)
    except json.JSONDecodeError as err:
        raise export.fail(f"is not valid JSON ({err.msg}); export it again", err.lineno) from None
    except RecursionError:
        raise export.fail("is JSON nested too deeply to be an export") from None


def spans(text: str, count: int, under: str | None = None) -> list[Span]:
    """Where each of the COUNT records is: the top-level array, or the array under the
    top object's key UNDER."""
    opened = _array(text, under)
    found: list[Span] = []
    if opened >= 0:
        decoder = json.JSONDecoder()
        at = _skip(text, opened + 1)
        line, counted = 1, 0
        try:
            while len(found) < count and at < len(text) and text[at] != "]":
                line += text.count("\n", counted, at)
                counted = at
                _, end = decoder.raw_decode(text, at)
                found.append(Span(line, at, end))
                at = _skip(text, end)
                at = _skip(text, at + 1) if text.startswith(",", at) else at
        except (json.JSONDecodeError, RecursionError):
            found = []
    return found if len(found) == count else [Span(1, 0, 0)] * count


def _array(text: str, under: str | None) -> int:
    if under is None:
        at = _skip(text, 0)
        return at if text.startswith("[", at) else -1
    match = re.search(rf'"{re.escape(under)}"\s*:\s*\[', text)
    return match.end() - 1 if match else -1


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\n\r":
        at += 1
    return at
