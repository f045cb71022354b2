"""A read spec project mapped onto a pilot: new ids, requirement sections, task files, notes.

Pure: it computes the text of every file the import writes, and the caller writes them
all or none. Ids continue after the pilot's highest ones, so nothing there is renumbered.
Task files are written by `tasks add`'s own writer, then given the fields an import adds
(`status` when the source says done, and `source`) by the round-trip front matter edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pilotkit.commands.tasks.add import NewTask, render
from pilotkit.importers.model import DesignPart, Source, SourceRequirement, SourceTask
from pilotkit.pilot import markdown, specs, tasks
from pilotkit.pilot.load import TASKS_DIR
from pilotkit.template import computed
from pilotkit.yaml import edit_front_matter

NO_CRITERIA = "The steps above are done and every existing test still passes."


@dataclass(frozen=True)
class MappedRequirement:
    id: str
    source: SourceRequirement
    text: str  # its `## R… — …` section


@dataclass(frozen=True)
class MappedTask:
    id: str
    path: str  # relative to the pilot
    text: str
    source: SourceTask
    requirements: tuple[str, ...]
    depends_on: tuple[str, ...]


@dataclass(frozen=True)
class Mapped:
    """Everything the import adds to a pilot."""

    requirements: tuple[MappedRequirement, ...]
    tasks: tuple[MappedTask, ...]
    design: str  # the `## Imported from …` section of specs/design.md

    @property
    def requirements_text(self) -> str:
        return "\n".join(req.text for req in self.requirements)


def map_source(
    source: Source, *, first_task: int = 1, width: int = 2, first_requirement: int = 1
) -> Mapped:
    """SOURCE with pilot ids from FIRST_TASK (WIDTH digits at least) and FIRST_REQUIREMENT."""
    last = first_task + len(source.tasks) - 1
    digits = max(width, len(str(last)))
    task_ids = {task.key: f"T{first_task + i:0{digits}d}" for i, task in enumerate(source.tasks)}
    req_ids = {req.key: f"R{first_requirement + i}" for i, req in enumerate(source.requirements)}
    requirements = tuple(
        MappedRequirement(req_ids[req.key], req, _requirement(source, req_ids[req.key], req))
        for req in source.requirements
    )
    criteria = {req.key: req.criteria for req in source.requirements}
    mapped_tasks = tuple(_task(source, task, task_ids, req_ids, criteria) for task in source.tasks)
    return Mapped(requirements, mapped_tasks, design_section(source))


def _requirement(source: Source, rid: str, req: SourceRequirement) -> str:
    title = req.title if len(req.title) <= 80 else req.title[:79].rstrip() + "…"
    lines = [f"## {rid} — {title}", "", req.statement, ""]
    for detail in req.details:
        lines += [detail, ""]
    lines += [
        f"Source: {source.label} `{req.origin}` ({req.key}).",
        "",
        "### Acceptance criteria",
        "",
    ]
    if req.criteria:
        lines += [f"- {criterion}" for criterion in req.criteria]
    else:
        lines.append(
            f"<!-- {source.label} states {req.key} without acceptance criteria: write them "
            "here, one per line, each checkable by a test. -->"
        )
    return "\n".join(lines) + "\n"


def _task(
    source: Source,
    task: SourceTask,
    task_ids: dict[str, str],
    req_ids: dict[str, str],
    criteria: dict[str, tuple[str, ...]],
) -> MappedTask:
    task_id = task_ids[task.key]
    covered = tuple(req_ids[key] for key in task.covers if key in req_ids)
    depends = tuple(task_ids[key] for key in task.after)
    listed = [
        f"{req_ids[key]}: {criterion}"
        for key in task.covers
        if key in req_ids
        for criterion in criteria.get(key, ())
    ]
    new = NewTask(
        title=task.title,
        depends_on=depends,
        requirements=covered,
        files=task.files,
        context=_context(source, task),
        criteria=tuple(listed) or (NO_CRITERIA,),
        steps=task.steps,
    )
    path = f"{TASKS_DIR}/{task_id}-{computed.task_slug(task_id, task.title)}.md"
    changes: dict[str, object] = {"status": "done"} if task.done else {}
    changes["source"] = f"{source.label} {task.origin} {task.key}"
    text = edit_front_matter(render(task_id, new), changes, path)
    _, problems = tasks.parse(path, text.encode())
    if problems:  # a bug in this module, not in the input: say so loudly
        raise RuntimeError(f"the import would write an invalid task: {problems[0]}")
    return MappedTask(task_id, path, text, task, covered, depends)


def _context(source: Source, task: SourceTask) -> str:
    first = f"Imported from {source.label}: task {task.key} of `{task.origin}`."
    if task.done:
        first += " It is checked (done) in the source."
    rest = [line if line.endswith((".", ":", "?", "!")) else line + "." for line in task.context]
    return "\n\n".join([first, *rest])


def design_section(source: Source) -> str:
    """The `## Imported from …` section: every design note, each under its own heading."""
    if not source.design:
        return ""
    parts = [
        f"## Imported from {source.label}: {source.feature}",
        f"The design notes of the {source.label} source, imported by `pilotkit import "
        f"{source.format}` together with the requirements and tasks; each part names the "
        "file it came from. Move what the agents must follow into the sections above.",
    ]
    parts += [_part(part) for part in source.design]
    return "\n\n".join(parts) + "\n"


def _part(part: DesignPart) -> str:
    levels = [level for _, level, _ in specs.headings(part.text)]
    shift = max(0, 4 - min(levels)) if levels else 0
    body = markdown.demote(part.text, shift) if shift else part.text
    return f"### {part.title}\n\nSource: `{part.origin}`.\n\n{body.strip()}"


def next_requirement(text: str) -> int:
    """One more than the highest `R<n>` heading of a requirements file's TEXT."""
    numbers = [int(req.id[1:]) for req in specs.parse_requirements(text) if req.id]
    return max(numbers, default=0) + 1


def task_number(task_id: str) -> int:
    match = re.match(r"T(\d+)$", task_id)
    return int(match.group(1)) if match else 0
