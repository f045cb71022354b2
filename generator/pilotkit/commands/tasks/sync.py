"""`pilotkit tasks sync --from FILE`: task states back from a tracker's export.

The export is `gh issue list --json number,state,assignees,closedAt` (GitHub) or a Jira
search export. Each issue is matched to its task by the issue recorded in the task
file, else by its labels (the task id and `pilot-<name>`, as `tasks export` sets them),
and then recorded. A task recorded with another issue refuses the whole sync before
anything is written. Then each task is moved toward what its issue says through the
same moves as `tasks claim`, `review` and `done` (their state machine, their lock and
their round-trip edits): an assignee claims it under that name, a closed issue (or a
Jira issue in a done status) walks it to `done`, a Jira review status to `in-review`.
A move the state machine refuses is one line; tasks never move backwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotkit.commands.tasks import move
from pilotkit.errors import PilotkitError, ProblemsError
from pilotkit.pilot.load import Pilot, find_root, load_pilot
from pilotkit.pilot.tasks import TASK_ID, Task
from pilotkit.pilot.workflow import Refused
from pilotkit.trackers import states
from pilotkit.trackers.record import record_issue, ref

ORDER = ("todo", "claimed", "in-review", "done")


@dataclass(frozen=True)
class Moved:
    task: str
    issue: str
    states: tuple[str, ...]  # from the state before to the state after


@dataclass(frozen=True)
class Synced:
    tracker: str
    moved: tuple[Moved, ...]
    recorded: tuple[tuple[str, str], ...]  # (task, issue) newly recorded
    refused: tuple[str, ...]  # one line each
    notes: tuple[str, ...]
    unmatched: int


def sync_tasks(path: Path, source: Path) -> Synced:
    """Move the tasks of the pilot at PATH as the tracker export SOURCE says."""
    tracker, issues = states.read(source)
    root = find_root(path)
    pilot = load_pilot(root)
    matches, unmatched = _match(pilot, issues, source)
    moved: list[Moved] = []
    recorded: list[tuple[str, str]] = []
    refused: list[str] = []
    notes: list[str] = []
    for issue, task in matches:
        if task.issue is None and record_issue(root, task.id, issue.key, issue.url):
            recorded.append((task.id, issue.ref))
        if issue.target == "dropped":
            notes.append(
                f"{issue.ref} was closed as not planned: {task.id} stays {task.status}; "
                f"block or drop it by hand"
            )
        elif issue.target is not None:
            try:
                passed = _walk(root, task, issue)
            except PilotkitError as err:
                refused.append(f"{source}:{issue.line}: {issue.ref} → {task.id}: {err}")
                continue
            if len(passed) > 1:
                moved.append(Moved(task.id, issue.ref, passed))
    return Synced(tracker, tuple(moved), tuple(recorded), tuple(refused), tuple(notes), unmatched)


def _match(
    pilot: Pilot, issues: list[states.Issue], source: Path
) -> tuple[list[tuple[states.Issue, Task]], int]:
    """Each issue with its task; every conflict refused at once, before anything is written."""
    by_issue = {task.issue: task for task in pilot.by_id.values() if task.issue is not None}
    name = str(pilot.answers.get("pilot_name") or pilot.root.name)
    found: list[tuple[states.Issue, Task]] = []
    claimed_by: dict[str, states.Issue] = {}
    problems: list[str] = []
    unmatched = 0
    for issue in issues:
        task = by_issue.get(issue.key)
        labelled = _labelled(issue, name)
        if task is None and labelled is not None and labelled in pilot.by_id:
            task = pilot.by_id[labelled]
            where = f"{source}:{issue.line}: {issue.ref} is labelled {task.id}, but "
            if task.issue is not None:
                problems.append(
                    f"{where}{task.id} is exported as {ref(task.issue)} ({task.path}); "
                    "fix the issue's labels, or the task's `issue`"
                )
                continue
            if task.id in claimed_by:
                problems.append(
                    f"{where}so is {claimed_by[task.id].ref} (line {claimed_by[task.id].line}); "
                    "keep the label on one issue"
                )
                continue
            claimed_by[task.id] = issue
        if task is None:
            unmatched += 1
            continue
        found.append((issue, task))
    if problems:
        raise ProblemsError(problems)
    return found, unmatched


def _labelled(issue: states.Issue, pilot: str) -> str | None:
    """The task id an issue's labels (or title) name, if they are this pilot's."""
    pilots = [label for label in issue.labels if label.startswith("pilot-")]
    if pilots and f"pilot-{pilot}" not in pilots:
        return None
    ids = [label for label in issue.labels if TASK_ID.match(label)]
    if not ids and issue.title:
        head = issue.title.split(":", 1)[0].strip()
        ids = [head] if TASK_ID.match(head) else []
    return ids[0] if len(ids) == 1 else None


def _walk(root: Path, task: Task, issue: states.Issue) -> tuple[str, ...]:
    """Move TASK one allowed step at a time toward ISSUE's target; the states passed."""
    target = str(issue.target)
    state = task.status
    if state == "blocked":  # the state machine says why not, and what to do
        if target == "claimed":
            move.claim_task(root, task.id, name=issue.assignee or "-")
        move.review_task(root, task.id)
    passed = [state]
    while state in ORDER and ORDER.index(state) < ORDER.index(target):
        state = _step(root, task.id, state, issue).after
        passed.append(state)
    return tuple(passed)


def _step(root: Path, task_id: str, state: str, issue: states.Issue) -> move.Moved:
    if state == "todo":
        if not issue.assignee:
            raise Refused(
                f"{task_id} is todo and nobody is assigned to {issue.ref}; assign it in the "
                f"tracker, or claim it (`pilotkit tasks claim {task_id} --as NAME`), then "
                "sync again"
            )
        return move.claim_task(root, task_id, name=issue.assignee)
    if state == "claimed":
        return move.review_task(root, task_id)
    return move.done_task(root, task_id)
