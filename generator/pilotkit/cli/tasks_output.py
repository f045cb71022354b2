"""How `pilotkit tasks` shows its results on a terminal (text; JSON is printed as is)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pilotkit.cli import color, comma_separated
from pilotkit.commands.tasks.add import NewTask
from pilotkit.commands.tasks.query import TaskRow
from pilotkit.errors import PilotkitError
from pilotkit.findings import Finding
from pilotkit.pilot.plan import Plan

TITLE_WIDTH = 48
_STATUS_COLOURS = {"done": "32", "claimed": "33", "in-review": "36", "blocked": "31"}


def warn_findings(findings: Sequence[Finding]) -> None:
    """One line on stderr when some files could not be read (they are left out)."""
    if findings:
        first = findings[0]
        more = f" and {len(findings) - 1} more" if len(findings) > 1 else ""
        print(
            f"pilotkit: warning: {first.location()}: {first.message}{more}; "
            "run `pilotkit check` (tasks it cannot read are left out)",
            file=sys.stderr,
        )


def table(rows: Sequence[TaskRow]) -> None:
    if not rows:
        print("No task matches.")
        return
    _print_rows(
        ["ID", "TITLE", "STATUS", "ASSIGNEE", "WAVE"],
        [[r.id, _short(r.title), r.status, r.assignee or "-", str(r.wave or "-")] for r in rows],
        status_column=2,
    )


def ready(rows: Sequence[TaskRow]) -> None:
    if not rows:
        print("No task is ready to start: every todo task waits for a dependency.")
        return
    print("Ready to start, best first (the most work waits behind the first):")
    _print_rows(
        ["ID", "TITLE", "WAVE", "HOURS", "NOTE"],
        [[r.id, _short(r.title), str(r.wave or "-"), _hours(r.hours), r.note or ""] for r in rows],
    )
    print(f"\nTake one: pilotkit tasks claim {rows[0].id} --as NAME")


def graph(plan: Plan) -> None:
    tasks = len(plan.pilot.by_id)
    path = " → ".join(plan.critical_path)
    print(
        f"{tasks} tasks in {len(plan.waves)} waves. "
        f"Critical path: {plan.critical_hours:g} h ({path}). "
        f"Max useful parallelism: {plan.parallelism}."
    )
    critical = set(plan.critical_path)
    rows = {
        task.id: [
            task.id + ("*" if task.id in critical else ""),
            _short(task.title),
            _hours(plan.hours.get(task.id)),
            task.status,
        ]
        for task in plan.tasks
    }
    widths = _widths(list(rows.values()))
    for number, wave in enumerate(plan.waves, start=1):
        hours = sum(plan.hours.get(task_id, 0.0) for task_id in wave)
        print(f"\nWave {number}: {len(wave)} task{'s' if len(wave) != 1 else ''}, {hours:g} h")
        _print_rows(None, [rows[t] for t in wave], status_column=3, indent="  ", widths=widths)
    print("\n* on the critical path (the longest chain of estimated hours)")


def new_task(args: argparse.Namespace) -> NewTask:
    """The new task from the flags, asking for the rest on a terminal when --title is missing."""
    given = NewTask(
        title=args.title or "",
        depends_on=comma_separated(args.depends_on),
        requirements=comma_separated(args.requirement),
        files=tuple(args.file),
        hours=args.hours,
        context=args.context,
        criteria=tuple(args.criterion),
    )
    if args.title:
        return given
    if not interactive():
        raise PilotkitError("give --title (and --file, --depends-on …), or run in a terminal")
    return _interview(args, given)


def interactive() -> bool:
    """Whether a person can answer questions here (both ends are a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _interview(args: argparse.Namespace, given: NewTask) -> NewTask:
    from pilotkit.commands.tasks.add import offer
    from pilotkit.interview.task import ask_task

    return ask_task(offer(args.pilot), given)


def _print_rows(
    headers: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    status_column: int | None = None,
    indent: str = "",
    widths: Sequence[int] | None = None,
) -> None:
    every = [list(headers)] if headers else []
    every += [list(row) for row in rows]
    widths = widths or _widths(every)
    for index, row in enumerate(every):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        if status_column is not None and (index or not headers):
            code = _STATUS_COLOURS.get(row[status_column].strip())
            if code:
                cells[status_column] = color(cells[status_column], code)
        print((indent + "  ".join(cells)).rstrip())


def _widths(rows: Sequence[Sequence[str]]) -> list[int]:
    return [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"


def _hours(hours: float | None) -> str:
    return f"{hours:g} h" if hours is not None else "-"
