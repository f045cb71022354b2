"""A tracker's export read back: each issue's state, assignee and labels, with its line.

Two shapes are read: the JSON of `gh issue list --json number,state,assignees,closedAt`
(a list; `stateReason`, `title`, `labels` and `url` are used when present) and a Jira
search export (`{"issues": [{"key": …, "fields": {"status": …, "assignee": …}}]}`).
Anything else is refused with the file, the line and the shape expected.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.pilot import textfiles

GH_SHAPE = "the JSON of `gh issue list --json number,state,assignees,closedAt`"
JIRA_SHAPE = 'a Jira search export (`{"issues": [{"key": …, "fields": {…}}]}`)'
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Issue:
    """One issue as the tracker says it is now; TARGET is the task state it asks for."""

    key: int | str  # 12 (GitHub) or PILOT-12 (Jira)
    line: int
    target: str | None  # claimed, in-review, done, dropped, or None: no move
    assignee: str | None
    labels: tuple[str, ...] = ()
    title: str = ""
    url: str | None = None
    closed_at: str | None = None

    @property
    def ref(self) -> str:
        return f"#{self.key}" if isinstance(self.key, int) else self.key


class ShapeError(PilotkitError):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}; give {GH_SHAPE}, or {JIRA_SHAPE}")


def read(path: Path) -> tuple[str, list[Issue]]:
    """The tracker (`github` or `jira`) and the issues of the export at PATH."""
    try:
        raw = textfiles.read_bytes(path)
    except OSError as err:
        raise PilotkitError(
            f"--from {path}: {(err.strerror or str(err)).lower()}; give the export file"
        ) from None
    if len(raw) > MAX_BYTES:
        raise PilotkitError(f"--from {path}: is {len(raw):,} bytes; export fewer issues")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ShapeError(f"{path}:1", "is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise ShapeError(f"{path}:{err.lineno}", f"is not JSON ({err.msg})") from None
    except RecursionError:
        raise ShapeError(f"{path}:1", "nests too deep") from None
    if isinstance(data, list):
        lines = _item_lines(text, text.index("["))
        return "github", [
            _gh(item, f"{path}:{line}", line) for item, line in zip(data, lines, strict=True)
        ]
    if isinstance(data, dict) and isinstance(data.get("issues"), list):
        start = re.search(r'"issues"\s*:\s*\[', text)
        lines = _item_lines(text, start.end() - 1) if start else [1] * len(data["issues"])
        issues = data["issues"]
        return "jira", [
            _jira(item, f"{path}:{line}", line) for item, line in zip(issues, lines, strict=True)
        ]
    raise ShapeError(f"{path}:1", "is neither a list of issues nor an object with `issues`")


def _item_lines(text: str, start: int) -> list[int]:
    """The line on which each element of the JSON array opening at START begins."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    index = start + 1
    while True:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        if index >= len(text) or text[index] == "]":
            return lines
        lines.append(text.count("\n", 0, index) + 1)
        _, index = decoder.raw_decode(text, index)


def _gh(item: Any, where: str, line: int) -> Issue:
    if not isinstance(item, dict):
        raise ShapeError(where, "an issue must be an object")
    number, state = item.get("number"), item.get("state")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise ShapeError(where, "an issue has no `number`")
    if not isinstance(state, str) or state.upper() not in ("OPEN", "CLOSED"):
        raise ShapeError(where, f"issue #{number} has no `state` OPEN or CLOSED")
    people = item.get("assignees") or []
    logins = (
        [p.get("login") for p in people if isinstance(p, dict)] if isinstance(people, list) else []
    )
    assignee = next((login for login in logins if isinstance(login, str) and login), None)
    target: str | None = None
    if state.upper() == "CLOSED":
        reason = str(item.get("stateReason") or "").upper()
        target = "dropped" if reason in ("NOT_PLANNED", "DUPLICATE") else "done"
    elif assignee:
        target = "claimed"
    names = [
        label.get("name") if isinstance(label, dict) else label
        for label in item.get("labels") or []
    ]
    return Issue(
        key=number,
        line=line,
        target=target,
        assignee=assignee,
        labels=tuple(name for name in names if isinstance(name, str)),
        title=str(item.get("title") or ""),
        url=item.get("url") if isinstance(item.get("url"), str) else None,
        closed_at=item.get("closedAt") if isinstance(item.get("closedAt"), str) else None,
    )


def _jira(item: Any, where: str, line: int) -> Issue:
    fields = item.get("fields") if isinstance(item, dict) else None
    key = item.get("key") if isinstance(item, dict) else None
    if (
        not isinstance(key, str)
        or not re.fullmatch(r"[A-Z][A-Z0-9_]*-\d+", key)
        or not isinstance(fields, dict)
    ):
        raise ShapeError(where, "a Jira issue needs `key` (PILOT-12) and `fields`")
    status = _mapping(fields.get("status"))
    name = str(status.get("name") or "")
    category = _mapping(status.get("statusCategory"))
    assignee = _jira_person(fields.get("assignee"))
    target: str | None = None
    if category.get("key") == "done":
        target = "done"
    elif "review" in name.lower():
        target = "in-review"
    elif category.get("key") == "indeterminate" and assignee:
        target = "claimed"
    self_url = item.get("self")
    base = re.match(r"(https?://[^/]+)/", self_url) if isinstance(self_url, str) else None
    labels = fields.get("labels")
    labels = labels if isinstance(labels, list) else []
    return Issue(
        key=key,
        line=line,
        target=target,
        assignee=assignee,
        labels=tuple(label for label in labels if isinstance(label, str)),
        title=str(fields.get("summary") or ""),
        url=f"{base.group(1)}/browse/{key}" if base else None,
        closed_at=fields.get("resolutiondate")
        if isinstance(fields.get("resolutiondate"), str)
        else None,
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _jira_person(person: Any) -> str | None:
    """One word for a Jira user: the user name, the e-mail's name, or the display name."""
    if not isinstance(person, dict):
        return None
    email = person.get("emailAddress")
    for value in (
        person.get("name"),
        email.split("@")[0] if isinstance(email, str) else None,
        person.get("displayName"),
    ):
        if isinstance(value, str) and value.strip():
            return "-".join(value.split())
    return None
