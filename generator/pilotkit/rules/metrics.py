"""Rules for the metrics: the hand estimate stays frozen once agents start and covers every
task, and its control tasks are built by hand; the journal's entries are well formed and
name real tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pilotkit.findings import Finding, finding
from pilotkit.pilot import journal, tasks
from pilotkit.pilot.estimate import ESTIMATE, changes, frozen
from pilotkit.rules.base import ERROR, WARNING, Context, Rule
from pilotkit.rules.controls import control_worked_by_agent


def changed_after_start(ctx: Context) -> Iterator[Finding]:
    now = ctx.pilot.estimate
    if now is None:
        return
    at_start = frozen(ctx.pilot.root)
    if at_start is None:
        return
    started_now = any(task.status != "todo" for task in ctx.pilot.tasks)
    if at_start.commit is None and not started_now:
        return  # no task has left `todo`: the estimate may still change
    when = f"in commit {at_start.commit[:7]}" if at_start.commit else "in the working tree"
    hint = (
        "restore the frozen values (`git show <commit>^:metrics/estimate.yaml`); the "
        "estimate is the counterfactual: record the difference in the report, not here"
    )
    if at_start.estimate is None:
        yield finding(
            "PK-E001", ESTIMATE, 1, f"was written after the first task left todo ({when})", hint
        )
        return
    for _key, line, what in changes(at_start.estimate, now):
        yield finding(
            "PK-E001",
            ESTIMATE,
            line,
            f"{what} after the first task left todo ({when})",
            hint,
        )


def task_without_estimate(ctx: Context) -> Iterator[Finding]:
    now = ctx.pilot.estimate
    if now is None:
        return
    for task in ctx.pilot.tasks:
        if task.id not in now.hours:
            yield finding(
                "PK-E002",
                ESTIMATE,
                now.line("tasks"),
                f"{task.id} has no estimate",
                f"add `{task.id}: HOURS` under `tasks:`: the hours it would take by hand",
            )


def malformed(ctx: Context) -> Iterator[Finding]:
    now = ctx.pilot.estimate
    if now is None:
        if not ctx.pilot.exists(ESTIMATE):
            yield finding(
                "PK-E003",
                ESTIMATE,
                None,
                "the pilot has no hand estimate",
                "write metrics/estimate.yaml before any agent starts: hours per task by hand",
            )
        return
    for key in ("estimated_by", "estimated_on", "tasks"):
        if key not in now.lines:
            yield finding("PK-E003", ESTIMATE, 1, f"`{key}` is missing", f"add `{key}:`")
    total = 0.0
    for task_id, hours in now.hours.items():
        line = now.task_lines.get(task_id, now.line("tasks"))
        if not tasks.hours(hours):  # not a number, nan, inf, negative or 0
            yield finding(
                "PK-E003", ESTIMATE, line, f"{task_id}: {hours!r} is not a number of hours",
                "give a positive number",
            )  # fmt: skip
        else:
            total += hours
    given = now.fields.get("total")
    written = tasks.hours(given)
    if "total" in now.fields and (written is None or abs(written - total) > 1e-6):
        yield finding(
            "PK-E003",
            ESTIMATE,
            now.line("total"),
            f"`total` is {given!r} but the tasks add up to {total:g}",
            f"set `total: {total:g}`",
        )


def unknown_task(ctx: Context) -> Iterator[Finding]:
    now = ctx.pilot.estimate
    if now is None or not ctx.pilot.tasks:
        return
    for task_id in now.hours:
        if task_id not in ctx.pilot.by_id and task_id not in ctx.pilot.unparsed:
            yield finding(
                "PK-E004",
                ESTIMATE,
                now.task_lines.get(task_id, now.line("tasks")),
                f"estimates {task_id}, which is not a task",
                "keep it if the task was dropped after the start (the report shows it); "
                "otherwise fix the id",
            )


def _journal_rule(rule_id: str) -> Callable[[Context], Iterator[Finding]]:
    """The journal's findings of one rule id (`journal.load` validates every entry)."""

    def check(ctx: Context) -> Iterator[Finding]:
        loaded = ctx.shared(
            "journal", lambda: journal.load(ctx.pilot.root, [task.id for task in ctx.pilot.tasks])
        )
        yield from (problem for problem in loaded.findings if problem.rule == rule_id)

    return check


RULES = (
    Rule(
        "PK-E001", ERROR, "the estimate changed after the first task left todo", changed_after_start
    ),
    Rule("PK-E002", ERROR, "a task has no hand estimate", task_without_estimate),
    Rule("PK-E003", ERROR, "the estimate is missing or malformed", malformed),
    Rule("PK-E004", WARNING, "the estimate names a task that does not exist", unknown_task),
    Rule(
        "PK-E005",
        ERROR,
        "a control task built by hand shows agent work",
        control_worked_by_agent,
    ),
    Rule("PK-J001", ERROR, "the journal cannot be read", _journal_rule("PK-J001")),
    Rule(
        "PK-J002",
        ERROR,
        "a journal entry has a missing or malformed field",
        _journal_rule("PK-J002"),
    ),
    Rule("PK-J003", ERROR, "a journal entry names an unknown task", _journal_rule("PK-J003")),
    Rule("PK-J004", WARNING, "a journal entry has an unknown field", _journal_rule("PK-J004")),
    Rule(
        "PK-J005",
        ERROR,
        "a course correction's cause is not one pilotkit knows",
        _journal_rule("PK-J005"),
    ),
)
