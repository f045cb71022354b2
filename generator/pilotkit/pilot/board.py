"""BOARD.md, the pilot's coordination point: who holds what, what is ready, what is blocked.

`render(pilot)` is a pure function of the task files and `metrics/estimate.yaml`: the
same files give the same bytes, with no clock in it (the only times shown are the
`claimed_at` values written in the files). So a linter tells a stale board with

    reason = board.stale_reason(pilot)
    if reason: report finding(RULE, board.PATH, None, reason, board.HINT)

`pilotkit tasks board` writes it; agents never do (they commit their task file alone,
so parallel agents do not conflict on this shared file).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pilotkit.pilot import graph, plan, textfiles
from pilotkit.pilot.load import Pilot
from pilotkit.pilot.plan import Conflict, Plan
from pilotkit.pilot.tasks import Task

PATH = "BOARD.md"
HINT = "run `pilotkit tasks board` and commit BOARD.md"
DASH = "—"


def render(pilot: Pilot) -> str:
    """The text of BOARD.md for PILOT."""
    the_plan = plan.make(pilot)
    ready = the_plan.ready()
    name = str(pilot.answers.get("pilot_name") or Path(pilot.root).name)
    parts = [
        f"# Board: {name}\n",
        "<!-- Written by `pilotkit tasks board` from tasks/ and metrics/estimate.yaml. "
        "Do not edit it: run the command again after any task changes. -->\n",
        _summary(the_plan, len(ready)),
        _holding(the_plan),
        _ready(the_plan, ready),
        _blocked(the_plan),
        _waves(the_plan),
        _problems(the_plan),
    ]
    return "\n".join(part for part in parts if part)


def stale_reason(pilot: Pilot) -> str | None:
    """Why BOARD.md does not show the task files as they are now, or None when it does.

    A pilot without BOARD.md is not stale: the board appears with the first
    `pilotkit tasks board`. Line endings do not count (git may convert them).
    """
    path = Path(pilot.root) / PATH
    try:
        written = textfiles.read_text(path)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return f"{PATH} cannot be read as UTF-8 text"
    if written.replace("\r\n", "\n") == render(pilot):
        return None
    return f"{PATH} does not match the task files (it was not rebuilt after a change)"


def _summary(the_plan: Plan, ready: int) -> str:
    tasks = the_plan.tasks
    counts = {status: sum(t.status == status for t in tasks) for status in _STATUSES}
    active = counts["claimed"] + counts["in-review"]
    done_hours = sum(the_plan.hours.get(t.id, 0.0) for t in tasks if t.status == "done")
    total_hours = sum(the_plan.hours.get(t.id, 0.0) for t in tasks)
    lines = [
        f"**{counts['done']} of {len(tasks)} tasks done** ({_percent(counts['done'], len(tasks))}"
        f", {_hours(done_hours)} of {_hours(total_hours)} estimated) · {active} in progress · "
        f"{counts['blocked']} blocked · {ready} ready to start",
    ]
    if the_plan.critical_path:
        path = " → ".join(the_plan.critical_path)
        lines.append(f"Critical path: {_hours(the_plan.critical_hours)} ({path}).")
    lines.append(
        f"{len(the_plan.waves)} waves; at most {the_plan.parallelism} tasks can usefully run "
        "at once."
    )
    return "\n\n".join(lines) + "\n"


def _holding(the_plan: Plan) -> str:
    held = [t for t in the_plan.tasks if t.status in ("claimed", "in-review")]
    rows = [
        [
            _link(t),
            _cell(t.title),
            t.status,
            _cell(t.assignee) or DASH,
            _cell(t.claimed_at) or DASH,
            _code(t.branch) or DASH,
        ]
        for t in held
    ]
    headers = ["task", "title", "status", "held by", "since", "branch"]
    return _section("In progress", headers, rows, "Nobody holds a task.")


def _ready(the_plan: Plan, ready: Sequence[tuple[Task, Conflict | None]]) -> str:
    critical = set(the_plan.critical_path)
    rows = []
    for task, conflict in ready:
        notes = ["on the critical path"] if task.id in critical else []
        if conflict:
            holder = conflict.other.assignee or "someone"
            notes.append(f"waits: files overlap {conflict.other.id} ({_cell(holder)})")
        note = _cell("; ".join(notes)) or DASH
        rows.append(
            [
                _link(task),
                _cell(task.title),
                _wave(the_plan, task),
                _task_hours(the_plan, task),
                note,
            ]
        )
    headers = ["task", "title", "wave", "hours", "note"]
    return _section("Ready to start", headers, rows, "No task is ready to start.")


def _blocked(the_plan: Plan) -> str:
    rows = [
        [_link(t), _cell(t.title), _cell(t.assignee) or DASH, _cell(t.blocked_reason) or DASH]
        for t in the_plan.tasks
        if t.status == "blocked"
    ]
    return _section("Blocked", ["task", "title", "held by", "why"], rows, "Nothing is blocked.")


def _waves(the_plan: Plan) -> str:
    by_id = the_plan.pilot.by_id
    summary, details = [], []
    for number, members in enumerate(the_plan.waves, start=1):
        tasks = [by_id[task_id] for task_id in members]
        done = sum(t.status == "done" for t in tasks)
        summary.append(
            [
                str(number),
                str(len(tasks)),
                str(done),
                str(sum(t.status in ("claimed", "in-review") for t in tasks)),
                str(sum(t.status == "blocked" for t in tasks)),
                _hours(sum(the_plan.hours.get(t.id, 0.0) for t in tasks)),
                f"{_bar(done, len(tasks))} {_percent(done, len(tasks))}",
            ]
        )
        rows = [
            [
                _link(t),
                _cell(t.title),
                t.status,
                _cell(t.assignee) or DASH,
                _task_hours(the_plan, t),
            ]
            for t in tasks
        ]
        details.append(
            _section(
                f"Wave {number}", ["task", "title", "status", "held by", "hours"], rows, "", level=3
            )
        )
    headers = ["wave", "tasks", "done", "in progress", "blocked", "hours", "progress"]
    return (
        _section("Waves", headers, summary, "No wave: no task can start.")
        + "\n"
        + "\n".join(details)
    )


def _problems(the_plan: Plan) -> str:
    lines = []
    if the_plan.cycle:
        lines.append(
            f"- A {graph.describe_cycle(the_plan.cycle)} keeps its tasks "
            "(and those that wait on them) out of every wave."
        )
    unread = sorted({f.path for f in the_plan.pilot.findings if f.path.startswith("tasks/")})
    if unread:
        lines.append(
            f"- {len(unread)} file(s) in tasks/ have problems: {', '.join(unread)}; "
            "run `pilotkit check`."
        )
    return "## Problems\n\n" + "\n".join(lines) + "\n" if lines else ""


_STATUSES = ("todo", "claimed", "in-review", "done", "blocked")


def _section(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    empty: str,
    level: int = 2,
) -> str:
    body = list(rows)
    heading = f"{'#' * level} {title}\n\n"
    if not body:
        return heading + f"{empty}\n"
    lines = [_row(headers), _row(["---"] * len(headers)), *(_row(row) for row in body)]
    return heading + "\n".join(lines) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cell(text: str | None) -> str:
    """TEXT safe inside a table cell: one line, pipes escaped."""
    if not text:
        return ""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def _link(task: Task) -> str:
    return f"[{task.id}]({task.path})"


def _code(text: str | None) -> str:
    return f"`{text}`" if text and "`" not in text else _cell(text)


def _wave(the_plan: Plan, task: Task) -> str:
    wave = the_plan.wave(task.id)
    return str(wave) if wave else DASH


def _task_hours(the_plan: Plan, task: Task) -> str:
    hours = the_plan.hours.get(task.id)
    return _number(hours) if hours is not None else DASH


def _hours(hours: float) -> str:
    return f"{_number(hours)} h"


def _number(value: float) -> str:
    return f"{value:g}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole) if whole else 0}%"


def _bar(part: int, whole: int, width: int = 10) -> str:
    filled = round(width * part / whole) if whole else 0
    return "▰" * filled + "▱" * (width - filled)
