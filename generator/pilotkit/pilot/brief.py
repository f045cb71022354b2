"""The brief for a sub-agent: everything it needs to take one task on, in one prompt.

Gathered from the pilot's own files, so it says what the repository says: the task
file, the full text of its requirements, the guidelines of AGENTS.md (without the part
about picking a task: the brief is the pick), the files the task may change, the tasks
it waits for and what they produce, its acceptance criteria, and the agent-PR checklist;
and how to record the task's moves where the other agents see them (`--push`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pilotkit.pilot import markdown, requirements, textfiles, workflow
from pilotkit.pilot.plan import Plan
from pilotkit.pilot.tasks import Task

GUIDELINES = "AGENTS.md"
CHECKLIST = "review/agent-pr-review.md"
# Sections of a task body that the brief shows in their own place, not under "The task".
_OWN_PLACE = ("requirements", "acceptance criteria")
JSON_VERSION = 1


@dataclass(frozen=True)
class RequirementText:
    id: str
    title: str
    text: str
    found: bool


@dataclass(frozen=True)
class Dependency:
    id: str
    title: str
    status: str
    assignee: str | None
    branch: str | None
    files: tuple[str, ...]
    path: str


@dataclass(frozen=True)
class Brief:
    """One task's brief; `markdown()` is the prompt, `as_dict()` the JSON shape."""

    pilot: str
    id: str
    title: str
    status: str
    assignee: str | None
    branch: str
    path: str
    wave: int | None
    hours: float | None
    task: str
    requirements: tuple[RequirementText, ...]
    files: tuple[str, ...]
    depends_on: tuple[Dependency, ...]
    acceptance_criteria: str
    guidelines: str
    checklist: str

    def as_dict(self) -> dict[str, Any]:
        return {"version": JSON_VERSION, **asdict(self)}

    def markdown(self) -> str:
        return _render(self)


def make(the_plan: Plan, task: Task) -> Brief:
    """The brief for TASK."""
    root = Path(the_plan.pilot.root)
    known = requirements.read(root)
    reqs = tuple(
        RequirementText(r, known[r].title, known[r].text.strip(), True)
        if r in known
        else RequirementText(r, "", "", False)
        for r in task.requirements
    )
    deps = tuple(
        Dependency(d.id, d.title, d.status, d.assignee, d.branch, d.files, d.path)
        for d in (the_plan.pilot.task(dep) for dep in task.depends_on)
        if d is not None
    )
    return Brief(
        pilot=str(the_plan.pilot.answers.get("pilot_name") or root.name),
        id=task.id,
        title=task.title,
        status=task.status,
        assignee=task.assignee,
        branch=task.branch or workflow.default_branch(task),
        path=task.path,
        wave=the_plan.wave(task.id),
        hours=the_plan.hours.get(task.id),
        task=_task_text(task),
        requirements=reqs,
        files=task.files,
        depends_on=deps,
        acceptance_criteria=task.section("Acceptance criteria"),
        guidelines=_guidelines(_read(root / GUIDELINES)),
        checklist=_without_title(_read(root / CHECKLIST)),
    )


def _task_text(task: Task) -> str:
    _, parts = markdown.sections(task.body, level=2)
    kept = [p.text.strip() for p in parts if p.level == 2 and p.title.lower() not in _OWN_PLACE]
    return "\n\n".join(kept)


def _guidelines(text: str) -> str:
    _, parts = markdown.sections(text, level=2)
    kept = [
        p.text.strip() for p in parts if p.level == 2 and not p.title.lower().startswith("pick")
    ]
    return "\n\n".join(kept)


def _without_title(text: str) -> str:
    before, parts = markdown.sections(text, level=1)
    if parts and parts[0].level == 1:
        body = parts[0].text.split("\n", 1)[1] if "\n" in parts[0].text else ""
        return (before + body).strip()
    return text.strip()


def _read(path: Path) -> str:
    try:
        return textfiles.read_text(path)
    except (OSError, UnicodeDecodeError):
        return ""


def _render(brief: Brief) -> str:
    holder = f", held by {brief.assignee}" if brief.assignee else ""
    facts = [f"task file `{brief.path}` (status: {brief.status}{holder})"]
    if brief.wave:
        facts.append(f"wave {brief.wave}")
    if brief.hours is not None:
        facts.append(f"estimated at {brief.hours:g} h by hand")
    parts = [
        f"# Brief for {brief.id}: {brief.title}",
        f"You are one of several coding agents building the pilot **{brief.pilot}** in "
        f"parallel. Your task is {brief.id}, and only {brief.id}. Work on the branch "
        f"`{brief.branch}` and change only the files listed below. Meet every acceptance "
        "criterion, follow the guidelines, and check your pull request against the "
        "checklist at the end.",
        "- " + "; ".join(facts) + ".\n" + _moves(brief),
        "## The task\n\n" + (markdown.demote(brief.task, 1) or "(The task file has no text.)"),
        "## Requirements\n\n" + _requirements(brief),
        "## Files you may change\n\n" + _files(brief.files),
        "## Tasks this one waits for\n\n" + _dependencies(brief.depends_on),
        "## Acceptance criteria\n\n" + (brief.acceptance_criteria or "(None written: ask.)"),
        f"## Guidelines (from {GUIDELINES})\n\n"
        + (markdown.demote(brief.guidelines, 1) or f"({GUIDELINES} is missing.)"),
        f"## Pull-request checklist (from {CHECKLIST})\n\n"
        + (markdown.demote(brief.checklist, 1) or f"({CHECKLIST} is missing.)"),
    ]
    return "\n\n".join(part.strip() for part in parts) + "\n"


def _moves(brief: Brief) -> str:
    """How to record this task's moves on the pilot's remote, where the other agents see them."""
    claim = (
        f"`pilotkit tasks claim {brief.id} --as <your name> --push` before you start (refused: "
        "another agent holds it: do not start, say who, and pick another from "
        "`pilotkit tasks next --fetch`), then "
        if brief.status == "todo"
        else ""
    )
    return (
        f"- Record each move on the pilot's remote with `--push`: {claim}"
        f"`pilotkit tasks review {brief.id} --push` once your pull request is open, "
        f'`pilotkit tasks block {brief.id} --reason "…" --push` if you are blocked.'
    )


def _requirements(brief: Brief) -> str:
    if not brief.requirements:
        return "The task names no requirement."
    texts = [
        markdown.demote(r.text, 1)
        if r.found
        else f"### {r.id}\n\n({r.id} is not in {requirements.PATH}: ask before you start.)"
        for r in brief.requirements
    ]
    return "\n\n".join(texts)


def _files(files: tuple[str, ...]) -> str:
    if not files:
        return "None are listed: ask before you change anything."
    return "\n".join(f"- `{glob}`" for glob in files)


def _dependencies(deps: tuple[Dependency, ...]) -> str:
    if not deps:
        return "None: this task can start on its own."
    lines = []
    for dep in deps:
        where = f", branch `{dep.branch}`" if dep.branch else ""
        who = f" by {dep.assignee}" if dep.assignee else ""
        produced = ", ".join(f"`{f}`" for f in dep.files) or "no files listed"
        lines.append(f"- **{dep.id}** {dep.title} ({dep.status}{who}{where}): {produced}")
    if any(dep.status != "done" for dep in deps):
        lines.append("\nA task above is not done yet: do not start until it is.")
    return "\n".join(lines)
