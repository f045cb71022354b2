"""spec-kit's `spec.md`: user stories, functional requirements, success criteria, notes.

Each user story (`### User Story 1 - Title (Priority: P1)`) becomes a requirement whose
criteria are its acceptance scenarios; each functional requirement (`- **FR-001**: …`) a
requirement of its own, without criteria (spec-kit gives it none); the success criteria
(`- **SC-001**: …`) are the measurable outcomes; every other section is a design note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pilotkit.importers import text
from pilotkit.importers.model import (
    DesignPart,
    Origin,
    SourceError,
    SourceRequirement,
    Unmapped,
)

_STORY = re.compile(
    r"^User Story\s+(?P<n>\d+)\s*[-–—:.]\s*(?P<title>.*?)"
    r"(?:\s*\(Priority:\s*(?P<priority>P\d+)\))?[\s🎯]*(?:MVP)?\s*$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^\s*[-*]?\s*\*\*(?P<key>(?:FR|SC)-\d+[A-Za-z]?)\*\*:?\s*(?P<text>.*)$")
LABELLED = re.compile(r"^\*\*(?P<label>[^*]+?)\*\*:?\s*(?P<text>.*)$")


@dataclass
class Spec:
    """What spec.md says: title, summary, stories and requirements, outcomes, design notes."""

    path: str
    title: str = ""
    summary: str = ""
    requirements: list[SourceRequirement] = field(default_factory=list)
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    design: list[DesignPart] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {req.key for req in self.requirements} | {key for key, _ in self.outcomes}

    @classmethod
    def parse(cls, root: Path, path: str) -> Spec:
        if not text.exists(root, path):
            raise SourceError(
                root / path,
                "is missing",
                "a spec-kit feature needs its spec.md: run /speckit.specify",
            )
        body = text.without_comments(text.read(root, path))
        spec = cls(path)
        before, parts = text.sections(body, 2)
        for number, line in before:
            spec._preamble(number, line)
        for part in parts:
            if part.level == 1:
                spec.title = spec.title or re.sub(r"^Feature Specification:\s*", "", part.title)
                for number, line in part.lines:
                    spec._preamble(number, line)
            else:
                spec._section(part)
        return spec

    def _preamble(self, number: int, line: str) -> None:
        label = LABELLED.match(line.strip())
        if label and label.group("label").lower() == "input":
            said = re.sub(r'^User description:\s*"?|"$', "", label.group("text").strip())
            self.summary = text.plain(said)
        elif label:
            what = f"header field “{label.group('label').strip()}”"
            why = "the feature's metadata: not imported"
            self.unmapped.append(Unmapped(Origin(self.path, number), what, why))

    def _section(self, part: text.Section) -> None:
        name = part.title.lower()
        if "user scenario" in name or "user stor" in name:
            self._stories(part)
        elif "requirement" in name or "success criteria" in name:
            self._items(part)
        else:
            self._note(part.title, part)

    def _note(self, title: str, part: text.Section) -> None:
        found = text.design_part(f"{title} (spec.md)", part.text, Origin(self.path, part.line))
        self.design += [found] if found else []

    def _stories(self, part: text.Section) -> None:
        _, subs = part.subsections(3)
        for sub in subs:
            story = _STORY.match(sub.title)
            if story:
                self.requirements.append(_story(self.path, sub, story))
            else:
                self._note(sub.title, sub)

    def _items(self, part: text.Section) -> None:
        before, subs = part.subsections(3)
        for section in (text.Section(part.level, part.title, part.line, before), *subs):
            leftover = []
            for number, line in section.lines:
                item = _ITEM.match(line)
                if item is None:
                    leftover.append((number, line))
                elif item.group("key").startswith("SC"):
                    self.outcomes.append((item.group("key"), text.plain(item.group("text"))))
                else:
                    self.requirements.append(_requirement(self.path, number, item))
            rest = text.Section(section.level, section.title, section.line, tuple(leftover))
            if rest.text.strip():
                self._note(section.title, rest)


def _requirement(path: str, line: int, item: re.Match[str]) -> SourceRequirement:
    key, statement = item.group("key"), text.plain(item.group("text"))
    return SourceRequirement(
        key=key,
        title=f"{key}: {text.short(statement, 60)}",
        statement=statement,
        origin=Origin(path, line),
    )


def _story(path: str, sub: text.Section, story: re.Match[str]) -> SourceRequirement:
    key = f"US{story.group('n')}"
    priority = story.group("priority")
    paragraphs: list[str] = []
    details: list[str] = []
    criteria: list[str] = []
    where = "statement"
    for _, line in sub.lines:
        stripped = line.strip()
        label = LABELLED.match(stripped)
        if not stripped or stripped == "---":
            where = "between" if where == "statement" and paragraphs else where
            continue
        if label and not stripped.startswith(("**Given**", "**When**")):
            name = label.group("label").strip().rstrip(":")
            where = "criteria" if name.lower().startswith("acceptance") else "details"
            if where == "details" and label.group("text"):
                details.append(f"{name}: {text.plain(label.group('text'))}")
            continue
        item = text.BULLET.match(line)
        if where == "criteria" and item:
            criteria.append(text.plain(item.group("text")))
        elif where == "criteria" and criteria:
            criteria[-1] += " " + text.plain(stripped)
        elif where == "statement":
            paragraphs.append(stripped)
        elif where == "details" and details:
            details[-1] += " " + text.plain(stripped)
    title = text.plain(story.group("title"))
    return SourceRequirement(
        key=key,
        title=f"{key}: {title}" + (f" ({priority})" if priority else ""),
        statement=text.plain(" ".join(paragraphs)) or title,
        origin=Origin(path, sub.line),
        details=tuple(details),
        criteria=tuple(criteria),
    )
