"""spec-kit: a feature folder `specs/<NNN-feature>/` and the constitution in `.specify/memory/`.

- `spec.md`: each user story (`### User Story 1 - Title (Priority: P1)`) becomes a
  requirement whose criteria are its acceptance scenarios; each functional requirement
  (`- **FR-001**: …`) becomes a requirement of its own (spec-kit gives it no criteria);
  the success criteria (`- **SC-001**: …`) are the pilot's end point; every other section
  is a design note.
- `tasks.md`: every checkbox line `- [ ] T012 [P] [US1] Description in path/file.py` of a
  phase (a `##` section holding such lines) is a task: checked means done, `[USn]`
  covers that story's requirement, an `FR-…` named in the text covers that one, the
  paths it names are its files. Phases run in order; a run of `[P]` tasks in a phase runs side
  by side; every other task runs alone after the ones before it. A `depends on T012`
  in the text adds that dependency.
- `plan.md`, the feature's other Markdown files and the constitution: design notes.
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
    SourceTask,
    Unmapped,
    choose_one,
)
from pilotkit.importers.speckit_spec import LABELLED, Spec

FORMAT = "speckit"
LABEL = "spec-kit"
LOOKED_FOR = "specs/<feature>/tasks.md and spec.md, or a feature folder holding them"
CONSTITUTION = ".specify/memory/constitution.md"
ORDERING = (
    "phases in order; a run of [P] tasks in a phase side by side; every other task after "
    "the one before it; `depends on T…` in a task's text added"
)
_TASK = re.compile(r"^(?P<id>T\d+)\b[ \t]*(?P<rest>.*)$")
_MARKER = re.compile(r"^\[(?P<tag>P|US\d+)\][ \t]*")
_DEPENDS = re.compile(r"\bdepends on\s+(T\d+(?:\s*(?:,|and|&)\s*T\d+)*)", re.IGNORECASE)
_NAMED = re.compile(r"\b((?:FR|SC)-\d+[A-Za-z]?)\b")


def read(src: Path, feature: str | None = None) -> Source:
    """The feature of the spec-kit project SRC (FEATURE names it when there are several)."""
    root, folder = _locate(src, feature)
    spec = Spec.parse(root, f"{folder}/spec.md")
    tasks, unmapped = _Tasks.parse(root, f"{folder}/tasks.md", spec)
    unmapped = [*spec.unmapped, *unmapped]
    design = [*spec.design, *_design_files(root, folder, unmapped)]
    if text.exists(root, CONSTITUTION):
        part = text.design_part(
            "Constitution", _without_title(text.read(root, CONSTITUTION)), Origin(CONSTITUTION, 1)
        )
        design += [part] if part else []
    name = folder.rsplit("/", 1)[-1]
    return Source(
        format=FORMAT,
        label=LABEL,
        root=root,
        feature=name,
        title=spec.title or name,
        summary=spec.summary or spec.title or name,
        requirements=tuple(spec.requirements),
        tasks=tuple(tasks),
        design=tuple(design),
        unmapped=tuple(unmapped),
        ordering=ORDERING,
        end_point="\n".join(f"- {key}: {line}" for key, line in spec.outcomes),
    )


def _features(src: Path) -> list[Path]:
    folder = src / "specs"
    if not folder.is_dir():
        return []
    return sorted(
        entry
        for entry in folder.iterdir()
        if entry.is_dir() and ((entry / "tasks.md").is_file() or (entry / "spec.md").is_file())
    )


def _locate(src: Path, feature: str | None) -> tuple[Path, str]:
    """The project root and the feature folder (relative to it, with `/`)."""
    if (src / "tasks.md").is_file() or (src / "spec.md").is_file():
        if feature and feature != src.name:
            raise SourceError(
                src, f"is the feature folder {src.name}, not {feature}", "drop --feature"
            )
        if src.parent.name == "specs":
            return src.parent.parent, f"specs/{src.name}"
        return src, "."
    names = [entry.name for entry in _features(src)]
    chosen = choose_one(src / "specs", names, feature, "feature", "--feature")
    if chosen is not None:
        return src, f"specs/{chosen}"
    raise SourceError(
        src,
        f"is not a spec-kit project: looked for {LOOKED_FOR}",
        "give the project's root or its feature folder",
    )


def _without_title(body: str) -> str:
    lines = body.splitlines()
    return "\n".join(lines[1:] if lines and lines[0].startswith("# ") else lines)


def _design_files(root: Path, folder: str, unmapped: list[Unmapped]) -> list[DesignPart]:
    """plan.md first, then the feature's other Markdown files; other files are listed."""
    base = root / folder
    found: list[DesignPart] = []
    names = sorted(path.relative_to(base).as_posix() for path in base.rglob("*") if path.is_file())
    names.sort(key=lambda name: name != "plan.md")
    for name in names:
        relative = f"{folder}/{name}" if folder != "." else name
        if name in ("spec.md", "tasks.md"):
            continue
        if name.startswith("checklists/") or not name.endswith(".md"):
            why = (
                "a spec-quality checklist: review it before the start"
                if name.startswith("checklists/")
                else "not Markdown: copy it into the pilot's specs/ if the agents need it"
            )
            unmapped.append(Unmapped(Origin(relative), name, why))
            continue
        part = text.design_part(
            name, _without_title(text.read(root, relative)), Origin(relative, 1)
        )
        found += [part] if part else []
    return found


@dataclass
class _Draft:
    """A task line being read, with the lines indented below it."""

    key: str
    markers: tuple[str, ...]
    description: str
    done: bool
    line: int
    phase: list[str]  # the phase's title and prose, shared by its tasks
    sub: str | None  # the `###` heading above the task
    more: list[str] = field(default_factory=list)


class _Tasks:
    """tasks.md read phase by phase."""

    def __init__(self, root: Path, path: str, spec: Spec) -> None:
        self.root, self.path, self.spec = root, path, spec
        self.drafts: list[_Draft] = []
        self.lines: dict[str, int] = {}
        self.steps: list[list[list[str]]] = []
        self.unmapped: list[Unmapped] = []

    @classmethod
    def parse(cls, root: Path, path: str, spec: Spec) -> tuple[list[SourceTask], list[Unmapped]]:
        if not text.exists(root, path):
            raise SourceError(
                root / path, "is missing", "run spec-kit's /speckit.tasks first, or write tasks.md"
            )
        reader = cls(root, path, spec)
        body = text.without_comments(text.read(root, path))
        code = text.code_lines(body)
        _, parts = text.sections(body, 2)
        for part in parts:
            if part.level == 2:
                reader._section(part, code)
        if not reader.drafts:
            raise SourceError(
                root / path,
                "holds no task line",
                "write tasks as `- [ ] T001 Description with file path` in `## Phase …` sections",
            )
        return reader._finish(), reader.unmapped

    def _section(self, part: text.Section, code: set[int]) -> None:
        lines = [(n, line) for n, line in part.lines if n not in code]
        boxes = [(n, m) for n, line in lines if (m := text.CHECKBOX.match(line))]
        if not any(_TASK.match(m.group("text")) for _, m in boxes):
            why = "a checklist without task ids: review it by hand" if boxes else _why(part.title)
            if part.text.strip() or boxes:
                self.unmapped.append(
                    Unmapped(Origin(self.path, part.line), f"section “{part.title}”", why)
                )
            return
        self._phase(part.title, lines)

    def _phase(self, title: str, lines: list[tuple[int, str]]) -> None:
        # The phase's prose (purpose, goal, notes, checkpoint) is the context of every one
        # of its tasks, also of those above a line: the list is shared and read at the end.
        context = [title]
        sub: str | None = None
        groups: list[list[str]] = []
        run: list[str] = []
        current: _Draft | None = None
        for number, line in lines:
            box = text.CHECKBOX.match(line)
            heading = re.match(r"^#{3,6}\s+(.*?)\s*$", line)
            if box:
                current = self._draft(number, box, context, sub)
                if "P" in current.markers:
                    run.append(current.key)
                else:
                    groups += [run] if run else []
                    run = []
                    groups.append([current.key])
            elif heading:
                sub, current = text.plain(heading.group(1)), None
            elif current is not None and line[:1] in (" ", "\t") and line.strip():
                current.more.append(text.plain(text.item(line)))
            else:
                current = None if line.strip() else current
                prose = _prose(line)
                context += [prose] if prose else []
        groups += [run] if run else []
        self.steps.append(groups)

    def _draft(
        self, number: int, box: re.Match[str], context: list[str], sub: str | None
    ) -> _Draft:
        where = f"{self.root / self.path}:{number}"
        task = _TASK.match(box.group("text"))
        if task is None:
            raise SourceError(
                where,
                f"`{box.group(0).strip()}` is not a spec-kit task line",
                "write `- [ ] T012 [P] [US1] Description with file path`",
            )
        key, rest = task.group("id"), task.group("rest")
        text.refuse_twice(where, key, self.lines.get(key))
        markers: list[str] = []
        while marker := _MARKER.match(rest):
            markers.append(marker.group("tag"))
            rest = rest[marker.end() :]
        if not rest.strip():
            raise SourceError(
                where, f"{key} has no description", "say what the task does and in which file"
            )
        done = text.checked(box)
        draft = _Draft(key, tuple(markers), rest.strip(), done, number, context, sub)
        self.lines[key] = number
        self.drafts.append(draft)
        return draft

    def _finish(self) -> list[SourceTask]:
        after = ordering.phases(self.steps)
        every = [
            path for d in self.drafts for path in text.paths(" ".join((d.description, *d.more)))
        ]
        known = text.known_names(every)
        return [self._task(draft, after[draft.key], known) for draft in self.drafts]

    def _task(self, draft: _Draft, after: tuple[str, ...], known: dict[str, str]) -> SourceTask:
        where = f"{self.root / self.path}:{draft.line}"
        whole = " ".join((draft.description, *draft.more))
        covers = [f"US{m[2:]}" for m in draft.markers if m.startswith("US")]
        for story in covers:
            if story not in self.spec.keys:
                raise SourceError(
                    where,
                    f"{draft.key} is labelled [{story}], but {self.spec.path} "
                    f"has no User Story {story[2:]}",
                    "fix the label",
                )
        for named in _NAMED.findall(whole):
            if named not in self.spec.keys:
                raise SourceError(
                    where,
                    f"{draft.key} names {named}, which {self.spec.path} does not have",
                    "fix the id",
                )
            covers += [named] if not named.startswith("SC") else []
        explicit = []
        for group in _DEPENDS.findall(whole):
            for dep in re.findall(r"T\d+", group):
                if dep not in self.lines:
                    raise SourceError(
                        where,
                        f"{draft.key} depends on {dep}, which is not a task in {self.path}",
                        "fix the id",
                    )
                explicit.append(dep)
        return SourceTask(
            key=draft.key,
            title=text.short(draft.description.replace("`", "")),
            text=whole,
            origin=Origin(self.path, draft.line),
            done=draft.done,
            files=text.paths(whole, known),
            covers=tuple(dict.fromkeys(covers)),
            after=tuple(dict.fromkeys((*after, *explicit))),
            context=(*draft.phase, *([draft.sub] if draft.sub else [])),
            steps=(text.plain(draft.description), *draft.more),
        )


def _prose(line: str) -> str:
    """A line of a phase's prose as context (`Purpose: …`, a note), or '' for none."""
    stripped = line.strip().lstrip(">").strip()
    if not stripped or set(stripped) <= set("-*_="):
        return ""
    label = LABELLED.match(stripped)
    if label and label.group("text").strip():
        return f"{text.plain(label.group('label')).strip()}: {text.plain(label.group('text'))}"
    return text.plain(stripped)


def _why(title: str) -> str:
    lowered = title.lower()
    if "depend" in lowered or "parallel" in lowered or "order" in lowered:
        return "not read: the dependencies come from the phases and the [P] markers"
    return "not a phase of tasks: it stays in the source"
