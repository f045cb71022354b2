"""The requirements of `specs/requirements.md`: `## R1 — Title` headings, each with its text.

A requirement runs from its heading to the next `##` heading; its acceptance criteria
are under a `### Acceptance criteria` heading inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotkit.pilot import markdown, specs, textfiles

PATH = "specs/requirements.md"


@dataclass(frozen=True)
class Requirement:
    """One requirement: its id, the title from its heading, and its full section text."""

    id: str
    title: str
    text: str

    @property
    def criteria(self) -> str:
        """The text under its `### Acceptance criteria` heading ('' when absent)."""
        _, parts = markdown.sections(self.text, level=3)
        found = (p for p in parts if p.level == 3 and p.title.lower() == "acceptance criteria")
        section = next(found, None)
        return section.text.split("\n", 1)[1].strip() if section and "\n" in section.text else ""


def parse(text: str) -> dict[str, Requirement]:
    """Every requirement in TEXT by id (the first one wins a duplicated id).

    The sections are found by the same reader `pilotkit check` uses (`specs`), so the two
    never disagree on what is a requirement; this adds each section's full text.
    """
    lines = text.splitlines()
    found: dict[str, Requirement] = {}
    for item in specs.parse_requirements(text):
        if item.id is not None and item.id not in found:
            section = "\n".join(lines[item.line - 1 : item.end_line]).rstrip()
            found[item.id] = Requirement(item.id, item.title, section)
    return found


def read(root: Path) -> dict[str, Requirement]:
    """The requirements of the pilot at ROOT (none when the file is missing or unreadable)."""
    try:
        return parse(textfiles.read_text(root / PATH))
    except (OSError, UnicodeDecodeError):
        return {}
