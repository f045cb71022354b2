"""`pilotkit tasks add`: a new task file with the next free id.

The hand estimate goes into `metrics/estimate.yaml` while it may still change (every
task `todo`); once a task has left `todo` the estimate is frozen, so the hours go into
the new task's own front matter (`estimate_hours`) instead, outside the baseline.
With `push`, the next free id is the remote's (`pilotkit.remote`): two people adding a
task at once get two ids.

Once written, the task rules of `pilotkit check` judge the pilot, and the findings about
the new task (and the graph it joined) come back with it: said before an agent takes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pilotkit import lock, remote
from pilotkit.errors import PilotkitError
from pilotkit.files import Output, write_all
from pilotkit.findings import Finding
from pilotkit.numbers import is_number, positive
from pilotkit.pilot import globs, plan, requirements, tasks, textfiles
from pilotkit.pilot.load import TASKS_DIR, Pilot, find_root, load_pilot
from pilotkit.template import computed
from pilotkit.template.source import local_folder
from pilotkit.yaml import YamlError, edit_text, read_located, scalar

_NUMBERED = re.compile(r"^T(\d+)", re.IGNORECASE)
_OUT_OF_SCOPE = "Any file outside `files`, and any behaviour the criteria above do not ask for."


@dataclass(frozen=True)
class NewTask:
    """What a person says about a new task; everything but the title may stay empty."""

    title: str
    depends_on: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    hours: float | None = None
    context: str = ""
    criteria: tuple[str, ...] = ()
    hand: bool = False  # a control task, built by the engineer by hand (`mode: hand`)
    steps: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    # Where the task came from (`backlog to-task`): tracker, key and url, in that order.
    source: tuple[tuple[str, str], ...] = ()


# The check rules whose findings `add` returns: the task rules, the graph's included.
READINESS = ("PK-T", "PK-S009")
_GRAPH_RULES = ("PK-T017", "PK-T018")  # reported on PILOT.md, about every task


@dataclass(frozen=True)
class Added:
    """The new task: its id, its file, where its hours were recorded (if given), and what
    `check` finds wrong with it now."""

    id: str
    path: str
    hours_in: str | None
    pushed: remote.Pushed | None = None  # where the new task went, with --push
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Offer:
    """What the `tasks add` interview offers, read from the pilot at ROOT: the id the task
    will get, the tasks it may depend on and the requirements it may cover (id, title),
    the repository's folder on this machine (whose paths Tab completes), and the pilot's
    answers (which name its template)."""

    root: Path
    next_id: str
    tasks: tuple[tuple[str, str], ...]
    requirements: tuple[tuple[str, str], ...]
    paths: Path | None
    answers: Mapping[str, Any]


def offer(path: Path) -> Offer:
    """What to offer for a new task in the pilot at PATH (or containing it)."""
    pilot = load_pilot(path)
    repository = pilot.answers.get("repository")
    return Offer(
        root=pilot.root,
        next_id=next_id(pilot),
        tasks=tuple((task.id, task.title) for task in pilot.by_id.values()),
        requirements=tuple((r.id, r.title) for r in requirements.read(pilot.root).values()),
        paths=local_folder(repository, pilot.root) if isinstance(repository, str) else None,
        answers=pilot.answers,
    )


def add_task(path: Path, new: NewTask, *, push: remote.Push | None = None) -> Added:
    """Write a new task file for NEW in the pilot at PATH and return where it went."""
    root = find_root(path)
    added, pushed = remote.apply(root, push, lambda: _add(root, new), _commit)
    return replace(added, pushed=pushed)


def _commit(added: Added) -> remote.Commit:
    paths = (added.path, plan.ESTIMATE) if added.hours_in == plan.ESTIMATE else (added.path,)
    return remote.Commit(paths, f"{added.id}: add")


def _add(root: Path, new: NewTask) -> Added:
    with lock.exclusive(root):
        pilot = load_pilot(root)
        checked = _validated(pilot, new)
        task_id = next_id(pilot)
        relative = f"{TASKS_DIR}/{task_id}-{computed.task_slug(task_id, checked.title)}.md"
        frozen = any(task.status != "todo" for task in pilot.by_id.values())
        estimate = None
        if checked.hours is not None and not frozen:
            estimate = _estimate_with(root, task_id, checked.hours)
        own_hours = checked.hours is not None and estimate is None
        text = render(task_id, checked, own_hours=own_hours)
        _, problems = tasks.parse(relative, text.encode())
        if problems:  # a bug in this module, not in the input: say so loudly
            raise RuntimeError(f"tasks add would write an invalid task: {problems[0]}")
        outputs = [Output(root / relative, text, new=True)]
        if estimate is not None:  # both files or, when one is refused, neither
            outputs.append(Output(root / plan.ESTIMATE, estimate))
        try:
            write_all(outputs)
        except FileExistsError:
            name = Path(relative).name
            raise PilotkitError(f"{name} already exists; choose another title") from None
    hours_in = plan.ESTIMATE if estimate is not None else relative if own_hours else None
    return Added(task_id, relative, hours_in, findings=readiness(root, relative))


def readiness(root: Path, relative: str) -> tuple[Finding, ...]:
    """What `check`'s task rules find about the task file RELATIVE, and the graph's rules."""
    from pilotkit.commands.check import check  # check loads every rule: only when needed

    found = check(root, select=READINESS).findings
    return tuple(f for f in found if f.path == relative or f.rule in _GRAPH_RULES)


def next_id(pilot: Pilot) -> str:
    """One more than the highest task number in tasks/ (read or not), as wide as the widest."""
    numbers = [task_id[1:] for task_id in pilot.by_id]
    folder = Path(pilot.root) / TASKS_DIR
    if folder.is_dir():
        numbers += [m.group(1) for e in folder.iterdir() if (m := _NUMBERED.match(e.name))]
    highest = max((int(number) for number in numbers), default=0)
    width = max([2, *(len(number) for number in numbers)])
    return f"T{highest + 1:0{width}d}"


def render(task_id: str, new: NewTask, *, own_hours: bool = False) -> str:
    """The text of a task file in the template's layout."""
    front = [
        f"id: {task_id}",
        f"title: {scalar(new.title, chr(34))}",
        "status: todo",
        f"depends_on: [{', '.join(new.depends_on)}]",
        f"requirements: [{', '.join(new.requirements)}]",
        "files:" if new.files else "files: []",
        *(f"  - {scalar(glob, chr(34))}" for glob in new.files),
        "assignee: null",
        "branch: null",
    ]
    if own_hours and new.hours is not None:
        front.append(f"estimate_hours: {_number(new.hours)}")
    if new.hand:
        front.append("mode: hand")
    if new.source:
        front.append("source:")
        front += [f"  {name}: {scalar(value, chr(34))}" for name, value in new.source if value]
    context = new.context or "<!-- Why this task exists and what it builds on. -->"
    criteria = "\n".join(f"- {line}" for line in new.criteria) or (
        "<!-- One line per criterion, each checkable by a test or a stated manual check. -->"
    )
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(new.steps, start=1))
    out_of_scope = "\n".join(f"- {line}" for line in (*new.out_of_scope, _OUT_OF_SCOPE))
    body = [
        f"# {task_id}: {new.title}",
        f"## Context\n\n{context}",
        f"## Steps\n\n{steps or '1. <!-- The first step. -->'}",
        f"## Acceptance criteria\n\n{criteria}",
        f"## Out of scope\n\n{out_of_scope}",
    ]
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"


def _validated(pilot: Pilot, new: NewTask) -> NewTask:
    title = " ".join(new.title.split())
    if not title:
        raise PilotkitError("--title is empty: give the task a short title")
    deps = tuple(dict.fromkeys(plan.find_task(pilot, dep).id for dep in new.depends_on))
    known = requirements.read(Path(pilot.root))
    reqs = tuple(dict.fromkeys(r.strip().upper() for r in new.requirements if r.strip()))
    missing = [r for r in reqs if r not in known]
    if missing:
        listed = ", ".join(known) or "none"
        raise PilotkitError(
            f"requirement {', '.join(missing)} is not in {requirements.PATH} (it has: {listed})"
        )
    files = tuple(dict.fromkeys(glob.strip() for glob in new.files if glob.strip()))
    for glob in files:
        if "\n" in glob or not globs.inside_repository(glob):
            raise PilotkitError(f"--file {glob!r}: give a glob relative to the repository root")
    if new.hours is not None:
        positive(new.hours, "--hours", "hours")
    criteria = tuple(" ".join(line.split()) for line in new.criteria if line.strip())
    context = new.context.strip()
    steps = tuple(" ".join(line.split()) for line in new.steps if line.strip())
    out = tuple(" ".join(line.split()) for line in new.out_of_scope if line.strip())
    return NewTask(
        title,
        deps,
        reqs,
        files,
        new.hours,
        context,
        criteria,
        new.hand,
        steps=steps,
        out_of_scope=out,
        source=new.source,
    )


def _estimate_with(root: Path, task_id: str, hours: float) -> str | None:
    """The estimate's text with the task added; None when it cannot take it."""
    path = root / plan.ESTIMATE
    try:
        text = textfiles.read_text(path)  # line endings kept, so the edit keeps them
        data = read_located(text, plan.ESTIMATE).data
        listed = data.get("tasks") if isinstance(data, dict) else None
        if not isinstance(listed, dict):
            return None
        changes: dict[tuple[str, ...], object] = {("tasks", task_id): _as_number(hours)}
        if is_number(data.get("total")):
            numbers = [v for v in listed.values() if is_number(v)]
            changes[("total",)] = _as_number(sum(numbers) + hours)
        return edit_text(text, changes, plan.ESTIMATE)
    except (OSError, UnicodeDecodeError, YamlError):
        return None


def _as_number(hours: float) -> int | float:
    return int(hours) if float(hours).is_integer() else hours


def _number(hours: float) -> str:
    return str(_as_number(hours))
