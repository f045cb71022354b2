"""`pilotkit tasks claim | review | done | block | release`: move a task to another state.

Each move runs under the pilot's lock: load the task files, check the move against the
state machine (`pilotkit.pilot.workflow`) and the other tasks, then rewrite the one task file
with a round-trip edit that changes only the fields the move sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pilotkit import clock, files, lock
from pilotkit.pilot import plan, textfiles, workflow
from pilotkit.pilot.load import find_root, load_pilot
from pilotkit.yaml import edit_front_matter


@dataclass(frozen=True)
class Moved:
    """A task after a move: where it was, where it is, and its holder now."""

    id: str
    title: str
    path: str
    before: str
    after: str
    assignee: str | None
    branch: str | None


def claim_task(
    path: Path, task_id: str, *, name: str, branch: str | None = None, now: datetime | None = None
) -> Moved:
    """todo → claimed by NAME on BRANCH (default `task/<file name>`), stamped with NOW."""
    stamp = (now or clock.now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _move(path, task_id, "claim", name=name, branch=branch, now=stamp)


def review_task(path: Path, task_id: str) -> Moved:
    """claimed → in-review: its pull request is open."""
    return _move(path, task_id, "review")


def done_task(path: Path, task_id: str) -> Moved:
    """in-review → done: its pull request is merged."""
    return _move(path, task_id, "done")


def block_task(path: Path, task_id: str, *, reason: str) -> Moved:
    """todo, claimed or in-review → blocked, with the REASON recorded in the task file."""
    return _move(path, task_id, "block", reason=reason)


def release_task(path: Path, task_id: str) -> Moved:
    """claimed or blocked → todo, with nobody holding it."""
    return _move(path, task_id, "release")


def _move(
    path: Path,
    task_id: str,
    action: str,
    *,
    name: str | None = None,
    branch: str | None = None,
    reason: str | None = None,
    now: str = "",
) -> Moved:
    root = find_root(path)
    with lock.exclusive(root):
        pilot = load_pilot(root)
        task = plan.find_task(pilot, task_id)
        fields = workflow.changes(
            plan.make(pilot), task, action, name=name, branch=branch, reason=reason, now=now
        )
        file = root / task.path
        text = textfiles.read_text(file)
        files.write_text(file, edit_front_matter(text, fields, task.path))

    def field(key: str, old: str | None) -> str | None:
        value = fields.get(key, old)
        return value if isinstance(value, str) else None

    return Moved(
        id=task.id,
        title=task.title,
        path=task.path,
        before=task.status,
        after=str(fields["status"]),
        assignee=field("assignee", task.assignee),
        branch=field("branch", task.branch),
    )
