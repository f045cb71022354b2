"""`pilotkit tasks list | next | graph`: read the pilot, change nothing.

With `fetch`, `list` and `next` read the task files as the pilot's remote branch has
them (`pilotkit.remote.fetched`), not as a clone that may be stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pilotkit import remote
from pilotkit.errors import ExitCode, PilotkitError
from pilotkit.findings import Finding
from pilotkit.pilot import graph, plan, tasks
from pilotkit.pilot.load import find_root, load_pilot
from pilotkit.pilot.plan import Plan


@dataclass(frozen=True)
class TaskRow:
    """One task as `list` and `next` show it."""

    id: str
    title: str
    status: str
    assignee: str | None
    branch: str | None
    wave: int | None
    hours: float | None
    path: str
    note: str | None = None


@dataclass(frozen=True)
class TaskList:
    rows: tuple[TaskRow, ...]
    findings: tuple[Finding, ...]
    source: str | None = None  # with fetch: the remote branch and commit read, `origin/main at …`


class CycleError(PilotkitError):
    """The tasks depend on each other in a circle (exit 1: a problem in the files)."""

    exit_code = ExitCode.PROBLEMS


def list_tasks(
    path: Path,
    *,
    statuses: Iterable[str] = (),
    assignee: str | None = None,
    fetch: remote.Push | None = None,
) -> TaskList:
    """Every task in file order, optionally only those in STATUSES or held by ASSIGNEE.

    With FETCH, as the remote branch it names (or the upstream) has them.
    """
    if fetch is not None:
        with remote.fetched(find_root(path), fetch) as there:
            found = list_tasks(there.root, statuses=statuses, assignee=assignee)
            return replace(found, source=there.source)
    wanted = set(statuses)
    unknown = wanted - set(tasks.STATUSES)
    if unknown:
        raise PilotkitError(
            f"unknown status {', '.join(sorted(unknown))}; use {', '.join(tasks.STATUSES)}"
        )
    the_plan = plan.make(load_pilot(path))
    rows = tuple(
        _row(the_plan, task)
        for task in the_plan.tasks
        if (not wanted or task.status in wanted) and (assignee is None or task.assignee == assignee)
    )
    return TaskList(rows, the_plan.pilot.findings)


def next_tasks(path: Path, *, fetch: remote.Push | None = None) -> TaskList:
    """Todo tasks whose dependencies are all done, best first (most work behind them).

    A ready task whose files overlap a task held by someone comes last, with a note.
    With FETCH, as the remote branch it names (or the upstream) has them.
    """
    if fetch is not None:
        with remote.fetched(find_root(path), fetch) as there:
            return replace(next_tasks(there.root), source=there.source)
    the_plan = plan.make(load_pilot(path))
    critical = set(the_plan.critical_path)
    rows = []
    for task, conflict in the_plan.ready():
        note = "on the critical path" if task.id in critical else None
        if conflict:
            note = f"waits: {conflict.describe()}"
        rows.append(_row(the_plan, task, note))
    return TaskList(tuple(rows), the_plan.pilot.findings)


def task_graph(path: Path) -> Plan:
    """The plan of the pilot at PATH: waves, critical path, parallelism.

    A dependency cycle is an error (exit 1) naming the cycle and where to break it.
    """
    the_plan = plan.make(load_pilot(path))
    if the_plan.cycle:
        first = the_plan.pilot.by_id[the_plan.cycle[0]]
        raise CycleError(
            f"{first.path}:{first.line('depends_on')}: "
            f"{graph.describe_cycle(the_plan.cycle)}; remove one of these dependencies"
        )
    return the_plan


def _row(the_plan: Plan, task: tasks.Task, note: str | None = None) -> TaskRow:
    return TaskRow(
        id=task.id,
        title=task.title,
        status=task.status,
        assignee=task.assignee,
        branch=task.branch,
        wave=the_plan.wave(task.id),
        hours=the_plan.hours.get(task.id),
        path=task.path,
        note=note,
    )
