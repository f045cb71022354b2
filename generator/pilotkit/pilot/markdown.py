"""Small Markdown helpers: which lines are code, cut a document into `##` sections, shift
headings down a level, list items. The one place that says what a heading, a code fence
and a list item are."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
FENCE = re.compile(r"^[ \t]*(```|~~~)")
# A bulleted or numbered list item, a task-list box (`- [ ]`) aside; group 1 is its text.
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(.*)$")


@dataclass(frozen=True)
class Section:
    """A heading of LEVEL with its TITLE, and TEXT: the heading line and all below it."""

    level: int
    title: str
    text: str


def sections(text: str, level: int = 2) -> tuple[str, list[Section]]:
    """TEXT cut at headings of LEVEL or higher: what comes before the first, and each one."""
    before: list[str] = []
    found: list[tuple[int, str, list[str]]] = []
    for line, heading in _lines(text):
        if heading and heading[0] <= level:
            found.append((heading[0], heading[1], [line]))
        elif found:
            found[-1][2].append(line)
        else:
            before.append(line)
    return "".join(before), [Section(lvl, title, "".join(body)) for lvl, title, body in found]


def demote(text: str, by: int) -> str:
    """TEXT with every heading BY levels deeper (at most `######`); code blocks untouched."""
    out = []
    for line, heading in _lines(text):
        if heading:
            hashes = "#" * min(6, heading[0] + by)
            ending = "\n" if line.endswith("\n") else ""
            out.append(f"{hashes} {heading[1]}{ending}")
        else:
            out.append(line)
    return "".join(out)


def list_items(text: str) -> list[str]:
    """The text of each list item of TEXT that says something, fenced code left out."""
    found = []
    for line, code in in_code(text.splitlines()):
        item = None if code else LIST_ITEM.match(line)
        if item and item.group(1).strip():
            found.append(item.group(1).strip())
    return found


def in_code(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each of LINES with whether it is fenced code (the fence lines included)."""
    fence: str | None = None
    for line in lines:
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1) == fence:
                fence = None
            yield line, True
        elif opened:
            fence = opened.group(1)
            yield line, True
        else:
            yield line, False


def _lines(text: str) -> list[tuple[str, tuple[int, str] | None]]:
    """Each line of TEXT with its heading (level, title) when it is one outside code."""
    result: list[tuple[str, tuple[int, str] | None]] = []
    for line, code in in_code(text.splitlines(keepends=True)):
        match = None if code else HEADING.match(line.rstrip("\r\n"))
        result.append((line, (len(match.group(1)), match.group(2).strip()) if match else None))
    return result
