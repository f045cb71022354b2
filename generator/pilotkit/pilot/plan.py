"""The plan of a pilot: its tasks' waves, hours, critical path, and who may start what.

`make(pilot)` computes everything `tasks list|graph|next|board|brief` show, once, from
the task files and `metrics/estimate.yaml` as the pilot was loaded. Pure: it reads no
file and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pilotkit.errors import PilotkitError
from pilotkit.pilot import globs, graph
from pilotkit.pilot.load import Pilot
from pilotkit.pilot.tasks import Task
from pilotkit.pilot.tasks import hours as task_hours

ESTIMATE = "metrics/estimate.yaml"
# A task holds its files from the claim until it is done or released: its branch may
# still change them while it is in review, or blocked after a claim.
HOLDING = ("claimed", "in-review")


@dataclass(frozen=True)
class Conflict:
    """TASK may not start while OTHER, held by someone else, covers the same files."""

    other: Task
    mine: str
    theirs: str

    def describe(self) -> str:
        holder = self.other.assignee or "someone"
        return (
            f"its files overlap {self.other.id}, {self.other.status} by {holder} "
            f"(`{self.mine}` and `{self.theirs}`)"
        )


@dataclass(frozen=True)
class Plan:
    """What can run when: waves, estimates, the critical path, and readiness."""

    pilot: Pilot
    waves: tuple[tuple[str, ...], ...]
    wave_of: Mapping[str, int]
    hours: Mapping[str, float]
    critical_hours: float
    critical_path: tuple[str, ...]
    parallelism: int
    cycle: tuple[str, ...] | None
    remaining: Mapping[str, float]
    held: tuple[Task, ...] = ()  # the tasks that hold their files now

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(self.pilot.by_id.values())

    def wave(self, task_id: str) -> int | None:
        """The 1-based wave of a task (None for a task on or behind a cycle)."""
        return self.wave_of.get(task_id)

    def waiting_for(self, task: Task) -> list[Task]:
        """The dependencies of TASK that are not done yet (unknown ids are skipped)."""
        found = (self.pilot.task(dep) for dep in task.depends_on)
        return [dep for dep in found if dep is not None and dep.status != "done"]

    def unknown_deps(self, task: Task) -> list[str]:
        """The ids in TASK's `depends_on` that name no readable task."""
        return [dep for dep in task.depends_on if dep not in self.pilot.by_id]

    def conflict(self, task: Task, name: str | None = None) -> Conflict | None:
        """The first task held by someone other than NAME whose files overlap TASK's."""
        for other in self.held:
            if other.id == task.id or (name and other.assignee == name):
                continue
            pair = globs.first_overlap(task.files, other.files)
            if pair:
                return Conflict(other, *pair)
        return None

    def _conflicts(self, tasks: list[Task]) -> list[Conflict | None]:
        """`conflict` of each of TASKS (none of them held), all at once.

        The globs are compared as distinct patterns once, and each pattern learns the
        first held task (in file order) whose files overlap it, so a thousand ready tasks
        against a thousand held ones is not a million comparisons.
        """
        overlaps = globs.overlaps(p for task in (*tasks, *self.held) for p in task.files)
        first_holder: dict[str, int] = {}
        for position, other in reversed(list(enumerate(self.held))):
            for pattern in other.files:
                first_holder[pattern] = position
        never = len(self.held)
        first = {
            pattern: min((first_holder.get(other, never) for other in found), default=never)
            for pattern, found in overlaps.items()
        }
        result: list[Conflict | None] = []
        for task in tasks:
            position = min((first[pattern] for pattern in task.files), default=never)
            if position == never:
                result.append(None)
                continue
            other = self.held[position]
            pair = globs.first_overlap(task.files, other.files)
            result.append(Conflict(other, *pair) if pair else None)
        return result

    def ready(self) -> list[tuple[Task, Conflict | None]]:
        """Todo tasks whose dependencies are all done, best first: most work behind them.

        A ready task whose files overlap a held task comes with that conflict (and last):
        `claim` would refuse it until the other task is done or released.
        """
        tasks = [
            task
            for task in self.pilot.by_id.values()
            if task.status == "todo" and not self.waiting_for(task) and not self.unknown_deps(task)
        ]
        found = list(zip(tasks, self._conflicts(tasks), strict=True))
        order = {task_id: index for index, task_id in enumerate(self.pilot.by_id)}
        found.sort(
            key=lambda pair: (
                pair[1] is not None,
                -self.remaining.get(pair[0].id, 0.0),
                order[pair[0].id],
            )
        )
        return found


def holds(task: Task) -> bool:
    """Whether TASK holds its files: claimed, in review, or blocked in someone's hands."""
    return task.status in HOLDING or (task.status == "blocked" and task.assignee is not None)


def make(pilot: Pilot) -> Plan:
    """The plan of PILOT (tasks on a dependency cycle are in no wave)."""
    deps = pilot.deps()
    hours = read_hours(pilot)
    cycle = graph.find_cycle(deps)
    length, path = graph.critical_path(deps, hours)
    waves = tuple(tuple(wave) for wave in graph.waves(deps))
    return Plan(
        pilot=pilot,
        waves=waves,
        wave_of={task: number for number, wave in enumerate(waves, 1) for task in wave},
        hours=hours,
        critical_hours=length,
        critical_path=tuple(path),
        parallelism=useful_parallelism(deps, hours),
        cycle=tuple(cycle) if cycle else None,
        remaining=graph.remaining(deps, hours),
        held=tuple(task for task in pilot.by_id.values() if holds(task)),
    )


def useful_parallelism(deps: graph.Deps, hours: Mapping[str, float]) -> int:
    """The most tasks running at once when each starts as soon as its dependencies end.

    The tasks last their HOURS when every task has some (and not all zero: a task of zero
    hours takes no agent); otherwise each lasts the same, and the answer is the width of
    the widest wave. `tasks graph` prints it; `check` and the interview hold a pilot to it.
    """
    timed = all(task in hours for task in deps) and any(hours[task] > 0 for task in deps)
    return graph.peak_parallelism(deps, hours if timed else dict.fromkeys(deps, 1.0))


def read_hours(pilot: Pilot) -> dict[str, float]:
    """Hand-estimate hours per task id: `metrics/estimate.yaml`, else the task's own.

    The estimate is the one the pilot was loaded with; an unreadable estimate counts as
    none here (`pilotkit check` reports why).
    """
    hours = {
        task.id: task.estimate_hours
        for task in pilot.by_id.values()
        if task.estimate_hours is not None
    }
    listed = pilot.estimate.hours if pilot.estimate is not None else {}
    for task_id, value in listed.items():
        given = task_hours(value)
        if given is not None:
            hours[str(task_id)] = given
    return hours


def find_task(pilot: Pilot, wanted: str) -> Task:
    """The task named WANTED (`T04`, `t4` and `4` all name T04), or an error saying why not."""
    text = wanted.strip().upper()
    if text in pilot.by_id:
        return pilot.by_id[text]
    number = text.removeprefix("T")
    if number.isdigit():
        for task_id, task in pilot.by_id.items():
            if int(task_id[1:]) == int(number):
                return task
    unreadable = [
        f for f in pilot.findings if f.path.rsplit("/", 1)[-1].upper().startswith(f"{text}-")
    ]
    if unreadable:
        problem = unreadable[0]
        raise PilotkitError(
            f"{problem.location()}: {problem.message}; fix the task file, then retry"
        )
    raise PilotkitError(f"there is no task {wanted} in tasks/; `pilotkit tasks list` shows them")
