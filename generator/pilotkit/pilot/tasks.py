"""Task files: `tasks/T01-<slug>.md`, YAML front matter plus a Markdown body.

Parsing never raises on bad content: it returns the task it could read (or None) and a
finding for every problem, each with its line. Rules raised here:

- PK-T001 the file cannot be read as UTF-8 text, or has no front matter;
- PK-T002 the front matter is not valid YAML (or not a mapping);
- PK-T003 a front matter field is missing or has the wrong type or value;
- PK-T004 a front matter field is not one pilotkit knows (warning);
- PK-T005 the file name does not start with the task id (warning).

`source` says where an imported task came from (`pilotkit import`); `issue` and
`issue_url` name the tracker issue it was exported to (`pilotkit tasks export`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
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
# Who builds a task: the agents (the default), or the engineer by hand, as a control that
# measures the hand estimate's bias (actual hand hours against estimated hours).
MODES = ("agent", "hand")
TASK_ID = re.compile(r"^T\d{2,}$")
REQUIRED = ("id", "title", "status", "depends_on", "requirements", "files", "assignee", "branch")
OPTIONAL = (
    "claimed_at",
    "blocked_reason",
    "estimate_hours",
    "mode",
    "source",
    "issue",
    "issue_url",
)
SOURCE_KEYS = ("tracker", "key", "url")  # `source:` of a task made from a tracker ticket
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
    def mode(self) -> str:
        """`hand` for a control task the engineer builds by hand, else `agent`."""
        return "hand" if self.extra.get("mode") == "hand" else "agent"

    @property
    def control(self) -> bool:
        return self.mode == "hand"

    @property
    def estimate_hours(self) -> float | None:
        """Hours written in the task itself (`tasks add` after the estimate was frozen)."""
        return hours(self.extra.get("estimate_hours"))

    @property
    def issue(self) -> int | str | None:
        """The tracker issue the task was exported to: a number (GitHub) or a key (Jira)."""
        value = self.extra.get("issue")
        if isinstance(value, bool):
            return None
        return value if isinstance(value, int | str) and _tracker_value("issue", value) else None

    @property
    def issue_url(self) -> str | None:
        value = self.extra.get("issue_url")
        return value if isinstance(value, str) and _tracker_value("issue_url", value) else None

    def section(self, title: str) -> str:
        """The text under the `## TITLE` heading of the body, in any case ('' when absent)."""
        wanted = title.casefold()
        return next((text for name, text in self.sections.items() if name.casefold() == wanted), "")

    def section_at(self, title: str) -> tuple[int, str] | None:
        """The file line of the body's `## TITLE` heading and the section's text from that
        heading on (heading included), or None; the first of a repeated title wins."""
        return self._located_sections.get(title)

    @cached_property
    def _located_sections(self) -> Mapping[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        for part in markdown.sections(self.body, level=2)[1]:
            if part.level == 2:
                found.setdefault(part.title, (self.body_line + part.line - 1, part.text))
        return found

    @cached_property
    def sections(self) -> Mapping[str, str]:
        """The body's `## ` sections by title (the first of a repeated title wins), each
        without its heading; a `##` line inside fenced code is not a heading."""
        return {
            title: text.partition("\n")[2].strip()
            for title, (_, text) in self._located_sections.items()
        }


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
    problems.extend(_mode_problems(path, data, line))
    lists = {}
    for key in ("depends_on", "requirements", "files"):
        lists[key], valid = _strings(data.get(key))
        if not valid:
            bad(key, f"`{key}` must be a list of non-empty strings", f"write `{key}: [A, B]`")
    problems.extend(_source_problems(path, data, line))
    for key in ("assignee", "branch"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            bad(key, f"`{key}` must be a name or null", f"write `{key}: null` or `{key}: name`")
    _check_tracker(data, bad)

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


def _source_problems(path: str, data: Mapping[str, Any], line: Any) -> list[Finding]:
    """A finding when `source` is neither a line of text (`import`: tool, file, line and
    the source's id) nor some of tracker, key and url, each a text (`backlog to-task`)."""
    if "source" not in data or _source_value(data["source"]):
        return []
    message = "`source` must be a line of text or map tracker, key and url to texts"
    hint = (
        "write where the task came from, e.g. `source: {tracker: jira, key: SHOP-6}`, or remove it"
    )
    return [_error("PK-T003", path, line("source"), message, hint)]


def _source_value(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return bool(value.strip())
    return (
        isinstance(value, dict)
        and bool(value)
        and all(k in SOURCE_KEYS and isinstance(v, str) for k, v in value.items())
    )


def _mode_problems(path: str, data: dict[str, Any], line: Any) -> list[Finding]:
    if "mode" not in data or data["mode"] in MODES:
        return []
    hint = "use `mode: hand` for a control task built by hand, or leave `mode` out"
    return [_error("PK-T003", path, line("mode"), f"mode {data['mode']!r} is unknown", hint)]


# The tracker fields: what each must hold, and the fix when it does not.
_TRACKER_FIELDS = (
    (
        "issue",
        "`issue` must be an issue number or key",
        "write the number (`issue: 12`) or the key (`issue: PILOT-12`), or remove it",
    ),
    ("issue_url", "`issue_url` must be a web address", "write the issue's https:// address"),
)


def _check_tracker(data: Mapping[str, Any], bad: Callable[[str, str, str], None]) -> None:
    for key, message, hint in _TRACKER_FIELDS:
        if key in data and not _tracker_value(key, data[key]):
            bad(key, message, hint)


def _tracker_value(key: str, value: Any) -> bool:
    """Whether VALUE is what the tracker field KEY holds (null counts as absent)."""
    if value is None:
        return True
    if key == "issue":
        number = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return number or (
            isinstance(value, str) and bool(re.fullmatch(r"[A-Z][A-Z0-9_]*-\d+", value))
        )
    if key == "issue_url":
        return isinstance(value, str) and bool(re.match(r"https?://\S+$", value))
    return isinstance(value, str) and bool(value.strip())


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
