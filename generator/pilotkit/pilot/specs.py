"""The specs: requirements with stable ids and acceptance criteria, and Markdown prose.

`specs/requirements.md` is Markdown in which every level-2 heading is one requirement:
`## R1 — Title`, a statement, and a `### Acceptance criteria` list. Parsing never raises;
`parse_requirements` returns what it found, with the line of every part, and the rules in
`pilotkit.rules.specs` judge it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pilotkit.pilot import markdown

REQUIREMENTS = "specs/requirements.md"
DESIGN = "specs/design.md"
REQUIREMENT_ID = re.compile(r"^R\d+$")
_ID_HEADING = re.compile(r"^(R\d+)(?:$|[ \t]*[—–:.\-][ \t]*|[ \t]+)(.*)$")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)
_ACCEPTANCE = re.compile(r"^acceptance(?:\s+criteria)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Requirement:
    """One `##` section of the requirements file; `id` is None when the heading has none."""

    id: str | None
    title: str
    heading: str
    line: int
    acceptance: tuple[tuple[int, str], ...]  # (line, text) of each criterion
    acceptance_line: int | None  # the `### Acceptance criteria` heading, if any
    lines: tuple[tuple[int, str], ...]  # prose lines of the section (code removed)
    end_line: int = 0  # the section's last line (the line before the next heading of level 1-2)

    @property
    def withdrawn(self) -> bool:
        return bool(_WITHDRAWN.search(self.heading))


def prose(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Each line of Markdown TEXT outside fenced code, with inline code spans blanked."""
    for number, (line, code) in enumerate(markdown.in_code(text.splitlines()), start=first_line):
        if not code:
            yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def headings(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, level, title) of each Markdown heading outside code."""
    for number, line in prose(text):
        match = markdown.HEADING.match(line)
        if match:
            yield number, len(match.group(1)), match.group(2).strip()


def section(text: str, title: re.Pattern[str], level: int = 2) -> tuple[int, str] | None:
    """The first line and the text of the first level-LEVEL section whose title matches."""
    lines = text.splitlines()
    start: int | None = None
    for number, this_level, heading in headings(text):
        if start is not None and this_level <= level:
            return start, "\n".join(lines[start : number - 1])
        if start is None and this_level == level and title.search(heading):
            start = number
    if start is None:
        return None
    return start, "\n".join(lines[start:])


def parse_requirements(text: str) -> tuple[Requirement, ...]:
    """Every `##` section of TEXT as a requirement, in file order."""
    found: list[Requirement] = []
    draft: _Draft | None = None
    for number, line in prose(text):
        heading = markdown.HEADING.match(line)
        level = len(heading.group(1)) if heading else 0
        if heading and level <= 2:
            if draft is not None:
                found.append(draft.done())
            draft = _Draft(number, heading.group(2).strip()) if level == 2 else None
        elif draft is not None:
            draft.add(number, line, heading.group(2).strip() if heading else None)
    if draft is not None:
        found.append(draft.done())
    return tuple(found)


class _Draft:
    """A requirement being read, line by line."""

    def __init__(self, line: int, heading: str) -> None:
        match = _ID_HEADING.match(heading)
        self.id = match.group(1) if match else None
        self.title = (match.group(2) if match else heading).strip()
        self.heading = heading
        self.line = line
        self.acceptance: list[tuple[int, str]] = []
        self.acceptance_line: int | None = None
        self.lines: list[tuple[int, str]] = [(line, heading)]
        self.in_acceptance = False
        self.last = line

    def add(self, number: int, line: str, subheading: str | None) -> None:
        self.last = number
        if subheading is not None:
            self.in_acceptance = bool(_ACCEPTANCE.match(subheading))
            if self.in_acceptance and self.acceptance_line is None:
                self.acceptance_line = number
            return
        self.lines.append((number, line))
        item = markdown.LIST_ITEM.match(line)
        if self.in_acceptance and item and item.group(1).strip():
            self.acceptance.append((number, item.group(1).strip()))

    def done(self) -> Requirement:
        return Requirement(
            self.id,
            self.title,
            self.heading,
            self.line,
            tuple(self.acceptance),
            self.acceptance_line,
            tuple(self.lines),
            self.last,
        )
