"""`pilotkit tasks claim | review | done | block | release`: move a task to another state.

Each move runs under the pilot's lock: load the task files, check the move against the
state machine (`pilotkit.pilot.workflow`) and the other tasks, then rewrite the one task file
with a round-trip edit that changes only the fields the move sets. With `push`, the
move is made on the remote's latest state and pushed (`pilotkit.remote`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pilotkit import clock, files, lock, remote
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
    pushed: remote.Pushed | None = None  # where the move went, with --push


def claim_task(
    path: Path,
    task_id: str,
    *,
    name: str,
    branch: str | None = None,
    now: datetime | None = None,
    push: remote.Push | None = None,
) -> Moved:
    """todo → claimed by NAME on BRANCH (default `task/<file name>`), stamped with NOW."""
    stamp = (now or clock.now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _move(path, task_id, "claim", name=name, branch=branch, now=stamp, push=push)


def review_task(path: Path, task_id: str, *, push: remote.Push | None = None) -> Moved:
    """claimed → in-review: its pull request is open."""
    return _move(path, task_id, "review", push=push)


def done_task(path: Path, task_id: str, *, push: remote.Push | None = None) -> Moved:
    """in-review → done: its pull request is merged."""
    return _move(path, task_id, "done", push=push)


def block_task(path: Path, task_id: str, *, reason: str, push: remote.Push | None = None) -> Moved:
    """todo, claimed or in-review → blocked, with the REASON recorded in the task file."""
    return _move(path, task_id, "block", reason=reason, push=push)


def release_task(path: Path, task_id: str, *, push: remote.Push | None = None) -> Moved:
    """claimed or blocked → todo, with nobody holding it."""
    return _move(path, task_id, "release", push=push)


def commit_message(action: str, moved: Moved) -> str:
    """The message of the commit that records a move: `T02: claim by codex-1`."""
    return (
        f"{moved.id}: {action} by {moved.assignee}"
        if action == "claim"
        else f"{moved.id}: {action}"
    )


def _move(
    path: Path,
    task_id: str,
    action: str,
    *,
    push: remote.Push | None = None,
    **values: str | None,
) -> Moved:
    root = find_root(path)
    moved, pushed = remote.apply(
        root,
        push,
        lambda: _write(root, task_id, action, **values),
        lambda moved: remote.Commit((moved.path,), commit_message(action, moved)),
    )
    return replace(moved, pushed=pushed)


def _write(
    root: Path,
    task_id: str,
    action: str,
    *,
    name: str | None = None,
    branch: str | None = None,
    reason: str | None = None,
    now: str | None = "",
) -> Moved:
    with lock.exclusive(root):
        pilot = load_pilot(root)
        task = plan.find_task(pilot, task_id)
        fields = workflow.changes(
            plan.make(pilot), task, action, name=name, branch=branch, reason=reason, now=now or ""
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
