"""Rules for the tasks and their graph: ids, dependencies, cycles, requirement coverage,
acceptance criteria, overlapping files of parallel tasks, and status contradictions.

PK-T001 … PK-T006 are raised while the task files are read (`pilotkit.pilot.tasks`,
`pilotkit.pilot.load`); the rules below judge the tasks together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from pilotkit.findings import Finding, finding
from pilotkit.pilot import globs, graph, markdown, specs
from pilotkit.pilot.tasks import Task
from pilotkit.rules.base import ERROR, WARNING, Context, Rule

_ACCEPTANCE = "Acceptance criteria"


def duplicate_ids(ctx: Context) -> Iterator[Finding]:
    for task in ctx.pilot.tasks:
        first = ctx.pilot.by_id[task.id]
        if first is not task:
            yield finding(
                "PK-T007",
                task.path,
                task.line("id"),
                f"{task.id} is also the id of {first.path}",
                "give this task the next free id and rename its file to match",
            )


def unknown_dependencies(ctx: Context) -> Iterator[Finding]:
    for task in _unique(ctx):
        for index, dep in enumerate(task.depends_on):
            if dep not in ctx.pilot.by_id and dep not in ctx.pilot.unparsed:
                yield finding(
                    "PK-T008",
                    task.path,
                    task.item_line("depends_on", index),
                    f"{task.id} depends on {dep}, which is not a task",
                    "fix the id, or remove the dependency",
                )


def dependency_cycles(ctx: Context) -> Iterator[Finding]:
    for cycle in graph.cycles(ctx.pilot.deps()):
        task = ctx.pilot.by_id[cycle[0]]
        yield finding(
            "PK-T009",
            task.path,
            task.item_line("depends_on", task.depends_on.index(cycle[1])),
            graph.describe_cycle(cycle),
            "remove one of these dependencies: no task in a cycle can ever start",
        )


def unknown_requirements(ctx: Context) -> Iterator[Finding]:
    if not ctx.pilot.requirements:
        return  # PK-S001 (or PK-P002) says it once
    known = {req.id: req for req in ctx.pilot.requirements if req.id}
    for task in ctx.pilot.tasks:
        for index, req_id in enumerate(task.requirements):
            req = known.get(req_id)
            if req is not None and not req.withdrawn:
                continue
            what = "is withdrawn" if req is not None else "is not in specs/requirements.md"
            yield finding(
                "PK-T010",
                task.path,
                task.item_line("requirements", index),
                f"{task.id} covers {req_id}, which {what}",
                "fix the id, or remove it from the task's requirements",
            )


def uncovered_requirements(ctx: Context) -> Iterator[Finding]:
    if not ctx.pilot.tasks or ctx.pilot.unparsed:
        return  # PK-T006 says it once; an unreadable task may cover anything
    covered = {req_id for task in ctx.pilot.tasks for req_id in task.requirements}
    for req in ctx.pilot.requirements:
        if req.id and not req.withdrawn and req.id not in covered:
            yield finding(
                "PK-T011",
                specs.REQUIREMENTS,
                req.line,
                f"{req.id} is covered by no task",
                f"add {req.id} to the `requirements` of the tasks that implement it, "
                "or mark it withdrawn in its heading",
            )


def task_without_acceptance(ctx: Context) -> Iterator[Finding]:
    for task in ctx.pilot.tasks:
        if not markdown.list_items(task.section(_ACCEPTANCE)):
            yield finding(
                "PK-T012",
                task.path,
                task.body_line,
                f"{task.id} has no acceptance criteria",
                "add a `## Acceptance criteria` list: how the reviewer knows the task is done",
            )


def overlapping_files(ctx: Context) -> Iterator[Finding]:
    """Pairs of tasks that may run at once and change the same files, each pair once.

    Near-linear in the tasks: the globs are compared as distinct patterns (a file every
    task names is one pattern), each task gathers the tasks whose patterns overlap its own
    as one bit set, and the closure removes those before and after it in one operation.
    """
    tasks = [task for task in _unique(ctx) if task.status != "done"]
    closure = graph.closure(ctx.pilot.deps())
    overlaps = globs.overlaps(pattern for task in tasks for pattern in task.files)
    owners: dict[str, int] = {}
    for task in tasks:
        for pattern in task.files:
            owners[pattern] = owners.get(pattern, 0) | closure.bit(task.id)
    reach = {
        pattern: _union(owners[other] for other in found) for pattern, found in overlaps.items()
    }
    at = {closure.index[task.id]: task for task in tasks}
    for task in tasks:
        higher = ~((closure.bit(task.id) << 1) - 1)  # each pair once: from its first task
        near = _union(reach[pattern] for pattern in task.files) & closure.concurrent(task.id)
        for position in graph.positions(near & higher):
            yield _overlap(task, at[position], overlaps)


def _union(bit_sets: Iterable[int]) -> int:
    bits = 0
    for item in bit_sets:
        bits |= item
    return bits


def _overlap(a: Task, b: Task, overlaps: Mapping[str, set[str]]) -> Finding:
    """PK-T013 for A and B, on the later file, at its first entry that overlaps the other."""
    later, other = (a, b) if a.path > b.path else (b, a)
    index, other_index = next(
        (index, other_index)
        for index, pattern in enumerate(later.files)
        for other_index, theirs in enumerate(other.files)
        if theirs in overlaps[pattern]
    )
    return finding(
        "PK-T013",
        later.path,
        later.item_line("files", index),
        f"{later.id} and {other.id} can run at the same time and both may change "
        f"`{later.files[index]}` / `{other.files[other_index]}`",
        "make one depend on the other, or narrow `files` so they do not overlap",
    )


def done_before_dependencies(ctx: Context) -> Iterator[Finding]:
    for task in _unique(ctx):
        if task.status != "done":
            continue
        for index, dep in enumerate(task.depends_on):
            other = ctx.pilot.by_id.get(dep)
            if other is not None and other.status != "done":
                yield finding(
                    "PK-T014",
                    task.path,
                    task.item_line("depends_on", index),
                    f"{task.id} is done but its dependency {dep} is {other.status}",
                    f"finish {dep} first, or set {task.id} back to the status it really has",
                )


def held_without_assignee(ctx: Context) -> Iterator[Finding]:
    for task in ctx.pilot.tasks:
        if task.status in ("claimed", "in-review") and not task.assignee:
            yield finding(
                "PK-T015",
                task.path,
                task.line("assignee"),
                f"{task.id} is {task.status} but has no assignee",
                f"claim it with `pilotkit tasks claim {task.id} --as NAME`, or set it back to todo",
            )


def files_outside(ctx: Context) -> Iterator[Finding]:
    for task in ctx.pilot.tasks:
        for index, pattern in enumerate(task.files):
            if not globs.inside_repository(pattern):
                yield finding(
                    "PK-T016",
                    task.path,
                    task.item_line("files", index),
                    f"`{pattern}` is not a path inside the target repository",
                    "write paths relative to the repository root, without `..`",
                )


def _unique(ctx: Context) -> list[Task]:
    """The tasks that own their id (a duplicate is judged by PK-T007 only)."""
    return [task for task in ctx.pilot.tasks if ctx.pilot.by_id.get(task.id) is task]


RULES = (
    Rule("PK-T001", ERROR, "a task file cannot be read, or has no front matter"),
    Rule("PK-T002", ERROR, "a task's front matter is not valid YAML"),
    Rule("PK-T003", ERROR, "a task's front matter field is missing or invalid"),
    Rule("PK-T004", WARNING, "a task's front matter has an unknown field"),
    Rule("PK-T005", WARNING, "a task's file name does not start with its id"),
    Rule("PK-T006", ERROR, "the pilot has no tasks"),
    Rule("PK-T007", ERROR, "two tasks share an id", duplicate_ids),
    Rule("PK-T008", ERROR, "a task depends on a task that does not exist", unknown_dependencies),
    Rule("PK-T009", ERROR, "tasks depend on each other in a cycle", dependency_cycles),
    Rule("PK-T010", ERROR, "a task covers a requirement that does not exist", unknown_requirements),
    Rule("PK-T011", ERROR, "a requirement is covered by no task", uncovered_requirements),
    Rule("PK-T012", ERROR, "a task has no acceptance criteria", task_without_acceptance),
    Rule(
        "PK-T013",
        ERROR,
        "two tasks that can run at once may change the same files",
        overlapping_files,
    ),
    Rule("PK-T014", ERROR, "a task is done but a dependency is not", done_before_dependencies),
    Rule("PK-T015", ERROR, "a claimed or in-review task has no assignee", held_without_assignee),
    Rule("PK-T016", ERROR, "a `files` entry points outside the repository", files_outside),
)
