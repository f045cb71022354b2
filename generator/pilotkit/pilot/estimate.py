"""The hand estimate, `metrics/estimate.yaml`, and the version of it frozen at the start.

The estimate is the counterfactual a pilot is measured against, so it must not move once
agents have started. "Started" is the first commit in which a task file leaves `todo`
(found with git's pickaxe over `tasks/`); the frozen estimate is the file as it was just
before that commit. Without git history there is nothing to compare, and no finding.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit import git
from pilotkit.yaml import YamlError, read_located

ESTIMATE = "metrics/estimate.yaml"
FIELDS = ("estimated_by", "estimated_on", "unit")
_STARTED = r"^status:[[:space:]]*[\"']?(claimed|in-review|done|blocked)"
_TASK_LINE = re.compile(r"^[ \t]+[\"']?(T\d+)[\"']?[ \t]*:", re.MULTILINE)


@dataclass(frozen=True)
class Estimate:
    """The parsed estimate: top-level fields, hours per task, and their lines."""

    fields: Mapping[str, Any]
    hours: Mapping[str, Any]
    lines: Mapping[str, int]
    task_lines: Mapping[str, int]

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass(frozen=True)
class Frozen:
    """The estimate as it was before the first task left `todo`, and which commit that was."""

    estimate: Estimate | None
    commit: str | None  # None: the start is not committed yet (only in the working tree)


def parse(text: str) -> Estimate:
    """Read an estimate; raise YamlError (with the line) when it is not one."""
    located = read_located(text, ESTIMATE)
    if not isinstance(located.data, dict):
        raise YamlError(ESTIMATE, 1, "must be a mapping of `key: value` lines")
    hours = located.data.get("tasks", {})
    if hours is None:
        hours = {}
    if not isinstance(hours, dict):
        raise YamlError(ESTIMATE, located.line("tasks"), "`tasks` must map task ids to hours")
    task_lines = {
        match.group(1): text.count("\n", 0, match.start()) + 1
        for match in _TASK_LINE.finditer(text)
    }
    return Estimate(
        fields={key: located.data[key] for key in located.data if key != "tasks"},
        hours={str(key): value for key, value in hours.items()},
        lines=dict(located.key_lines),
        task_lines=task_lines,
    )


def frozen(root: Path) -> Frozen | None:
    """The estimate frozen at the start, or None when git cannot tell (not a repository)."""
    try:
        if not git.is_work_tree(root):
            return None
        proc = git.run(
            ["log", "--reverse", "--format=%H", "-G", _STARTED, "--", "tasks"], root, check=False
        )
    except git.GitError:
        return None
    commits = proc.stdout.split()
    if proc.returncode != 0:
        return None
    if commits:
        start = commits[0]
        parent = git.run(["rev-parse", "--verify", "--quiet", f"{start}^"], root, check=False)
        base = parent.stdout.strip() if parent.returncode == 0 else start
        return Frozen(_at(root, base), start)
    head = git.run(["rev-parse", "--verify", "--quiet", "HEAD"], root, check=False)
    if head.returncode != 0:
        return None
    return Frozen(_at(root, "HEAD"), None)


def _at(root: Path, rev: str) -> Estimate | None:
    proc = git.run(["show", f"{rev}:{ESTIMATE}"], root, check=False)
    if proc.returncode != 0:
        return None
    try:
        return parse(proc.stdout)
    except YamlError:
        return None


def changes(before: Estimate, now: Estimate) -> list[tuple[str, int, str]]:
    """(key, line now, what changed) for each frozen value that is different now.

    `total` is left out (it follows the hours, and `PK-E003` checks the sum); hours for
    tasks added after the start may be added.
    """
    found = []
    for key in FIELDS:
        if key in before.fields and str(before.fields[key]) != str(now.fields.get(key)):
            old, new = before.fields[key], now.fields.get(key)
            found.append((key, now.line(key), f"`{key}` changed from {old!r} to {new!r}"))
    for task, hours in before.hours.items():
        if task not in now.hours:
            found.append(
                (task, now.line("tasks"), f"the estimate for {task} ({hours}) was removed")
            )
        elif now.hours[task] != hours:
            line = now.task_lines.get(task, now.line("tasks"))
            found.append((task, line, f"{task} changed from {hours} to {now.hours[task]} hours"))
    return found
