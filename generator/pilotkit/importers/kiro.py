"""Kiro: a spec folder `.kiro/specs/<feature>/` and the steering files in `.kiro/steering/`.

The format as Kiro's documentation describes it (no Kiro tool installs from a package
registry, so the reader is tolerant of the variants seen in the wild):

- `requirements.md`: each `### Requirement 1` (also `### Requirement 1: Title`, or
  `### 1. Title` in the Requirements section) with a `**User Story:** As a …` statement
  and a numbered `#### Acceptance Criteria` list in EARS ("WHEN … THE SYSTEM SHALL …")
  becomes a requirement; criterion M of requirement N is `N.M`. Other sections are
  design notes.
- `tasks.md`: checkbox lines `- [ ] 1. Title` and nested `- [ ] 1.1 Title`, with plain
  bullets below each as its steps and `_Requirements: 1.1, 2.3_` (or `1.1-1.7`, or
  `All`) naming the criteria it meets. A numbered item with numbered children is a
  group; every other item is a task. `- [ ]*` marks an optional task, `- [-]` one in
  progress (both imported, and said so). A heading ends the task above it and is the
  context of the tasks below. Kiro runs the tasks in order, each building on the one
  before, so each task depends on the one before it.
- `design.md` and the steering files: design notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pilotkit.importers import ordering, text
from pilotkit.importers.model import (
    DesignPart,
    Origin,
    Source,
    SourceError,
    SourceRequirement,
    SourceTask,
    Unmapped,
    choose_one,
)
from pilotkit.pilot import markdown

FORMAT = "kiro"
LABEL = "Kiro"
SPECS = ".kiro/specs"
STEERING = ".kiro/steering"
LOOKED_FOR = f"{SPECS}/<feature>/tasks.md (with requirements.md), or a spec folder holding it"
ORDERING = "the tasks in file order, each after the one before it (Kiro runs them in order)"
_REQUIREMENT = re.compile(
    r"^(?:Requirement\s+(?P<n>\d+)|(?P<m>\d+)\.)(?:\s*[:.\-–—]\s*|\s+)?(?P<title>.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.?(?:\s+|$)(?P<title>.*)$")
_REFS = re.compile(r"^[_*]*\s*Requirements?\s*:\s*(?P<refs>[^_*]*)[_*]*\s*$", re.IGNORECASE)
_REF = re.compile(r"\d+(?:\.\d+)?")
# `1.1-1.7` or `2.1–4.3`: every requirement from the first to the last
_RANGE = re.compile(r"(?P<first>\d+)(?:\.\d+)?\s*[-–—]\s*(?P<last>\d+)(?:\.\d+)?")
_ALL = ("all", "all requirements")
_STORY = re.compile(r"^\*\*User Story:?\*\*:?\s*(?P<text>.*)$", re.IGNORECASE)


def read(src: Path, feature: str | None = None) -> Source:
    """The spec FEATURE (or the only one) of the Kiro project or spec folder SRC."""
    root, folder = _locate(src, feature)
    requirements, design = _requirements(root, f"{folder}/requirements.md")
    tasks, unmapped = _Tasks.parse(root, f"{folder}/tasks.md", requirements)
    design += _notes(root, f"{folder}/design.md", "design.md")
    steering = root / STEERING
    if steering.is_dir():
        for path in sorted(steering.glob("*.md")):
            design += _notes(root, f"{STEERING}/{path.name}", f"Steering: {path.name}")
    name = folder.rsplit("/", 1)[-1]
    intro = next((part.text for part in design if part.title.startswith("Introduction")), "")
    return Source(
        format=FORMAT,
        label=LABEL,
        root=root,
        feature=name,
        title=name.replace("-", " ").capitalize(),
        summary=text.first_sentence(intro) if intro else name.replace("-", " "),
        requirements=tuple(requirements),
        tasks=tuple(tasks),
        design=tuple(design),
        unmapped=tuple(unmapped),
        ordering=ORDERING,
    )


def _locate(src: Path, feature: str | None) -> tuple[Path, str]:
    if (src / "tasks.md").is_file() and not (src / SPECS).is_dir():
        if src.parent.name == "specs" and src.parent.parent.name == ".kiro":
            return src.parent.parent.parent, f"{SPECS}/{src.name}"
        return src, "."
    folder = src / SPECS
    names = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    chosen = choose_one(folder, names, feature, "spec", "--feature")
    if chosen is not None:
        return src, f"{SPECS}/{chosen}"
    raise SourceError(
        src,
        f"is not a Kiro project: looked for {LOOKED_FOR}",
        "give the project's root or its spec folder",
    )


def _notes(root: Path, path: str, title: str) -> list[DesignPart]:
    if not text.exists(root, path):
        return []
    body = text.read(root, path)
    lines = body.splitlines()
    if lines and lines[0].startswith("# "):
        body = "\n".join(lines[1:])
    part = text.design_part(title, body, Origin(path, 1))
    return [part] if part else []


def _requirements(root: Path, path: str) -> tuple[list[SourceRequirement], list[DesignPart]]:
    """The numbered requirements of requirements.md, and its other sections as notes."""
    if not text.exists(root, path):
        return [], []
    body = text.without_comments(text.read(root, path))
    found: list[SourceRequirement] = []
    notes: list[DesignPart] = []
    _, parts = text.sections(body, 3)
    under = "requirements"  # the `##` section a `###` heading is in
    for part in parts:
        under = part.title.strip().lower() if part.level == 2 else under
        match = _REQUIREMENT.match(part.title) if part.level >= 2 else None
        # `### 1. Title` is a requirement only in the Requirements section: other sections
        # (open questions, say) number their items too.
        in_section = part.level == 3 and under.endswith("requirements")
        if match and (match.group("n") or in_section) and _new_key(match, found):
            found.append(_requirement(path, part, match))
        elif part.level > 1 and part.text.strip() and part.title.lower() != "requirements":
            part_note = text.design_part(
                f"{part.title} (requirements.md)", part.text, Origin(path, part.line)
            )
            notes += [part_note] if part_note else []
    return found, notes


def _new_key(match: re.Match[str], found: list[SourceRequirement]) -> bool:
    """Whether MATCH numbers a requirement not FOUND yet (a second `Requirement 1` is a
    note, not a silent replacement of the first)."""
    return (match.group("n") or match.group("m")) not in {req.key for req in found}


def _requirement(path: str, part: text.Section, match: re.Match[str]) -> SourceRequirement:
    number = match.group("n") or match.group("m")
    title = text.plain(match.group("title") or "")
    statement: list[str] = []
    criteria: list[str] = []
    in_criteria = False
    for _, line in part.lines:
        stripped = line.strip()
        heading = re.match(r"^#{4,6}\s+(.*)$", stripped)
        if heading:
            in_criteria = "acceptance" in heading.group(1).lower()
            continue
        story = _STORY.match(stripped)
        item = text.BULLET.match(line)
        if story:
            statement.append(story.group("text"))
        elif in_criteria and item:
            criteria.append(text.plain(item.group("text")))
        elif in_criteria and criteria and stripped:
            criteria[-1] += " " + text.plain(stripped)
        elif stripped and not in_criteria and not criteria:
            statement.append(stripped)
    said = text.plain(" ".join(statement)) or title
    numbered = tuple(f"{number}.{i} {criterion}" for i, criterion in enumerate(criteria, 1))
    return SourceRequirement(
        key=number,
        title=f"Requirement {number}: {title or text.short(said, 60)}",
        statement=said,
        origin=Origin(path, part.line),
        criteria=numbered,
    )


@dataclass
class _Item:
    number: str
    title: str
    done: bool
    optional: bool
    started: bool  # `- [-]`: in progress in Kiro
    line: int
    section: str  # the heading above it (`## Phase 1: …`), or ''
    details: list[str] = field(default_factory=list)
    refs: list[tuple[str, int]] = field(default_factory=list)


class _Tasks:
    def __init__(self, root: Path, path: str, requirements: list[SourceRequirement]) -> None:
        self.root, self.path = root, path
        self.criteria = {req.key: len(req.criteria) for req in requirements}
        self.items: list[_Item] = []
        self.current: _Item | None = None  # the task the indented lines below belong to
        self.section, self.section_line = "", 0  # the heading above (0: none yet)
        self.loose: dict[int, list[int]] = {}  # a heading's line → lines outside any task
        self.unmapped: list[Unmapped] = []

    @classmethod
    def parse(
        cls, root: Path, path: str, requirements: list[SourceRequirement]
    ) -> tuple[list[SourceTask], list[Unmapped]]:
        if not text.exists(root, path):
            raise SourceError(
                root / path, "is missing", "write the spec's tasks first (Kiro's task list)"
            )
        reader = cls(root, path, requirements)
        body = text.without_comments(text.read(root, path))
        code = text.code_lines(body)
        for number, line in enumerate(body.splitlines(), start=1):
            if number not in code:
                reader._line(number, line)
        if not reader.items:
            raise SourceError(
                root / path, "holds no task", "write tasks as `- [ ] 1. Title` checkbox lines"
            )
        return reader._tasks(), [*reader._loose(), *reader.unmapped]

    def _loose(self) -> list[Unmapped]:
        """The text outside any task: one entry per section (per paragraph above the
        first heading), at its first line."""
        found = text.loose(self.path, self.loose.pop(0, []))
        return found + [
            text.loose(self.path, lines[:1])[0] for _, lines in sorted(self.loose.items())
        ]

    def _line(self, number: int, line: str) -> None:
        box = text.CHECKBOX.match(line)
        if box:
            item = _NUMBERED.match(box.group("text"))
            label = item.group("number") if item else str(len(self.items) + 1)
            title = item.group("title") if item else box.group("text")
            text.refuse_twice(
                f"{self.root / self.path}:{number}",
                f"task {label}",
                next((it.line for it in self.items if it.number == label), None),
            )
            self.current = _Item(
                label,
                text.plain(title),
                text.checked(box),
                bool(box.group("optional")),
                box.group("mark") in "-~",
                number,
                self.section,
            )
            self.items.append(self.current)
            return
        heading = markdown.HEADING.match(line)
        if heading:  # a heading ends the task above; the text under it is no task's
            level_one = len(heading.group(1)) == 1  # the document's title
            self.section = "" if level_one else text.plain(heading.group(2))
            self.section_line, self.current = number, None
            return
        if not line.strip():
            return
        stripped = text.item(line)
        refs = _REFS.match(stripped)
        attached = line[:1] in (" ", "\t") or line.lstrip().startswith(("-", "*", "+"))
        if self.current and refs:
            self._refs(self.current, number, refs.group("refs").strip())
        elif self.current and attached:
            self.current.details.append(text.plain(stripped))
        else:
            self.loose.setdefault(self.section_line, []).append(number)

    def _refs(self, item: _Item, number: int, said: str) -> None:
        """The requirements a `_Requirements: …_` line of ITEM names: numbers (`2.3` is
        criterion 3 of requirement 2), ranges (`1.1-1.7`), or `All`; anything else is
        listed."""
        if said.lower() in _ALL:
            item.refs += [(key, number) for key in self.criteria]
            return
        refs = _REF.findall(said)
        for found in _RANGE.finditer(said):
            first, last = int(found.group("first")), int(found.group("last"))
            refs += [str(n) for n in range(first + 1, last)]
        refs.sort(key=lambda ref: int(ref.partition(".")[0]))  # stable: `2.3, 2.1` stays
        item.refs += [(ref, number) for ref in refs]
        if not refs:
            what = f"task {item.number}'s requirements “{said}”"
            why = "name no requirement number: give its requirements by hand"
            self.unmapped.append(Unmapped(Origin(self.path, number), what, why))

    def _tasks(self) -> list[SourceTask]:
        groups = {
            item.number
            for item in self.items
            for other in self.items
            if other.number.startswith(item.number + ".")
        }
        leaves = [item for item in self.items if item.number not in groups]
        titles = {item.number: item for item in self.items if item.number in groups}
        after = ordering.chain([item.number for item in leaves])
        every = [p for item in leaves for p in text.paths(" ".join((item.title, *item.details)))]
        known = text.known_names(every)
        return [
            self._task(item, titles.get(item.number.split(".")[0]), after[item.number], known)
            for item in leaves
        ]

    def _task(
        self, item: _Item, group: _Item | None, after: tuple[str, ...], known: dict[str, str]
    ) -> SourceTask:
        refs = [*(group.refs if group and group is not item else []), *item.refs]
        covers = [self._check(ref, line, item) for ref, line in refs]
        context = [f"Section: {item.section}"] if item.section else []
        if group is not None and group is not item:
            context.append(f"Part of {group.number}. {group.title}")
            context += group.details
        if item.optional:
            context.append("Optional in the source (`- [ ]*`): Kiro skips it unless asked")
        if item.started:
            context.append("In progress in the source (`- [-]`): imported as todo")
        whole = " ".join((item.title, *item.details))
        return SourceTask(
            key=item.number,
            title=text.short(item.title.replace("`", "")),
            text=whole,
            origin=Origin(self.path, item.line),
            done=item.done,
            files=text.paths(whole, known),
            covers=tuple(dict.fromkeys(covers)),
            after=after,
            context=tuple(context),
            steps=tuple(item.details) or (item.title,),
        )

    def _check(self, ref: str, line: int, item: _Item) -> str:
        """The requirement REF names (`2.3` → `2`), or SourceError when there is none."""
        number, _, criterion = ref.partition(".")
        where = f"{self.root / self.path}:{line}"
        have = ", ".join(sorted(self.criteria, key=int)) or "none"
        if number not in self.criteria:
            raise SourceError(
                where,
                f"task {item.number} refers to requirement {ref}, but requirements.md has no "
                f"requirement {number} (it has: {have})",
                "fix the reference",
            )
        if criterion and not 1 <= int(criterion) <= self.criteria[number]:
            raise SourceError(
                where,
                f"task {item.number} refers to {ref}, but requirement {number} has "
                f"{self.criteria[number]} acceptance criteria",
                "fix the reference",
            )
        return number
