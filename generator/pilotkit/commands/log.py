"""`pilotkit log session|correction`: append one entry to `metrics/journal.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pilotkit import clock, lock
from pilotkit.errors import PilotkitError, ProblemsError
from pilotkit.pilot import journal, textfiles
from pilotkit.pilot.load import load_pilot
from pilotkit.yaml import append_to_list


@dataclass(frozen=True)
class LogResult:
    """The entry written, where, and the task's running totals."""

    entry: journal.Entry
    path: Path
    task_minutes: int
    task_sessions: int
    task_corrections: int


def log(
    path: Path,
    *,
    kind: str,
    task: str | None,
    minutes: str | int,
    agent: str | None = None,
    text: str | None = None,
    when: str | date | None = None,
    today: date | None = None,
    cause: str | None = None,
) -> LogResult:
    """Append a work session or a course correction to the journal of the pilot at PATH.

    Every problem with the input is reported at once; nothing is written unless all of
    them are fixed.
    """
    pilot = load_pilot(path)
    today = today or clock.today()
    problems: list[str] = []
    if task is not None and task not in pilot.by_id:
        known = ", ".join(pilot.by_id) or "none"
        problems.append(f"--task {task}: no such task in tasks/ (known: {known})")
    spent = journal.parse_minutes(minutes)
    if spent is None or spent <= 0:
        problems.append(
            f"--minutes {minutes}: give a duration of at most a day, such as 45, 45m, 1h30m or 1.5h"
        )
    day = _day(when, today, problems)
    if kind == "correction" and not (text or "").strip():
        problems.append("--what: say in one line what went wrong and how it was corrected")
    if cause is not None and (kind != "correction" or cause not in journal.CAUSES):
        where = journal.cause_hint() if kind == "correction" else "only a correction has a cause"
        problems.append(f"--cause {cause}: {where}")
    if problems or spent is None or day is None:
        raise ProblemsError(problems)
    entry: dict[str, str | int | None] = {"kind": kind, "date": day.isoformat(), "task": task}
    if kind == "session":
        entry |= {"minutes": spent, "agent": agent or None}
        if text:
            entry["note"] = " ".join(text.split())
    else:
        entry |= {"agent": agent, "what": " ".join((text or "").split()), "minutes": spent}
        if cause is not None:
            entry["cause"] = cause
    target = pilot.root / journal.JOURNAL
    # Read, append and write under the pilot's lock: another `log` running now would
    # otherwise write back the journal it read before this entry, and drop it.
    with lock.exclusive(pilot.root):
        if not textfiles.present(target):
            raise PilotkitError(f"{journal.JOURNAL} does not exist; restore it from git")
        line = append_to_list(target, "entries", entry)
        written = journal.load(pilot.root, set(pilot.by_id))
    mine = [e for e in written.entries if e.task == task]
    return LogResult(
        entry=journal.Entry(kind, day, task, spent, agent or None, text, line, cause),
        path=journal.JOURNAL,
        task_minutes=sum(e.minutes for e in mine),
        task_sessions=sum(e.kind == "session" for e in mine),
        task_corrections=sum(e.kind == "correction" for e in mine),
    )


def _day(when: str | date | None, today: date, problems: list[str]) -> date | None:
    if when is None:
        return today
    if isinstance(when, date):
        day = when
    else:
        try:
            day = date.fromisoformat(when)
        except ValueError:
            problems.append(f"--date {when}: give the day as YYYY-MM-DD")
            return None
    if day > today:
        problems.append(f"--date {day}: is in the future; log work once it is done")
        return None
    return day
