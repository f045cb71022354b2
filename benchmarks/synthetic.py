"""A synthetic pilot of any size, for benchmarks: `make_pilot(dest, tasks=2000, requirements=500)`.

Starts from the real default pilot (so every template file is there), then writes N
requirements and N tasks in the template's own formats: tasks in waves of about 40 with
dependencies on earlier waves only, distinct `files` per task, and a matching estimate.
Deterministic for given sizes.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path


def make_pilot(
    dest: Path, tasks: int = 2000, requirements: int = 500, git: bool = False, shared: bool = False
) -> Path:
    """Write a pilot with TASKS tasks and REQUIREMENTS requirements at DEST and return DEST.

    With SHARED, every task also lists the same files (`src/shared/**`, a config file and
    a glob over all modules' tests), so every pair of tasks overlaps, and the tasks form
    one chain, so nearly every pair is ordered: `check` reports one overlap per 50 tasks,
    and what it costs depends on how it finds the pairs that can run at once.
    """
    if dest.exists():
        shutil.rmtree(dest)
    argv = [sys.executable, "-m", "pilotkit", "new", str(dest), "--defaults", "--no-git"]
    subprocess.run(argv, check=True, capture_output=True)
    rng = random.Random(tasks * 100_003 + requirements)  # noqa: S311 (not for security)
    _write_requirements(dest, requirements)
    shutil.rmtree(dest / "tasks")
    (dest / "tasks").mkdir()
    ids = [f"T{i:04}" for i in range(1, tasks + 1)]
    width = 40
    hours: dict[str, int] = {}
    for index, task_id in enumerate(ids):
        wave = index // width
        earlier = ids[max(0, (wave - 2) * width) : wave * width]
        deps = sorted(rng.sample(earlier, k=min(len(earlier), rng.randint(0, 3))))
        if shared and index:
            deps = sorted({*deps, *_chain(ids, index)})
        reqs = sorted({f"R{1 + (index * 7 + k) % requirements}" for k in range(2)})
        hours[task_id] = rng.randint(1, 8)
        (dest / "tasks" / f"{task_id}-synthetic-task-{index + 1}.md").write_text(
            _task(task_id, index, deps, reqs, shared)
        )
    lines = ["estimated_by: Bench Mark", 'estimated_on: "2026-01-05"', "unit: hours", "tasks:"]
    lines += [f"  {task_id}: {value}" for task_id, value in hours.items()]
    lines.append(f"total: {sum(hours.values())}")
    (dest / "metrics" / "estimate.yaml").write_text("\n".join(lines) + "\n")
    if git:
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "synthetic"]):
            subprocess.run(["git", *args], cwd=dest, check=True, capture_output=True)
    return dest


def _chain(ids: list[str], index: int) -> list[str]:
    """The links that put every task after the one before it, but for one pair in 50.

    The 50th task skips its predecessor and the next one waits for both, so each such
    pair may run at the same time and nothing else may.
    """
    if index % 50 == 0 and index > 1:
        return [ids[index - 2]]
    if index % 50 == 1 and index > 1:
        return [ids[index - 2], ids[index - 1]]
    return [ids[index - 1]]


def _write_requirements(dest: Path, count: int) -> None:
    parts = ["# Requirements: synthetic\n\nA synthetic pilot for benchmarks.\n"]
    for number in range(1, count + 1):
        parts.append(
            f"\n## R{number} — Synthetic requirement {number}\n\n"
            f"The service returns report {number} within 2 seconds for 1,000 rows.\n\n"
            "### Acceptance criteria\n\n"
            f"- Report {number} for 1,000 rows returns in under 2 seconds.\n"
            f"- Report {number} lists every row exactly once.\n"
        )
    (dest / "specs" / "requirements.md").write_text("".join(parts))


def _task(task_id: str, index: int, deps: list[str], reqs: list[str], shared: bool) -> str:
    common = (
        '  - "src/shared/**"\n  - "config/settings.yaml"\n  - "tests/test_*.py"\n' if shared else ""
    )
    return (
        "---\n"
        f"id: {task_id}\n"
        f'title: "Synthetic task {index + 1}"\n'
        "status: todo\n"
        f"depends_on: [{', '.join(deps)}]\n"
        f"requirements: [{', '.join(reqs)}]\n"
        "files:\n"
        f'  - "src/module_{index}/**"\n'
        f'  - "tests/test_module_{index}.py"\n' + common + "assignee: null\n"
        "branch: null\n"
        "---\n\n"
        f"# {task_id}: Synthetic task {index + 1}\n\n"
        "## Context\n\nPart of the synthetic benchmark pilot.\n\n"
        "## Steps\n\n1. Implement the module.\n2. Test it.\n\n"
        "## Acceptance criteria\n\n"
        f"- Module {index} passes its tests.\n\n"
        "## Out of scope\n\n- Everything else.\n"
    )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("synthetic-pilot")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    make_pilot(target, tasks=count, requirements=max(1, count // 4))
    print(f"wrote {target} with {count} tasks")
