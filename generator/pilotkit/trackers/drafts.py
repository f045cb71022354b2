"""What an exported issue says: title, body (the task's brief, shortened), labels, links.

One draft per selected task, made from the same brief `pilotkit tasks brief` prints, so
an agent that takes the issue reads what a local sub-agent would: the task, its
requirements in full, the files it may change, what it waits for, its acceptance
criteria, and links to the pilot's specs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git
from pilotkit.pilot import brief, markdown, plan
from pilotkit.pilot.plan import Plan
from pilotkit.pilot.tasks import Task
from pilotkit.trackers.record import ref

_RELATIVE = re.compile(r"\[([^\]]+)\]\((?![a-z][a-z0-9+.-]*:|#|/)([^)\s]+)\)")
MAX_BODY = 60_000  # GitHub refuses bodies over 65,536 characters; Jira's limit is 32,767 per cell
_GITHUB = re.compile(
    r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:)([\w.-]+)/([\w.-]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True)
class Draft:
    """One issue to create for TASK."""

    task: Task
    title: str
    body: str  # Markdown
    labels: tuple[str, ...]
    wave: int | None
    depends_on: tuple[Task, ...]


def select(the_plan: Plan, ids: Sequence[str] = (), *, ready: bool = False) -> list[Task]:
    """The tasks IDS names, else the ready ones (READY), else every task not done."""
    if ids:
        found = [plan.find_task(the_plan.pilot, task_id) for task_id in ids]
        return list({task.id: task for task in found}.values())
    if ready:
        return [task for task, _ in the_plan.ready()]
    return [task for task in the_plan.tasks if task.status != "done"]


def pilot_name(the_plan: Plan) -> str:
    return str(the_plan.pilot.answers.get("pilot_name") or Path(the_plan.pilot.root).name)


def labels(the_plan: Plan, task: Task) -> tuple[str, ...]:
    """The task id, its wave and the pilot: how a tracker's filter finds the pilot's issues."""
    wave = the_plan.wave(task.id)
    return (task.id, *((f"wave-{wave}",) if wave else ()), f"pilot-{pilot_name(the_plan)}")


def github_repository(url: str | None) -> str | None:
    """`OWNER/REPO` of a GitHub URL (https or ssh), else None."""
    match = _GITHUB.match(url.strip()) if url else None
    return f"{match.group(1)}/{match.group(2)}" if match else None


def make(the_plan: Plan, tasks: Sequence[Task]) -> list[Draft]:
    """A draft for each of TASKS."""
    base = _links(Path(the_plan.pilot.root))
    return [_draft(the_plan, task, base) for task in tasks]


def _draft(the_plan: Plan, task: Task, base: str | None) -> Draft:
    made = brief.make(the_plan, task)
    deps = tuple(dep for dep in (the_plan.pilot.task(d) for d in task.depends_on) if dep)
    return Draft(
        task=task,
        title=f"{task.id}: {task.title}",
        body=_body(made, deps, base),
        labels=labels(the_plan, task),
        wave=the_plan.wave(task.id),
        depends_on=deps,
    )


def _body(made: brief.Brief, deps: tuple[Task, ...], base: str | None) -> str:
    facts = [f"wave {made.wave}"] if made.wave else []
    if made.hours is not None:
        facts.append(f"estimated at {made.hours:g} h by hand")
    parts = [
        f"Task **{made.id}** of the pilot **{made.pilot}**"
        + (f" ({', '.join(facts)})" if facts else "")
        + f". Work on the branch `{made.branch}` and change only the files listed below.",
        "## The task\n\n" + (markdown.demote(made.task, 1) or "(The task file has no text.)"),
        "## Requirements\n\n" + _requirements(made),
        "## Files you may change\n\n"
        + ("\n".join(f"- `{glob}`" for glob in made.files) or "None are listed: ask first."),
        "## Depends on\n\n" + _dependencies(deps),
        "## Acceptance criteria\n\n" + (made.acceptance_criteria or "(None written: ask.)"),
        "## Specs\n\n" + _specs(made, base),
        f"---\nExported by `pilotkit tasks export` from `{made.path}`; "
        "`pilotkit tasks sync` brings this issue's state back.",
    ]
    body = _absolute("\n\n".join(part.strip() for part in parts) + "\n", made.path, base)
    if len(body) > MAX_BODY:
        body = body[: MAX_BODY - 80].rsplit("\n", 1)[0] + f"\n\n(Cut here: read `{made.path}`.)\n"
    return body


def _absolute(body: str, task_path: str, base: str | None) -> str:
    """BODY with links relative to the task file made absolute (an issue has no folder)."""

    def resolve(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(task_path), match.group(2)))
        if target.startswith("../"):
            return match.group(0)
        return f"[{match.group(1)}]({base}{target})" if base else f"{match.group(1)} (`{target}`)"

    return _RELATIVE.sub(resolve, body)


def _requirements(made: brief.Brief) -> str:
    if not made.requirements:
        return "The task names no requirement."
    return "\n\n".join(
        markdown.demote(r.text, 1) if r.found else f"### {r.id}\n\n(Not in the specs: ask.)"
        for r in made.requirements
    )


def _dependencies(deps: tuple[Task, ...]) -> str:
    if not deps:
        return "Nothing: this task can start on its own."
    lines = []
    for dep in deps:
        issue = f" ({ref(dep.issue)})" if dep.issue is not None else ""
        lines.append(f"- **{dep.id}** {dep.title}{issue}: {dep.status}")
    return "\n".join(lines)


def _specs(made: brief.Brief, base: str | None) -> str:
    paths = ("specs/requirements.md", "specs/design.md", made.path, "AGENTS.md")
    if base is None:
        return "In the pilot's repository: " + ", ".join(f"`{path}`" for path in paths) + "."
    return "\n".join(f"- [{path}]({base}{path})" for path in paths)


def _links(root: Path) -> str | None:
    """The web address files of the pilot's repository start with, when it is on GitHub."""
    try:
        repository = github_repository(git.origin_url(root))
        if repository is None:
            return None
        proc = git.run(["rev-parse", "--abbrev-ref", "HEAD"], root, check=False)
    except git.GitError:
        return None
    branch = (
        proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() != "HEAD" else "main"
    )
    return f"https://github.com/{repository}/blob/{branch}/"
