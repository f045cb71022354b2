"""The one ticket model every reader produces, whatever tracker the export came from.

A ticket's `text` is Markdown (a reader converts wiki markup or a document tree into it
line for line), so every signal reads one language; `where` maps a line of that text back
to the line of the export a person opens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pilotkit.pilot import markdown

# A line that a writer meant as a heading without Markdown's `#`: `**Acceptance criteria**`
# or `Acceptance criteria:` on a line of its own (short: at most six words).
_BOLD_TITLE = re.compile(r"^\s*\*\*([^*\n]{2,60}?):?\*\*:?\s*$")
_COLON_TITLE = re.compile(r"^\s*([A-Za-z][\w /&'()-]{1,60}):\s*$")
_CHECKBOX = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*\S)")


@dataclass(frozen=True)
class Section:
    """A titled part of a ticket's text: LINE is its heading's line in the text (from 1),
    TEXT what is below it up to the next heading of the same or a higher level."""

    title: str
    line: int
    text: str

    @property
    def body_line(self) -> int:
        return self.line + 1


@dataclass(frozen=True)
class Item:
    """A checklist item (`- [ ] …`) at LINE of the text; DONE when ticked."""

    line: int
    text: str
    done: bool


@dataclass(frozen=True)
class Ticket:
    """One ticket, normalised. PATH and LINE say where its record starts in the export;
    TEXT_LINE is the export's line of the text's first line. When FLAT, the text does not
    run over the export's lines (a JSON string): every line of it is TEXT_LINE."""

    key: str
    title: str
    path: str
    line: int
    type: str = ""
    status: str = ""
    text: str = ""
    text_line: int = 0
    flat: bool = False
    labels: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    points: float | None = None
    estimate_hours: float | None = None
    parent: str = ""
    links: tuple[str, ...] = ()
    url: str = ""
    tracker: str = ""
    criteria: str = ""  # an acceptance-criteria field of its own, when the export has one
    criteria_line: int = 0
    parent_text: str = ""  # a milestone's description, when the export carries it
    sections: tuple[Section, ...] = field(default=(), compare=False)
    checklist: tuple[Item, ...] = field(default=(), compare=False)

    def where(self, line: int) -> int:
        """The export's line for LINE of the text (1 is the text's first line)."""
        base = self.text_line or self.line
        return base if self.flat else base + max(line, 1) - 1

    def location(self, line: int | None = None) -> str:
        """`path:line` of the record, or of LINE of its text."""
        return f"{self.path}:{self.line if line is None else self.where(line)}"

    def section(self, *words: str) -> Section | None:
        """The first section whose title holds one of WORDS (lower case), or None."""
        for section in self.sections:
            title = section.title.lower()
            if any(word in title for word in words):
                return section
        return None


def finish(made: Ticket) -> Ticket:
    """MADE by a reader, with its text's sections and checklist read."""
    text = headings(made.text.replace("\r\n", "\n").replace("\r", "\n"))
    sections = tuple(
        Section(s.title.strip(), s.line, _below(s.text)) for s in markdown.sections(text, 6)[1]
    )
    checklist = tuple(
        Item(number, match.group(2).strip(), match.group(1) != " ")
        for number, line in enumerate(text.splitlines(), start=1)
        if (match := _CHECKBOX.match(line))
    )
    return replace(made, text=text, sections=sections, checklist=checklist)


def headings(text: str) -> str:
    """TEXT with bold or colon title lines made Markdown headings (line for line)."""
    if "**" not in text and ":" not in text:
        return text
    out = []
    for line in text.split("\n"):
        match = _BOLD_TITLE.match(line) or _COLON_TITLE.match(line)
        if match and len(match.group(1).split()) <= 6:
            line = f"### {match.group(1).strip()}"
        out.append(line)
    return "\n".join(out)


def _below(text: str) -> str:
    """A section's text without its heading line."""
    return text.split("\n", 1)[1] if "\n" in text else ""


def plain_key(key: str) -> str:
    """KEY as a person may type it: `#12` and `12` are the same GitHub issue."""
    return key.strip().lstrip("#").upper()
