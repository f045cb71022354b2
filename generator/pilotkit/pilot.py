"""Load a pilot repository once: its answers and its tasks, with every problem as a finding.

`load` is shared by `check`, `tasks` and `report`: it reads each file once and never
raises on bad content. It raises PilotkitError only when PATH is not a pilot at all.
Rules raised here (besides those of `pilotkit.tasks`):

- PK-P001 `.copier-answers.yml` cannot be read;
- PK-T006 the pilot has no `tasks/` folder, or no task in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilotkit import tasks as tasks_mod
from pilotkit.errors import PilotkitError
from pilotkit.findings import Finding, finding
from pilotkit.tasks import Task
from pilotkit.yaml import YamlError, read_located

ANSWERS = ".copier-answers.yml"
TASKS_DIR = "tasks"


@dataclass(frozen=True)
class Pilot:
    """A pilot as read from disk."""

    root: Path
    answers: Mapping[str, Any]
    tasks: tuple[Task, ...]
    findings: tuple[Finding, ...] = ()
    by_id: Mapping[str, Task] = field(default_factory=dict)

    def task(self, task_id: str) -> Task | None:
        return self.by_id.get(task_id)

    def deps(self) -> dict[str, list[str]]:
        """Each task id → the ids it depends on (the first task wins a duplicated id)."""
        return {task_id: list(task.depends_on) for task_id, task in self.by_id.items()}


def find_root(start: Path) -> Path:
    """The pilot containing START: the nearest directory upward with an answers file."""
    start = start.absolute()
    for candidate in (start, *start.parents):
        if (candidate / ANSWERS).is_file():
            return candidate
    if (start / TASKS_DIR).is_dir():
        return start
    raise PilotkitError(f"{start} is not a pilot: no {ANSWERS} here or above; run `pilotkit new`")


def load(path: Path) -> Pilot:
    """Read the pilot at PATH (or the pilot containing it)."""
    root = find_root(path)
    problems: list[Finding] = []
    answers = _answers(root, problems)
    tasks = _tasks(root, problems)
    by_id: dict[str, Task] = {}
    for task in tasks:
        by_id.setdefault(task.id, task)
    return Pilot(root, answers, tuple(tasks), tuple(problems), by_id)


def _answers(root: Path, problems: list[Finding]) -> dict[str, Any]:
    path = root / ANSWERS
    if not path.is_file():
        return {}
    try:
        data = read_located(path.read_text(encoding="utf-8"), ANSWERS).data
    except (YamlError, UnicodeDecodeError, OSError) as err:
        line = err.line if isinstance(err, YamlError) else None
        problem = err.problem if isinstance(err, YamlError) else str(err)
        hint = "restore it from git: it is written by copier, never by hand"
        problems.append(finding("PK-P001", ANSWERS, line, f"cannot be read: {problem}", hint))
        return {}
    return data if isinstance(data, dict) else {}


def _tasks(root: Path, problems: list[Finding]) -> list[Task]:
    folder = root / TASKS_DIR
    if not folder.is_dir():
        problems.append(
            finding("PK-T006", TASKS_DIR, None, "the pilot has no tasks/ folder", "add task files")
        )
        return []
    found: list[Task] = []
    for entry in sorted(folder.iterdir()):
        if entry.suffix != ".md" or entry.name.lower() == "readme.md":
            continue
        relative = f"{TASKS_DIR}/{entry.name}"
        if entry.is_dir():
            continue
        try:
            raw = entry.read_bytes()
        except OSError as err:
            hint = "fix or remove the file (is it a broken or looping symlink?)"
            problems.append(
                finding("PK-T001", relative, None, f"cannot be read: {err.strerror}", hint)
            )
            continue
        task, task_problems = tasks_mod.parse(relative, raw)
        problems.extend(task_problems)
        if task is not None:
            found.append(task)
    if not found and folder.is_dir():
        problems.append(
            finding("PK-T006", TASKS_DIR, None, "there is no task in tasks/", "add task files")
        )
    return found
