"""Writing down which tracker issue a task was exported to: `issue` and `issue_url`.

Under the pilot's lock, with the same round-trip edit as `tasks claim`, so the task
file changes by those two lines and nothing else. A task records one issue: a different
one is refused, so a second export or a stray label never re-points it.
"""

from __future__ import annotations

from pathlib import Path

from pilotkit import files, lock
from pilotkit.errors import PilotkitError
from pilotkit.pilot import plan, textfiles
from pilotkit.pilot.load import find_root, load_pilot
from pilotkit.pilot.tasks import Task
from pilotkit.yaml import edit_front_matter


def ref(issue: int | str) -> str:
    """How a person writes the issue: `#12` on GitHub, `PILOT-12` on Jira."""
    return f"#{issue}" if isinstance(issue, int) else issue


class AlreadyExported(PilotkitError):
    """The task records another issue already."""

    def __init__(self, task: Task, issue: int | str, where: str = "") -> None:
        recorded = task.issue if task.issue is not None else "?"
        super().__init__(
            f"{where}{task.id} is already exported as {ref(recorded)} ({task.path}), not "
            f"{ref(issue)}; close the duplicate issue, or correct `issue` in the task file"
        )


def record_issue(path: Path, task_id: str, issue: int | str, url: str | None) -> bool:
    """Record ISSUE (and URL) in TASK_ID's file; False when it was recorded already."""
    root = find_root(path)
    with lock.exclusive(root):
        task = plan.find_task(load_pilot(root), task_id)
        if task.issue is not None and task.issue != issue:
            raise AlreadyExported(task, issue)
        changes: dict[str, object] = {"issue": issue}
        if url:
            changes["issue_url"] = url
        if task.issue == issue and (url is None or task.issue_url == url):
            return False
        file = root / task.path
        files.write_text(file, edit_front_matter(textfiles.read_text(file), changes, task.path))
    return True
