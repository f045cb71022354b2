"""PK-E005: a control task (`mode: hand`) shows agent work.

A control measures the hand estimate's bias only if the engineer really built it by
hand. Agent work on it — an agent holding it, a journal entry naming an agent, a
correction, or token usage attributed to it — makes its hours something else, so every
sign of it is an error, each at its own file and line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pilotkit.agents import catalog
from pilotkit.errors import PilotkitError
from pilotkit.findings import Finding, finding
from pilotkit.metrics.usage import store
from pilotkit.metrics.usage.records import TOOLS
from pilotkit.pilot import journal
from pilotkit.pilot.tasks import Task
from pilotkit.rules.base import Context

RULE = "PK-E005"
HINT = (
    "build a control by hand (log your time without --agent); if an agent did work on it, "
    "it no longer measures the estimate: remove `mode: hand` from its task file"
)


def control_worked_by_agent(ctx: Context) -> Iterator[Finding]:
    controls = {task.id: task for task in ctx.pilot.tasks if task.control}
    if not controls:
        return
    agents = catalog.load().agents
    for task in controls.values():
        if catalog.agent_of(task.assignee, agents):
            yield finding(
                RULE,
                task.path,
                task.line("assignee"),
                f"{task.id} is a control task built by hand, but {task.assignee} holds it",
                HINT,
            )
    loaded = ctx.shared("journal", lambda: journal.load(ctx.pilot.root, list(ctx.pilot.by_id)))
    yield from _journal(loaded.entries, controls)
    yield from _usage(ctx, controls)


def _journal(entries: tuple[journal.Entry, ...], controls: Mapping[str, Task]) -> Iterator[Finding]:
    for entry in entries:
        if entry.task not in controls or not (entry.agent or entry.kind == "correction"):
            continue
        what = "a course correction" if entry.kind == "correction" else "a session"
        yield finding(
            RULE,
            str(journal.JOURNAL),
            entry.line,
            f"{what} with agent {entry.agent} on {entry.task}, a control task built by hand",
            HINT,
        )


def _usage(ctx: Context, controls: Mapping[str, Task]) -> Iterator[Finding]:
    for tool in TOOLS:
        try:
            records = store.located(ctx.pilot.root, tool)
        except PilotkitError:
            continue  # an unreadable usage file stops `report`, which says so
        first: dict[str, int] = {}
        count: dict[str, int] = {}
        for line, record in records:
            task_id = record.task
            if task_id is not None and task_id in controls:
                first.setdefault(task_id, line)
                count[task_id] = count.get(task_id, 0) + 1
        path = store.path_for(ctx.pilot.root, tool).relative_to(ctx.pilot.root).as_posix()
        for task_id, line in first.items():
            yield finding(
                RULE,
                path,
                line,
                f"{count[task_id]} token usage record(s) of {tool} are attributed to "
                f"{task_id}, a control task built by hand",
                HINT,
            )
