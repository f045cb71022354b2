"""Task files: `tasks/T01-<slug>.md`, YAML front matter plus a Markdown body.

Parsing never raises on bad content: it returns the task it could read (or None) and a
finding for every problem, each with its line. Rules raised here:

- PK-T001 the file cannot be read as UTF-8 text, or has no front matter;
- PK-T002 the front matter is not valid YAML (or not a mapping);
- PK-T003 a front matter field is missing or has the wrong type or value;
- PK-T004 a front matter field is not one pilotkit knows (warning);
- PK-T005 the file name does not start with the task id (warning).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from pilotkit.findings import Finding, Severity, finding
from pilotkit.numbers import is_number
from pilotkit.pilot import frontmatter, markdown
from pilotkit.yaml import YamlError, read_located

STATUSES = ("todo", "claimed", "in-review", "done", "blocked")
TASK_ID = re.compile(r"^T\d{2,}$")
REQUIRED = ("id", "title", "status", "depends_on", "requirements", "files", "assignee", "branch")
OPTIONAL = ("claimed_at", "blocked_reason", "estimate_hours")
MAX_BYTES = 1_000_000
_HINT_FIELDS = "front matter needs: " + ", ".join(REQUIRED)


@dataclass(frozen=True)
class Task:
    """One task as written in its file; `lines` maps each front matter field to its line."""

    id: str
    title: str
    status: str
    depends_on: tuple[str, ...]
    requirements: tuple[str, ...]
    files: tuple[str, ...]
    assignee: str | None
    branch: str | None
    path: str
    lines: Mapping[str, int] = field(default_factory=dict)
    item_lines: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def item_line(self, key: str, index: int) -> int:
        lines = self.item_lines.get(key, ())
        return lines[index] if index < len(lines) else self.line(key)

    @property
    def claimed_at(self) -> str | None:
        """When the task was claimed (ISO 8601, as written), or None."""
        return _when(self.extra.get("claimed_at"))

    @property
    def blocked_reason(self) -> str | None:
        value = self.extra.get("blocked_reason")
        return " ".join(value.split()) or None if isinstance(value, str) else None

    @property
    def estimate_hours(self) -> float | None:
        """Hours written in the task itself (`tasks add` after the estimate was frozen)."""
        return hours(self.extra.get("estimate_hours"))

    def section(self, title: str) -> str:
        """The text under the `## TITLE` heading of the body, in any case ('' when absent)."""
        wanted = title.casefold()
        return next((text for name, text in self.sections.items() if name.casefold() == wanted), "")

    @cached_property
    def sections(self) -> Mapping[str, str]:
        """The body's `## ` sections by title (the first of a repeated title wins), each
        without its heading; a `##` line inside fenced code is not a heading."""
        found: dict[str, str] = {}
        for part in markdown.sections(self.body, level=2)[1]:
            if part.level == 2:
                found.setdefault(part.title, part.text.partition("\n")[2].strip())
        return found


def hours(value: Any) -> float | None:
    """VALUE as a number of hours (finite, 0 or more), or None when it is not one."""
    if is_number(value, least=0):
        return float(value)
    return None


def parse(path: str, raw: bytes) -> tuple[Task | None, list[Finding]]:
    """Read one task file (PATH relative to the pilot, RAW its bytes)."""
    if len(raw) > MAX_BYTES:
        return None, [
            _error("PK-T001", path, 1, f"is {len(raw):,} bytes", "keep a task file small")
        ]
    if b"\0" in raw:
        return None, [_error("PK-T001", path, 1, "is a binary file", "remove it from tasks/")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [_error("PK-T001", path, line, "is not UTF-8 text", "save it as UTF-8")]
    split = frontmatter.split(text)
    if split.yaml is None:
        return None, [
            _error(
                "PK-T001",
                path,
                1,
                "has no front matter",
                "start the file with a `---` line, the fields, and another `---` line",
            )
        ]
    if split.unclosed:
        hint = "close the front matter with a `---` line"
        return None, [_error("PK-T002", path, 1, "front matter is never closed", hint)]
    try:
        located = read_located(split.yaml, path, split.yaml_line)
    except YamlError as err:
        hint = "fix the YAML between the `---` lines"
        return None, [_error("PK-T002", path, err.line or 1, err.problem, hint)]
    if not isinstance(located.data, dict):
        hint = "write one `field: value` per line"
        return None, [
            _error("PK-T002", path, split.yaml_line, "front matter is not a mapping", hint)
        ]
    return _build(path, located, split)


def _build(path: str, located: Any, split: frontmatter.Split) -> tuple[Task | None, list[Finding]]:
    data: dict[str, Any] = located.data
    first = split.yaml_line
    problems = _field_problems(path, located, first)

    def line(key: str) -> int:
        return int(located.line(key, first))

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(_error("PK-T003", path, line(key), message, hint))

    task_id = _text(data.get("id"))
    if "id" in data and not (task_id and TASK_ID.match(task_id)):
        bad("id", f"id {data.get('id')!r} is not a task id", "use T followed by digits, e.g. T07")
    title = _text(data.get("title"))
    if "title" in data and not title:
        bad("title", "title is empty", "give the task a short title")
    status = _text(data.get("status"))
    if "status" in data and status not in STATUSES:
        bad(
            "status",
            f"status {data.get('status')!r} is unknown",
            "use one of " + ", ".join(STATUSES),
        )
    lists = {}
    for key in ("depends_on", "requirements", "files"):
        lists[key], valid = _strings(data.get(key))
        if not valid:
            bad(key, f"`{key}` must be a list of non-empty strings", f"write `{key}: [A, B]`")
    for key in ("assignee", "branch"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            bad(key, f"`{key}` must be a name or null", f"write `{key}: null` or `{key}: name`")

    name = Path(path).name
    if task_id and TASK_ID.match(task_id) and not _named_after(name, task_id):
        problems.append(
            finding(
                "PK-T005",
                path,
                line("id"),
                f"file name {name} does not start with its id {task_id}",
                f"rename the file to {task_id}-<slug>.md",
                severity=Severity.WARNING,
            )
        )
    if not task_id or not TASK_ID.match(task_id):
        return None, problems
    task = Task(
        id=task_id,
        title=title or "",
        status=status if status in STATUSES else "todo",
        depends_on=lists["depends_on"],
        requirements=lists["requirements"],
        files=lists["files"],
        assignee=_text(data.get("assignee")) or None,
        branch=_text(data.get("branch")) or None,
        path=path,
        lines=dict(located.key_lines),
        item_lines=dict(located.item_lines),
        extra={k: v for k, v in data.items() if k in OPTIONAL},
        body=split.body,
        body_line=split.body_line,
    )
    return task, problems


def _field_problems(path: str, located: Any, first: int) -> list[Finding]:
    """The front matter's fields given twice, missing (errors) or unknown (warnings)."""
    data: dict[str, Any] = located.data
    problems = [
        _error("PK-T003", path, repeat, f"`{key}` is given twice", "keep one")
        for key, repeat in located.duplicates
    ]
    problems += [
        _error("PK-T003", path, first, f"`{key}` is missing", _HINT_FIELDS)
        for key in REQUIRED
        if key not in data
    ]
    problems += [
        finding(
            "PK-T004",
            path,
            int(located.line(key, first)),
            f"unknown field `{key}`",
            "remove it or check its spelling; known fields: " + ", ".join((*REQUIRED, *OPTIONAL)),
            severity=Severity.WARNING,
        )
        for key in data
        if key not in REQUIRED and key not in OPTIONAL
    ]
    return problems


def _strings(value: Any) -> tuple[tuple[str, ...], bool]:
    """A list field's strings, stripped (absent or null: none), and whether VALUE is a list
    of non-empty strings; of a list that is not, the strings in it are kept."""
    if value is None:
        return (), True
    if not isinstance(value, list):
        return (), False
    kept = tuple(v.strip() for v in value if isinstance(v, str))
    return kept, len(kept) == len(value) and all(kept)


def _named_after(name: str, task_id: str) -> bool:
    """Whether the file NAME starts with TASK_ID (not a longer id: T1 is not T10)."""
    rest = name[len(task_id) :]
    return name.startswith(task_id) and not rest[:1].isdigit()


def _when(value: Any) -> str | None:
    if isinstance(value, datetime | date):  # written without quotes, YAML reads a timestamp
        return value.isoformat().replace("+00:00", "Z")
    return value.strip() or None if isinstance(value, str) else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _error(rule: str, path: str, line: int, message: str, hint: str) -> Finding:
    return finding(rule, path, line, message, hint)
