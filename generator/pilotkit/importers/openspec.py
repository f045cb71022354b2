"""OpenSpec: an active change `openspec/changes/<id>/` and the specs in `openspec/specs/`.

- The change's delta specs `specs/<capability>/spec.md`: each `### Requirement: Name`
  under `## ADDED Requirements` or `## MODIFIED Requirements` (or in a spec without
  delta headings) becomes a requirement, its `#### Scenario:` blocks the criteria;
  REMOVED and RENAMED requirements are design notes.
- `tasks.md`: checkbox lines `- [ ] 1.1 Description` under `## 1. Group` headings are the
  tasks. OpenSpec orders them by dependency, so each depends on the one before it.
  OpenSpec tasks name no requirement: `pilotkit check` lists the requirements no task
  covers yet (PK-T011).
- `proposal.md` and `design.md`: design notes; the proposal's "Why" is the feature.
- `openspec/specs/`: the behaviour that exists already. The specs of the capabilities the
  change touches are named in the notes; the others are listed as not imported.
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
from pilotkit.yaml import YamlError, read_located

FORMAT = "openspec"
LABEL = "OpenSpec"
CHANGES = "openspec/changes"
SPECS = "openspec/specs"
LOOKED_FOR = f"{CHANGES}/<change>/tasks.md (with proposal.md), or a change folder holding it"
ORDERING = "the tasks in file order, each after the one before it (OpenSpec orders by dependency)"
_REQUIREMENT = re.compile(r"^Requirement:\s*(?P<name>.+)$", re.IGNORECASE)
_SCENARIO = re.compile(r"^Scenario:\s*(?P<name>.+)$", re.IGNORECASE)
_DELTA = re.compile(r"^(?P<op>ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements?\b", re.IGNORECASE)
_NUMBER = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<title>.*)$")


def read(src: Path, change: str | None = None) -> Source:
    """The active CHANGE (or the only one) of the OpenSpec project or change folder SRC."""
    root, folder = _locate(src, change)
    name = folder.rsplit("/", 1)[-1]
    requirements: list[SourceRequirement] = []
    design: list[DesignPart] = []
    touched: list[str] = []
    base = root / folder / "specs"
    for spec in sorted(base.rglob("spec.md")) if base.is_dir() else []:
        capability = spec.parent.relative_to(base).as_posix()
        touched.append(capability)
        found, notes = _delta(root, f"{folder}/specs/{capability}/spec.md", capability)
        requirements += found
        design += notes
    tasks, loose = _tasks(root, f"{folder}/tasks.md")
    why = ""
    for file, title in (("proposal.md", "Proposal"), ("design.md", "Design")):
        path = f"{folder}/{file}"
        if text.exists(root, path):
            body = text.without_comments(text.read(root, path))
            why = why or _why(body)
            part = text.design_part(f"{title} ({file})", _without_title(body), Origin(path, 1))
            design += [part] if part else []
    design += _existing(root, touched)
    context, unmapped = _config(root)
    design += context
    return Source(
        format=FORMAT,
        label=LABEL,
        root=root,
        feature=name,
        title=name.replace("-", " ").capitalize(),
        summary=text.first_sentence(why) if why else name.replace("-", " "),
        requirements=tuple(requirements),
        tasks=tuple(tasks),
        design=tuple(design),
        unmapped=(*loose, *unmapped, *_untouched(root, touched)),
        ordering=ORDERING,
    )


def _active(root: Path) -> list[str]:
    folder = root / CHANGES
    if not folder.is_dir():
        return []
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.is_dir()
        and entry.name != "archive"
        and any((entry / name).exists() for name in ("proposal.md", "tasks.md", ".openspec.yaml"))
    )


def _locate(src: Path, change: str | None) -> tuple[Path, str]:
    if not (src / "openspec").is_dir() and any(
        (src / name).is_file() for name in ("proposal.md", "tasks.md", ".openspec.yaml")
    ):
        if src.parent.name == "changes" and src.parent.parent.name == "openspec":
            return src.parent.parent.parent, f"{CHANGES}/{src.name}"
        return src, "."
    if not (src / "openspec").is_dir():
        raise SourceError(
            src,
            f"is not an OpenSpec project: looked for {LOOKED_FOR}",
            "give the project's root or a change folder",
        )
    names = _active(src)
    chosen = choose_one(src / CHANGES, names, change, "active change", "--change", "ID")
    if chosen is not None:
        return src, f"{CHANGES}/{chosen}"
    raise SourceError(
        src / CHANGES,
        "holds no active change",
        "propose one (`/opsx:propose`) or give a change folder",
    )


def _without_title(body: str) -> str:
    lines = body.splitlines()
    return "\n".join(lines[1:] if lines and lines[0].startswith("# ") else lines)


def _why(body: str) -> str:
    _, parts = text.sections(body, 2)
    found = next((part for part in parts if part.title.lower().startswith("why")), None)
    return found.text.strip() if found else ""


def _delta(
    root: Path, path: str, capability: str
) -> tuple[list[SourceRequirement], list[DesignPart]]:
    body = text.without_comments(text.read(root, path))
    found: list[SourceRequirement] = []
    notes: list[DesignPart] = []
    op = "ADDED"
    _, parts = text.sections(body, 3)
    for part in parts:
        delta = _DELTA.match(part.title) if part.level == 2 else None
        if delta:
            op = delta.group("op").upper()
            continue
        requirement = _REQUIREMENT.match(part.title) if part.level == 3 else None
        if requirement is None:
            continue
        if op in ("ADDED", "MODIFIED"):
            found.append(_requirement(path, capability, part, requirement.group("name"), op))
        else:
            title = f"{op.capitalize()} by this change: {capability} / {requirement.group('name')}"
            note = text.design_part(title, part.text, Origin(path, part.line))
            notes += [note] if note else []
    return found, notes


def _requirement(
    path: str, capability: str, part: text.Section, name: str, op: str
) -> SourceRequirement:
    statement: list[str] = []
    criteria: list[str] = []
    for _, line in part.lines:
        stripped = line.strip()
        scenario = re.match(r"^#{4,6}\s+(.*)$", stripped)
        if scenario:
            named = _SCENARIO.match(scenario.group(1))
            criteria.append((named.group("name") if named else scenario.group(1)).strip() + ":")
        elif criteria and stripped:
            criteria[-1] += " " + text.plain(text.item(stripped))
        elif stripped:
            statement.append(stripped)
    name = text.plain(name)
    said = text.plain(" ".join(statement)) or name
    details = ("Modifies an existing requirement of this capability.",) if op == "MODIFIED" else ()
    return SourceRequirement(
        key=f"{capability}/{name}",
        title=f"{capability}: {name}",
        statement=said,
        origin=Origin(path, part.line),
        details=details,
        criteria=tuple(c for c in criteria if not c.endswith(":")),
    )


@dataclass
class _Draft:
    key: str
    title: str
    done: bool
    line: int
    group: str
    details: list[str] = field(default_factory=list)


def _tasks(root: Path, path: str) -> tuple[list[SourceTask], list[Unmapped]]:
    if not text.exists(root, path):
        raise SourceError(
            root / path,
            "is missing: the change has no tasks",
            "write the change's tasks (`- [ ] 1.1 …` under `## 1. Group`) first",
        )
    body = text.without_comments(text.read(root, path))
    code = text.code_lines(body)
    group = ""
    drafts: list[_Draft] = []
    loose: list[int] = []
    for number, line in enumerate(body.splitlines(), start=1):
        heading = re.match(r"^#{1,6}\s+(.*?)\s*$", line) if number not in code else None
        box = text.CHECKBOX.match(line) if number not in code else None
        if heading:
            group = text.plain(heading.group(1))
        elif box:
            numbered = _NUMBER.match(box.group("text"))
            key = numbered.group("number") if numbered else str(len(drafts) + 1)
            title = numbered.group("title") if numbered else box.group("text")
            text.refuse_twice(
                f"{root / path}:{number}",
                f"task {key}",
                next((draft.line for draft in drafts if draft.key == key), None),
            )
            drafts.append(_Draft(key, title, text.checked(box), number, group))
        elif drafts and line[:1] in (" ", "\t") and line.strip():
            drafts[-1].details.append(text.plain(text.item(line)))
        elif line.strip():
            loose.append(number)
    if not drafts:
        raise SourceError(
            f"{root / path}:1", "holds no task", "write each task as `- [ ] 1.1 Description`"
        )
    return _source_tasks(path, drafts), text.loose(path, loose)


def _source_tasks(path: str, drafts: list[_Draft]) -> list[SourceTask]:
    after = ordering.chain([draft.key for draft in drafts])
    every = [p for d in drafts for p in text.paths(" ".join((d.title, *d.details)))]
    known = text.known_names(every)
    tasks = []
    for draft in drafts:
        whole = " ".join((draft.title, *draft.details))
        tasks.append(
            SourceTask(
                key=draft.key,
                title=text.short(draft.title.replace("`", "")),
                text=whole,
                origin=Origin(path, draft.line),
                done=draft.done,
                files=text.paths(whole, known),
                after=after[draft.key],
                context=(f"Group: {draft.group}",) if draft.group else (),
                steps=(text.plain(draft.title), *draft.details),
            )
        )
    return tasks


def _config(root: Path) -> tuple[list[DesignPart], list[Unmapped]]:
    """The project context of `openspec/config.yaml` as a note; its rules are listed."""
    path = "openspec/config.yaml"
    if not text.exists(root, path):
        return [], []
    try:
        data = read_located(text.read(root, path), root / path).data
    except YamlError as err:
        raise SourceError(f"{root / path}:{err.line or 1}", err.problem, "fix the YAML") from None
    if not isinstance(data, dict):
        return [], []
    notes, unmapped = [], []
    if isinstance(data.get("context"), str):
        part = text.design_part("Project context (config.yaml)", data["context"], Origin(path, 1))
        notes += [part] if part else []
    for key in ("rules", "operations"):
        if data.get(key):
            why = "instructions for OpenSpec's own AI steps: not imported"
            unmapped.append(Unmapped(Origin(path), f"`{key}`", why))
    return notes, unmapped


def _existing(root: Path, touched: list[str]) -> list[DesignPart]:
    """A note naming the current specs of the capabilities the change touches."""
    found = [cap for cap in touched if (root / SPECS / cap / "spec.md").is_file()]
    if not found:
        return []
    listed = "\n".join(f"- `{SPECS}/{cap}/spec.md`" for cap in found)
    body = (
        "The change modifies these capabilities; their current requirements, which the "
        f"agents must keep unless the change says otherwise, are in the source:\n\n{listed}"
    )
    return [DesignPart("Existing behaviour", body, Origin(SPECS))]


def _untouched(root: Path, touched: list[str]) -> list[Unmapped]:
    folder = root / SPECS
    if not folder.is_dir():
        return []
    others = sorted(
        spec.parent.relative_to(folder).as_posix()
        for spec in folder.rglob("spec.md")
        if spec.parent.relative_to(folder).as_posix() not in touched
    )
    if not others:
        return []
    return [
        Unmapped(
            Origin(SPECS),
            f"{len(others)} {'capability' if len(others) == 1 else 'capabilities'} the change "
            f"does not touch ({', '.join(others[:5])}" + (", …)" if len(others) > 5 else ")"),
            "existing behaviour outside this change: not imported",
        )
    ]
