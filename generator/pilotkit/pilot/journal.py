"""The pilot journal, `metrics/journal.yaml`: engineer sessions and course corrections.

Reading never raises on bad content; every problem is a finding with its line:

- PK-J001 the journal cannot be read, or `entries` is not a list;
- PK-J002 an entry has a missing or malformed field;
- PK-J003 an entry names a task that is not in `tasks/`;
- PK-J004 an entry has a field pilotkit does not know (a warning);
- PK-J005 a correction's `cause` is not one of CAUSES.

A correction's `cause` is optional: journals written before causes existed still load,
and their corrections count as "no cause given".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pilotkit.findings import Finding, Severity, finding
from pilotkit.numbers import is_whole
from pilotkit.pilot import textfiles
from pilotkit.yaml import YamlError, read_located, read_text

JOURNAL = Path("metrics") / "journal.yaml"
KINDS = ("session", "correction")
FIELDS = {
    "session": ("kind", "date", "task", "minutes", "agent", "note"),
    "correction": ("kind", "date", "task", "agent", "what", "minutes", "cause"),
}
# Why a course correction was needed: a small fixed set, so that corrections can be
# counted by cause across tasks and pilots. Each key with the words a report shows.
CAUSES: Mapping[str, str] = {
    "spec-gap": "spec gap",
    "scope": "scope or files",
    "ignored-guideline": "ignored guideline",
    "tool-failure": "wrong tool or MCP failure",
    "failing-tests": "failing tests",
    "rabbit-hole": "rabbit hole",
    "other": "other",
}
# An entry has one date, and nobody spends more than the day on a pilot.
MOST_MINUTES = 24 * 60
_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+)m?)?$")


@dataclass(frozen=True)
class Entry:
    """One journal entry; `text` is a session's note or what a correction was about."""

    kind: str
    date: date
    task: str | None
    minutes: int
    agent: str | None
    text: str | None
    line: int
    cause: str | None = None  # a key of CAUSES; corrections only, None when not given


@dataclass(frozen=True)
class Journal:
    entries: tuple[Entry, ...]
    findings: tuple[Finding, ...]

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def load(root: Path, task_ids: Collection[str]) -> Journal:
    """The journal of the pilot at ROOT (empty when the file does not exist)."""
    path = root / JOURNAL
    shown = str(JOURNAL)
    if not textfiles.present(path):  # a FIFO in its place is a finding, not a hang
        return Journal((), ())
    try:
        located = read_located(read_text(path), shown)
    except YamlError as err:
        hint = "fix the YAML, or restore the file from git"
        return Journal((), (finding("PK-J001", shown, err.line, err.problem, hint),))
    data = located.data if located.data is not None else {}
    items = data.get("entries", []) if isinstance(data, dict) else None
    if items is None and isinstance(data, dict):
        items = []
    if not isinstance(items, list):
        line = located.line("entries", 1)
        hint = "write `entries:` followed by one `- kind: …` item per entry"
        return Journal((), (finding("PK-J001", shown, line, "`entries` is not a list", hint),))
    entries: list[Entry] = []
    problems: list[Finding] = []
    for index, raw in enumerate(items):
        line = located.item_line("entries", index) or 1
        entry, found = parse_entry(raw, line, task_ids)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    return Journal(tuple(entries), tuple(problems))


def parse_entry(
    raw: Any, line: int, task_ids: Collection[str]
) -> tuple[Entry | None, list[Finding]]:
    """Validate one journal entry that starts on LINE."""
    shown = str(JOURNAL)
    problems: list[Finding] = []

    def bad(message: str, hint: str, rule: str = "PK-J002") -> None:
        problems.append(finding(rule, shown, line, message, hint))

    if not isinstance(raw, dict):
        bad("an entry is not a mapping", "write `- kind: session` and the fields below it")
        return None, problems
    kind = raw.get("kind")
    if kind not in KINDS:
        bad(
            f"kind {kind!r} is not session or correction",
            "use `kind: session` or `kind: correction`",
        )
        return None, problems
    when = _date(raw.get("date"))
    if when is None:
        bad(f"date {raw.get('date')!r} is not a date", 'write the day as `date: "2026-12-01"`')
    minutes = parse_minutes(raw.get("minutes"))
    if minutes is None:
        bad(
            f"minutes {raw.get('minutes')!r} is not a duration of at most a day",
            "write whole minutes, e.g. `minutes: 45`",
        )
    task = raw.get("task")
    if task is not None and (not isinstance(task, str) or task not in task_ids):
        known = ", ".join(sorted(task_ids)) or "none"
        bad(
            f"task {task!r} is not a task of this pilot",
            f"use a task id from tasks/ ({known})",
            "PK-J003",
        )
    agent, text = _text(raw.get("agent")), _text(raw.get("note" if kind == "session" else "what"))
    if kind == "correction":
        for rule, message, hint in _correction_problems(raw, task, agent, text):
            bad(message, hint, rule)
    problems += [
        finding(
            "PK-J004",
            shown,
            line,
            f"unknown field `{key}` in a {kind}",
            "known fields: " + ", ".join(FIELDS[kind]),
            severity=Severity.WARNING,
        )
        for key in raw
        if key not in FIELDS[kind]
    ]
    if any(p.severity is Severity.ERROR for p in problems) or when is None or minutes is None:
        return None, problems
    cause = raw.get("cause") if kind == "correction" else None
    return Entry(kind, when, task, minutes, agent, text, line, cause), problems


def _correction_problems(
    raw: dict[str, Any], task: Any, agent: str | None, text: str | None
) -> list[tuple[str, str, str]]:
    """What a correction lacks, or has wrong, as (rule, message, hint)."""
    found = []
    if task is None:
        found.append(("PK-J002", "a correction needs the task it happened on", "add `task: T0N`"))
    if not text:
        hint = "add `what: …` in one line"
        found.append(("PK-J002", "a correction needs `what` went wrong", hint))
    if not agent:
        found.append(
            ("PK-J002", "a correction needs the `agent` that was corrected", "add `agent: NAME`")
        )
    cause = raw.get("cause")
    if cause is not None and cause not in CAUSES:
        found.append(("PK-J005", f"cause {cause!r} is not one pilotkit knows", cause_hint()))
    return found


def cause_hint() -> str:
    """How to write a cause: the keys of CAUSES."""
    return "use one of " + ", ".join(CAUSES) + " (or leave `cause` out)"


def parse_minutes(value: Any) -> int | None:
    """Whole minutes from `45`, `"45m"`, `"1h30m"` or `"1.5h"`; None when it is not a
    duration of at most MOST_MINUTES (a 400-digit number is not one)."""
    if is_whole(value, least=0, most=MOST_MINUTES):
        return value
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value.strip().lower())
    if not match or not any(match.groups()):
        return None
    hours, minutes = match.groups()
    # float() takes any number of digits (int() stops at 4,300); too many give inf.
    total = float(hours or 0) * 60 + float(minutes or 0)
    return round(total) if total <= MOST_MINUTES else None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def totals(entries: list[Entry] | tuple[Entry, ...]) -> Mapping[str | None, tuple[int, int, int]]:
    """Per task (None: pilot-wide): engineer minutes, sessions, course corrections."""
    result: dict[str | None, tuple[int, int, int]] = {}
    for entry in entries:
        minutes, sessions, corrections = result.get(entry.task, (0, 0, 0))
        result[entry.task] = (
            minutes + entry.minutes,
            sessions + (entry.kind == "session"),
            corrections + (entry.kind == "correction"),
        )
    return result
