"""PK-T013 on many tasks: every pair that may run at once and share files, found without
comparing every pair, and exactly the pairs that comparing every pair finds."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from pilotkit import check
from pilotkit.pilot import globs, graph, plan
from pilotkit.pilot.load import load_pilot
from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    pilot_fixture,  # noqa: F401 (a fixture)
)

# Globs that overlap in every way the rule must see: the same file, a file and its
# folder, `*` and `**`, character classes (a backwards one holds nothing), and a file
# literally named `*`.
VOCABULARY = [
    "src/a.py",
    "src/a",
    "src/*.py",
    "src/**",
    "src/b/**",
    "src/b/c.py",
    "./src/b/c.py",
    "docs/x.md",
    "docs/*",
    "**/*.md",
    "tests/test_a.py",
    "tests/test_*.py",
    "lib/[ab].py",
    "lib/c.py",
    "lib/[z-a].py",
    "odd/[*]",
    "odd/x",
    "config/settings.yaml",
]
FIRST_FILE_LINE = 8  # the line of the first `files` item in the task files written here


class Planted(NamedTuple):
    deps: list[str]
    files: list[str]
    done: bool
    path: str


def write_tasks(pilot: Path, seed: int, count: int) -> dict[str, Planted]:
    """COUNT random tasks in PILOT's tasks/ (a cycle for some seeds); their fields."""
    rng = random.Random(seed)  # noqa: S311 (test data, not security)
    shutil.rmtree(pilot / "tasks")
    (pilot / "tasks").mkdir()
    tasks: dict[str, Planted] = {}
    for number in range(1, count + 1):
        task_id = f"T{number:02}"
        earlier = list(tasks)
        deps = rng.sample(earlier, k=min(len(earlier), rng.choice([0, 0, 1, 1, 2, 3])))
        if seed % 3 == 0 and number == 3:
            deps.append(f"T{count:02}")  # T03 waits for the last task, which waits…: a cycle
        files = rng.sample(VOCABULARY, k=rng.randint(1, 3))
        status = rng.choice(["todo", "todo", "todo", "done", "claimed", "in-review"])
        assignee = "null" if status in ("todo", "done") else f"agent-{number}"
        if seed % 3 == 0 and number == count:
            deps.append("T02")
        items = "".join(f'  - "{pattern}"\n' for pattern in files)
        path = pilot / "tasks" / f"{task_id}-task-{number}.md"
        path.write_text(
            f"---\nid: {task_id}\ntitle: Task {number}\nstatus: {status}\n"
            f"depends_on: [{', '.join(deps)}]\nrequirements: [R1]\nfiles:\n{items}"
            f"assignee: {assignee}\nbranch: null\n---\n\n## Acceptance criteria\n\n- Done.\n"
        )
        tasks[task_id] = Planted(deps, files, status == "done", path.relative_to(pilot).as_posix())
    return tasks


def every_pair(tasks: dict[str, Planted]) -> set[tuple[str, int, str]]:
    """PK-T013 as comparing every pair of tasks finds it: (path, line, message), on the
    later file at its first entry that overlaps the other task's files."""
    closure = graph.closure({task_id: task.deps for task_id, task in tasks.items()})
    open_ = [task_id for task_id, task in tasks.items() if not task.done]
    found = set()
    for position, a in enumerate(open_):
        for b in open_[position + 1 :]:
            if closure.ordered(a, b):
                continue
            later, other = (a, b) if tasks[a].path > tasks[b].path else (b, a)
            pairs = [
                (index, mine, theirs)
                for index, mine in enumerate(tasks[later].files)
                for theirs in tasks[other].files
                if globs.overlap(mine, theirs)
            ]
            if pairs:
                index, mine, theirs = pairs[0]
                message = (
                    f"{later} and {other} can run at the same time and both may change "
                    f"`{mine}` / `{theirs}`"
                )
                found.add((tasks[later].path, FIRST_FILE_LINE + index, message))
    return found


@pytest.mark.parametrize("seed", range(9))
def test_the_same_pairs_as_comparing_every_pair(pilot: Path, seed: int) -> None:
    tasks = write_tasks(pilot, seed, count=36)

    result = check(pilot, select=["PK-T013"])

    reported = {(f.path, f.line, f.message) for f in result.findings}
    assert len(reported) == len(result.findings)  # each pair once
    assert reported == every_pair(tasks)
    assert reported  # the vocabulary is small: some pairs always overlap


def test_tasks_that_share_files_in_one_chain_are_ordered(pilot: Path) -> None:
    """2,000 tasks, each after the one before and all naming the same files: nothing
    to report (and no pair comparison to wait for)."""
    shutil.rmtree(pilot / "tasks")
    (pilot / "tasks").mkdir()
    for number in range(1, 2001):
        deps = f"[T{number - 1:04}]" if number > 1 else "[]"
        (pilot / "tasks" / f"T{number:04}-step.md").write_text(
            f"---\nid: T{number:04}\ntitle: Step {number}\nstatus: todo\ndepends_on: {deps}\n"
            'requirements: [R1]\nfiles: ["src/shared/**", "config/settings.yaml", '
            f'"tests/test_*.py", "tests/test_step_{number}.py"]\nassignee: null\n'
            "branch: null\n---\n\n## Acceptance criteria\n\n- Done.\n"
        )
    (pilot / "tasks" / "T0001-step.md").write_text(
        (pilot / "tasks" / "T0001-step.md").read_text().replace("[]", "[T0002]", 1)
    )  # …but T0001 and T0002 wait for each other: a cycle, the only finding left

    result = check(pilot, select=["PK-T009", "PK-T013"])

    assert [(f.rule, f.path) for f in result.findings] == [("PK-T009", "tasks/T0001-step.md")]


@pytest.mark.parametrize("seed", range(6))
def test_ready_tasks_wait_for_the_same_held_task_as_asked_one_by_one(
    pilot: Path, seed: int
) -> None:
    """The board (which `check` compares with BOARD.md) finds every ready task's conflict
    with the held tasks at once; each must be the one `tasks claim` finds for it alone."""
    write_tasks(pilot, seed + 100, count=36)
    the_plan = plan.make(load_pilot(pilot))

    ready = the_plan.ready()

    assert ready and the_plan.held
    assert any(conflict is not None for _, conflict in ready)
    for task, conflict in ready:
        assert conflict == the_plan.conflict(task), task.id
