"""The states of a task and the moves between them, as data, with the reason a move is refused.

    todo --claim--> claimed --review--> in-review --done--> done
    todo | claimed | in-review --block--> blocked
    claimed | blocked --release--> todo

`changes` answers one question: which front matter fields does this move set? It
raises `Refused` (exit 1) with one line when the move is not allowed. Pure: the caller
loads the pilot under the lock and writes the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pilotkit.agents import catalog
from pilotkit.errors import ExitCode, PilotkitError
from pilotkit.pilot.plan import Plan
from pilotkit.pilot.tasks import Task
from pilotkit.yaml import DELETE


@dataclass(frozen=True)
class Transition:
    """One move: the command, the states it starts from, the state it ends in."""

    action: str
    sources: tuple[str, ...]
    target: str
    effect: str


TRANSITIONS = (
    Transition("claim", ("todo",), "claimed", "sets `assignee`, `branch` and `claimed_at`"),
    Transition("review", ("claimed",), "in-review", "the pull request is open"),
    Transition("done", ("in-review",), "done", "the pull request is merged"),
    Transition(
        "block",
        ("todo", "claimed", "in-review"),
        "blocked",
        "sets `blocked_reason`; keeps the rest",
    ),
    Transition(
        "release",
        ("claimed", "blocked"),
        "todo",
        "clears `assignee`, `branch`, `claimed_at` and `blocked_reason`",
    ),
)
BY_ACTION = {transition.action: transition for transition in TRANSITIONS}
_BAD_BRANCH = re.compile(
    r"(^[-/.])|([/.]$)|(\.\.)|(//)|(@\{)|([\s~^:?*\[\\\x00-\x1f\x7f])|(\.lock$)"
)


class Refused(PilotkitError):
    """A move the state machine or the other tasks do not allow (exit 1)."""

    exit_code = ExitCode.PROBLEMS


def changes(
    plan: Plan,
    task: Task,
    action: str,
    *,
    name: str | None = None,
    branch: str | None = None,
    reason: str | None = None,
    now: str = "",
) -> dict[str, Any]:
    """The front matter fields that ACTION sets on TASK (or Refused, saying why not)."""
    transition = BY_ACTION[action]
    if task.status not in transition.sources:
        raise Refused(_wrong_state(task, transition))
    if action == "claim":
        return _claim(plan, task, name or "", branch, now)
    if action == "block":
        text = " ".join((reason or "").split())
        if not text:
            raise PilotkitError("give the reason with --reason: what blocks the task")
        return {"status": "blocked", "blocked_reason": text}
    if action == "release":
        return {
            "status": "todo",
            "assignee": None,
            "branch": None,
            "claimed_at": DELETE,
            "blocked_reason": DELETE,
        }
    return {"status": transition.target}


def default_branch(task: Task) -> str:
    """`task/` plus the task file's name without `.md`, as AGENTS.md asks."""
    stem = task.path.rsplit("/", 1)[-1].removesuffix(".md")
    return f"task/{stem}"


def _claim(plan: Plan, task: Task, name: str, branch: str | None, now: str) -> dict[str, Any]:
    name = name.strip()
    if not name or any(char.isspace() for char in name):
        raise PilotkitError(f"--as {name!r}: give one name without spaces, such as claude-1")
    if task.control and catalog.agent_of(name, catalog.load().agents):
        raise Refused(
            f"{task.id} is a control task (mode: hand): the engineer builds it by hand to "
            f"measure the estimate, so {name} cannot claim it; claim it under your own name, "
            f"or remove `mode: hand` from {task.path} if the agents should build it"
        )
    branch = default_branch(task) if branch is None else branch.strip()
    if not branch or _BAD_BRANCH.search(branch):
        raise PilotkitError(f"--branch {branch!r} is not a valid git branch name")
    unknown = plan.unknown_deps(task)
    if unknown:
        raise Refused(
            f"{task.id} cannot be claimed: it depends on {', '.join(unknown)}, which is not a "
            f"task in tasks/ (or cannot be read); fix `depends_on` in {task.path}"
        )
    waiting = plan.waiting_for(task)
    if waiting:
        listed = ", ".join(f"{dep.id} ({_state(dep)})" for dep in waiting)
        raise Refused(
            f"{task.id} cannot be claimed yet: it waits for {listed}; "
            "`pilotkit tasks next` lists the tasks that can start"
        )
    conflict = plan.conflict(task, name)
    if conflict:
        raise Refused(
            f"{task.id} cannot be claimed now: {conflict.describe()}; "
            f"wait until {conflict.other.id} is done or released"
        )
    return {"status": "claimed", "assignee": name, "branch": branch, "claimed_at": now}


def _wrong_state(task: Task, transition: Transition) -> str:
    action, where = transition.action, task.id
    if action == "claim" and task.status in ("claimed", "in-review"):
        since = f" since {task.claimed_at}" if task.claimed_at else ""
        return (
            f"{where} is already {task.status} by {task.assignee or 'someone'}{since}; "
            "`pilotkit tasks next` lists the tasks that can start"
        )
    if task.status == "blocked":
        hint = f"`pilotkit tasks release {where}` first" if action == "claim" else "release it"
        return f"{where} is blocked ({task.blocked_reason or 'no reason given'}); {hint}"
    if task.status == transition.target:
        return f"{where} is already {task.status}"
    needs = " or ".join(transition.sources)
    return f"{where} is {task.status}; `{action}` moves a task that is {needs}{_next_step(task)}"


def _next_step(task: Task) -> str:
    step = {"todo": "claim", "claimed": "review", "in-review": "done"}.get(task.status)
    return f" (next for {task.id}: `pilotkit tasks {step}`)" if step else ""


def _state(task: Task) -> str:
    return f"{task.status} by {task.assignee}" if task.assignee else task.status
