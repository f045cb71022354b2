"""Rules for whether each task is ready to hand to an agent: acceptance criteria someone can
check, a requirement it serves, and a size one agent holds in one pull request.

Each rule looks at one task at a time (its body, its fields and its hours from the plan),
so the rules cost the same per task whatever the pilot's size. The text signals are the
shared ones of `pilotkit.rules.signals`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pilotkit.findings import Finding, finding
from pilotkit.pilot.tasks import Task
from pilotkit.rules import parallelism, signals
from pilotkit.rules.base import ERROR, WARNING, Context, Options, Rule

ACCEPTANCE = "Acceptance criteria"
# The escape for work that serves every requirement: a line of the task's `## Context`.
_NO_REQUIREMENT = re.compile(r"^\s*(?:[-*+]\s+)?\**No requirement:?\**:?\s*(.*)$", re.IGNORECASE)
_CHECKABLE_HINT = (
    "write for each criterion what a reviewer sees or a test asserts: a number and its unit, "
    "a status code, the exact message in quotes, the test that passes, or what the system "
    "returns, shows, writes or refuses"
)


def items(task: Task, title: str) -> list[tuple[int, str]]:
    """The list items of the task's `## TITLE` section, with their lines in the file."""
    found = task.section_at(title)
    return signals.list_items(found[1], found[0]) if found else []


def _criteria(ctx: Context, task: Task) -> list[tuple[int, str]]:
    """The task's acceptance criteria, read once per run for the rules that count them."""
    known: dict[str, list[tuple[int, str]]] = ctx.shared("acceptance criteria", dict)
    if task.id not in known:
        known[task.id] = items(task, ACCEPTANCE)
    return known[task.id]


def filler_criteria(ctx: Context) -> Iterator[Finding]:
    for task in ctx.pilot.by_id.values():  # a duplicate id is PK-T007's
        criteria = _criteria(ctx, task)
        if not criteria:
            continue  # PK-T012 says it
        why = _not_checkable(task, criteria, ctx.options)
        if why:
            message, hint = why
            yield finding("PK-T019", task.path, criteria[0][0], f"{task.id}'s {message}", hint)


def _not_checkable(
    task: Task, criteria: list[tuple[int, str]], options: Options
) -> tuple[str, str] | None:
    """What is wrong with CRITERIA as a whole (message, hint), or None when one is checkable."""
    if all(signals.filler(text, line, options.filler) for line, text in criteria):
        first = signals.filler(criteria[0][1], criteria[0][0], options.filler)[0]
        return (
            f"acceptance criteria are the template's placeholder ({first.text})",
            _CHECKABLE_HINT,
        )
    steps = items(task, "Steps")
    copies = []
    for _, text in criteria if steps else ():
        copy = signals.restated(text, steps)
        if copy is None:
            break
        copies.append(copy)
    if steps and len(copies) == len(criteria):
        lines = ", ".join(str(copy.line) for copy in copies)
        return (
            f"acceptance criteria only say its steps again (lines {lines})",
            "say how a reviewer knows the steps worked, not the steps: " + _CHECKABLE_HINT,
        )
    verbs = options.observable_verbs
    if not any(signals.checkable(text, line, verbs) for line, text in criteria):
        count = len(criteria)
        return (
            f"{'acceptance criterion has' if count == 1 else f'{count} acceptance criteria have'}"
            " nothing a reviewer can check: no number, status code, quoted message, named "
            "test or observable verb",
            _CHECKABLE_HINT,
        )
    return None


def task_without_requirement(ctx: Context) -> Iterator[Finding]:
    if not any(req.id for req in ctx.pilot.requirements):
        return  # PK-S001 (or PK-S002) says it once
    for task in ctx.pilot.by_id.values():  # a duplicate id is PK-T007's
        if task.control:
            continue  # the engineer builds a control by hand: no agent waits for its spec
        if task.requirements or "requirements" not in task.lines or explained(task):
            continue
        yield finding(
            "PK-T020",
            task.path,
            task.line("requirements"),
            f"{task.id} covers no requirement: an agent handed it gets no spec",
            "add the ids of the requirements it implements to `requirements`; for work every "
            "requirement needs (a CI job, shared fixtures), keep `requirements: []` and say "
            "why on a line of its `## Context` that starts with `No requirement:`",
        )


def explained(task: Task) -> bool:
    """Whether the task's `## Context` says why it covers no requirement, in three words
    or more after `No requirement:`."""
    found = task.section_at("Context")
    for _, line in signals.blocks(found[1]) if found else ():
        match = _NO_REQUIREMENT.match(line)
        if match and len(match.group(1).split()) >= 3:
            return True
    return False


def oversized_tasks(ctx: Context) -> Iterator[Finding]:
    options = ctx.options
    hours = parallelism.hours(ctx)
    for task in ctx.pilot.by_id.values():  # a duplicate id is PK-T007's
        if task.status == "done" or task.control:
            continue  # a control is the engineer's, by hand: these limits are an agent's
        if "files" in task.lines and not task.files:
            yield finding(
                "PK-T021",
                task.path,
                task.line("files"),
                f"{task.id} names no files: an agent cannot tell what it may change, and "
                "overlaps with tasks running beside it go unseen",
                "list the files or globs it may change under `files`; if that is most of the "
                "repository, split it",
            )
        over = _over(task, hours.get(task.id), _criteria(ctx, task), options)
        if over:
            line = over[0][0]
            numbers = ", ".join(text for _, text in over)
            yield finding(
                "PK-T021",
                task.path,
                line,
                f"{task.id} is too big for one agent: {numbers}; split it",
                "split it into tasks one agent finishes in one pull request; the limits are "
                "`max_task_hours`, `max_task_criteria` and `max_task_files` under `check:` "
                "in .pilotkit.yaml",
            )


def _over(
    task: Task, hours: float | None, criteria: list[tuple[int, str]], options: Options
) -> list[tuple[int, str]]:
    """(line, what) for each limit TASK passes: its hours, its criteria, its files."""
    found = []
    if hours is not None and hours > options.max_task_hours:
        line = task.line("estimate_hours") if "estimate_hours" in task.lines else task.line("id")
        found.append((line, f"{hours:g} hours by hand (over {options.max_task_hours:g})"))
    if len(criteria) > options.max_task_criteria:
        limit = options.max_task_criteria
        found.append((criteria[0][0], f"{len(criteria)} acceptance criteria (over {limit})"))
    if len(task.files) > options.max_task_files:
        limit = options.max_task_files
        found.append((task.line("files"), f"{len(task.files)} `files` entries (over {limit})"))
    return found


RULES = (
    Rule(
        "PK-T019",
        ERROR,
        "a task's acceptance criteria are filler: template text, its steps again, or "
        "nothing checkable",
        filler_criteria,
    ),
    Rule("PK-T020", WARNING, "a task covers no requirement", task_without_requirement),
    Rule("PK-T021", WARNING, "a task is too big for one agent, or names no files", oversized_tasks),
)
